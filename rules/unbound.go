package rules

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/project"
)

// Unbound notes state machines whose role could not be found, so nothing
// about their permissions was checked.
var Unbound = &Rule{
	Code: "SFN601", Slug: "unbound-machine", Title: "UnboundMachine", Severity: Note,
	run: func(pass *Pass) {
		proj := pass.Project
		for _, m := range proj.Machines {
			if m.Role != nil || reportedUnread(proj, m) || proj.CopyOfChecked(m) {
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

// reportedUnread reports whether a machine's definition could not be read
// and the reason is already reported as unreadable input (SFN001) in the
// machine's own declaration or its definition file: saying the machine
// is not checked would only repeat it.
func reportedUnread(proj *Project, m *project.Machine) bool {
	if m.Definition != nil {
		return false
	}
	for _, pr := range proj.Problems {
		switch {
		case pr.File == m.DefinitionFile && m.DefinitionFile != nil:
			return true
		case pr.File == m.File && m.Node != nil && pr.Pos >= m.Node.Pos && pr.End <= m.Node.End:
			return true
		}
	}
	return false
}
