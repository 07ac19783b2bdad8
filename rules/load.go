package rules

import (
	"fmt"
	"go/token"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/formats"
)

// Load reads the project and reports the input it cannot read. Its
// analyzer is built per run by NewSuite.
var Load = &Rule{
	Code: "SFN001", Slug: "parse-error", Title: "ParseError", Severity: Error,
	Input: true,
}

// Project is the Load analyzer's result: the project read from the pass's
// files, with a token.File for each so rules can report real positions.
type Project struct {
	*project.Project
	tokens map[string]*token.File
}

// Pos returns the token.Pos of a byte offset in a project file.
func (p *Project) Pos(f *project.File, off int) token.Pos {
	tf := p.tokens[f.Path]
	if tf == nil {
		return token.NoPos
	}
	return tf.Pos(max(0, min(off, tf.Size())))
}

// Span returns the positions of a node.
func (p *Project) Span(f *project.File, n *node.Node) (token.Pos, token.Pos) {
	if n == nil {
		return p.Pos(f, 0), p.Pos(f, 0)
	}
	return p.Pos(f, n.Pos), p.Pos(f, n.End)
}

func runLoad(pass *analysis.Pass, opts Options) (any, error) {
	popts := project.Options{Readers: opts.Readers, FS: opts.FS, PoliciesFor: opts.PoliciesFor, Explicit: opts.Explicit, Bound: opts.Bound,
		ReadNamed: opts.ReadNamed}
	if popts.Readers == nil {
		popts.Readers = formats.All()
	}
	if opts.Unit != nil {
		popts.Unit = opts.Unit(pass.OtherFiles)
	}
	read := pass.ReadFile
	if read == nil {
		read = func(name string) ([]byte, error) {
			return nil, fmt.Errorf("cannot read %s: the driver gives no file access", name)
		}
	}
	proj := project.Load(pass.OtherFiles, read, popts)
	if opts.Loaded != nil {
		opts.Loaded(proj)
	}
	res := &Project{Project: proj, tokens: map[string]*token.File{}}
	addFile := func(f *project.File) {
		if res.tokens[f.Path] == nil {
			tf := pass.Fset.AddFile(f.Path, -1, len(f.Data))
			tf.SetLines(f.Lines.TokenLines())
			res.tokens[f.Path] = tf
		}
	}
	for _, f := range proj.Files {
		addFile(f)
	}
	for _, pr := range proj.Problems {
		addFile(pr.File)
		pos, end := res.Pos(pr.File, pr.Pos), res.Pos(pr.File, pr.End)
		pass.Report(analysis.Diagnostic{Pos: pos, End: end, Message: pr.Msg})
	}
	return res, nil
}

// MachineNeeds is the Needs analyzer's result: what each bound state
// machine needs of its role.
type MachineNeeds struct {
	needs map[*project.Machine]needsOf
}

type needsOf struct {
	needs  []Need
	opaque bool
}

// Of returns what a machine needs, and whether that is not fully known
// (see Needs). Unbound machines need nothing that can be checked.
func (mn *MachineNeeds) Of(m *project.Machine) ([]Need, bool) {
	r := mn.needs[m]
	return r.needs, r.opaque
}

func computeNeeds(proj *Project) *MachineNeeds {
	mn := &MachineNeeds{needs: map[*project.Machine]needsOf{}}
	for _, m := range proj.Machines {
		if m.Role == nil {
			continue
		}
		needs, opaque := Needs(proj.Project, m)
		mn.needs[m] = needsOf{needs, opaque}
	}
	return mn
}

// Locate names the place [pos, end) of a file points at by its logical
// path (see node.PathTo). A definition or policy parsed from a string of
// the file is searched too, and its path is prefixed with what holds it,
// so a finding inside it is named as precisely as one written inline.
func (p *Project) Locate(f *project.File, pos, end int) string {
	best, bestSize := "", -1
	try := func(root *node.Node, prefix string) {
		path, size, ok := node.PathTo(root, pos, end)
		if ok && (bestSize < 0 || size < bestSize) {
			best, bestSize = prefix+path, size
		}
	}
	try(f.Root, "")
	for _, m := range p.Machines {
		if m.Definition != nil && m.DefFile() == f && m.Definition.Root != nil {
			try(m.Definition.Root, "machine "+strconv.Quote(m.Name)+": ")
		}
		for _, role := range m.Roles() {
			for _, pol := range role.Policies {
				if pol.File == f.Path {
					try(pol.Node, "policy "+strconv.Quote(pol.Path+"/"+pol.Name)+": ")
				}
			}
			if t := role.Trust; t != nil && t.File == f.Path {
				try(t.Node, "trust policy "+strconv.Quote(t.Path+"/"+t.Name)+": ")
			}
		}
	}
	if best == "" && f.Place != nil {
		best = f.Place(pos, end)
	}
	return best
}
