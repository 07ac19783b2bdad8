package cfn

import (
	"maps"
	"slices"
)

// SAMTemplate is a SAM policy template as SAM writes it out: its
// parameters and statements, with ${Param} for each parameter and
// ${AWS::...} for the pseudo parameters.
type SAMTemplate struct {
	Name       string
	Parameters []string
	Statements []SAMStatement
}

// SAMStatement is one statement of a SAM policy template.
type SAMStatement struct {
	Deny, Condition    bool
	Actions, Resources []string
}

// SAMTemplates lists every SAM policy template, by name.
func SAMTemplates() []SAMTemplate {
	var out []SAMTemplate
	for _, name := range slices.Sorted(maps.Keys(samTemplates)) {
		tmpl := samTemplates[name]
		t := SAMTemplate{Name: name, Parameters: tmpl.Parameters}
		for _, st := range tmpl.Statements {
			t.Statements = append(t.Statements, SAMStatement{Deny: st["Effect"] == "Deny", Condition: st["Condition"] != nil,
				Actions: jsonStrings(st["Action"]), Resources: jsonStrings(st["Resource"])})
		}
		out = append(out, t)
	}
	return out
}

// jsonStrings reads a string or a list of strings of a template's JSON.
func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
