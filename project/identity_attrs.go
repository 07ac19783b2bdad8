package project

import (
	"maps"
	"slices"
)

// IdentityAttrs lists, sorted, the attributes of a resource type whose
// value the identity table gives in format f ("" for CloudFormation's
// Ref): what a policy may name the resource by.
func IdentityAttrs(f IdentityFormat, typ string) []string {
	row := identities.byType[f][typ]
	if row == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(row.formats[f].attrs))
}
