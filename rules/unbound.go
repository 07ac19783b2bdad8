package rules

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
)

// Unbound notes state machines whose role could not be found, so nothing
// about their permissions was checked.
var Unbound = &Rule{
	Code: "SFN601", Slug: "unbound-machine", Title: "UnboundMachine", Severity: Note,
	run: func(pass *Pass) {
		proj := pass.Project
		for _, m := range proj.Machines {
			if m.Role != nil {
				continue
			}
			at, f := m.NameNode, m.File
			if at == nil && m.Definition != nil {
				at, f = m.Definition.Root.KeyNode("StartAt"), m.DefFile()
			}
			pos, end := proj.Span(f, at)
			pass.Report(analysis.Diagnostic{
				Pos: pos, End: end,
				Message: fmt.Sprintf("state machine %q is not checked: %s", m.Name, m.Unbound),
			})
		}
	},
}
