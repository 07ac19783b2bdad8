package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/project"
)

// Unbound notes state machines whose role could not be found, so nothing
// about their permissions was checked.
var Unbound = &Rule{
	Code: "SFN601", Slug: "unbound-machine", Title: "UnboundMachine", Severity: Note,
	run: func(pass *Pass) {
		proj := pass.Project
		for _, m := range proj.Machines {
			if m.Role != nil || reportedUnread(proj, m) || copyChecked(proj, m) {
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

// copyChecked reports whether a standalone definition that nothing binds
// is a copy of the definition of a machine that is checked: the same
// states by name and place, beside or below the file that declares that
// machine, as projects keep a definition file beside the template that
// inlines it (for the console or a README). Its permissions
// were checked with that machine's role; a note on the copy says nothing.
func copyChecked(proj *Project, m *project.Machine) bool {
	if m.NameNode != nil || m.Definition == nil || m.Definition.States == 0 {
		return false // a machine its deployer declares, or one not read
	}
	shape := func(sm *asl.StateMachine) (string, []string) {
		start, _ := sm.Root.Get("StartAt").Str()
		var paths []string
		for _, t := range sm.Tasks {
			paths = append(paths, t.Path)
		}
		slices.Sort(paths)
		return fmt.Sprintf("%s/%d/%d", start, sm.States, len(sm.Maps)), paths
	}
	key, paths := shape(m.Definition)
	for _, o := range proj.Machines {
		if o == m || o.Role == nil || o.Definition == nil || o.NameNode == nil || o.File == nil || !under(m.File.Path, path.Dir(o.File.Path)) {
			continue // only a copy beside or below the deployer's file
		}
		if k, p := shape(o.Definition); k == key && slices.Equal(p, paths) {
			return true
		}
	}
	return false
}

// under reports whether a slash path is in dir or below it.
func under(p, dir string) bool {
	return dir == "." || strings.HasPrefix(p, dir+"/")
}
