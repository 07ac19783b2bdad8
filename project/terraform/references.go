package terraform

import (
	"slices"

	"github.com/sfn-lint/sfn-lint/project"
)

// Reference is what a reference to an attribute of a Terraform resource
// gives: Expr, such as aws_lambda_function.f.arn, and Value, what it
// resolves to (symbolic).
type Reference struct {
	Expr, Value string
}

// References lists what references to the resources of a machine's
// module instance (its Scope) give, for every attribute the identity
// table knows (the ARN, name or URL of each), in the order the files
// declare them: a policy written for the module names a resource by its
// reference rather than by the ARN it resolves to. A scope that is not a
// Terraform module instance has none.
func References(scope any) []Reference {
	m, ok := scope.(*tfModule)
	if !ok {
		return nil
	}
	var out []Reference
	for _, b := range m.blocks {
		if b.kind != "resource" || m.absent(b) {
			continue
		}
		for _, attr := range identityAttrs(b.typ) {
			if v, ok := m.identity(b.typ, b.name, attr, 0); ok {
				out = append(out, Reference{Expr: b.addr() + "." + attr, Value: v})
			}
		}
	}
	return slices.Clip(out)
}

// DataSources lists the data sources of a machine's module instance, as
// "type.name": a policy written for the module reads the Region and
// account from those it declares.
func DataSources(scope any) []string {
	m, ok := scope.(*tfModule)
	if !ok {
		return nil
	}
	var out []string
	for _, b := range m.blocks {
		if b.kind == "data" {
			out = append(out, b.typ+"."+b.name)
		}
	}
	return out
}

func identityAttrs(typ string) []string { return project.IdentityAttrs(project.TFIdentity, typ) }
