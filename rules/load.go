package rules

import (
	"flag"
	"go/token"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// Project is the Load analyzer's result: the project read from the pass's
// files, with a token.File for each so rules can report real positions.
type Project struct {
	*project.Project
	tokens map[string]*token.File

	// needs caches what each machine needs: every rule asks.
	mu    sync.Mutex
	needs map[*project.Machine]machineNeedsResult
}

type machineNeedsResult struct {
	needs  []Need
	opaque bool
}

// Needs returns what a machine needs, computed once per project.
func (p *Project) Needs(m *project.Machine) ([]Need, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r, ok := p.needs[m]; ok {
		return r.needs, r.opaque
	}
	needs, opaque := Needs(m)
	if p.needs == nil {
		p.needs = map[*project.Machine]machineNeedsResult{}
	}
	p.needs[m] = machineNeedsResult{needs, opaque}
	return needs, opaque
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

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

var (
	loadPolicies listFlag
	loadBindings listFlag
	loadExplicit listFlag
)

// Load reads the pass's files into a Project and reports those that cannot
// be read, as SFN001. Its flags configure how standalone definitions are
// bound to policy files; drivers set them before running.
var Load = &analysis.Analyzer{
	Name:       "SFN001",
	Doc:        doc("SFN001"),
	URL:        docURL("SFN001"),
	Run:        runLoad,
	ResultType: reflect.TypeFor[*Project](),
	Flags:      loadFlags(),
}

func loadFlags() flag.FlagSet {
	var fs flag.FlagSet
	fs.Var(&loadPolicies, "policy", "a policy file that applies to every standalone definition (repeatable)")
	fs.Var(&loadBindings, "bind", "PATTERN=POLICY[,POLICY]: standalone definitions matching PATTERN run with these policies (repeatable)")
	fs.Var(&loadExplicit, "explicit", "a file named on the command line: its parse errors are always reported (repeatable)")
	return fs
}

// ResetLoadFlags clears the Load analyzer's flags, for drivers that run it
// more than once.
func ResetLoadFlags() {
	loadPolicies, loadBindings, loadExplicit = nil, nil, nil
}

func runLoad(pass *analysis.Pass) (any, error) {
	opts := project.Options{Policies: loadPolicies, Explicit: map[string]bool{}}
	for _, e := range loadExplicit {
		opts.Explicit[e] = true
	}
	for _, b := range loadBindings {
		pat, pols, ok := strings.Cut(b, "=")
		if ok {
			opts.Bindings = append(opts.Bindings, project.Binding{Definition: pat, Policies: strings.Split(pols, ",")})
		}
	}
	read := func(name string) ([]byte, error) {
		if pass.ReadFile != nil {
			return pass.ReadFile(name)
		}
		return nil, &readError{name}
	}
	proj := project.Load(pass.OtherFiles, read, opts)
	res := &Project{Project: proj, tokens: map[string]*token.File{}}
	for _, f := range proj.Files {
		tf := pass.Fset.AddFile(f.Path, -1, len(f.Data))
		tf.SetLinesForContent(f.Data)
		res.tokens[f.Path] = tf
	}
	for _, pr := range proj.Problems {
		f := pr.File
		if res.tokens[f.Path] == nil {
			tf := pass.Fset.AddFile(f.Path, -1, len(f.Data))
			tf.SetLinesForContent(f.Data)
			res.tokens[f.Path] = tf
		}
		pos, end := res.Pos(f, pr.Pos), res.Pos(f, pr.End)
		pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: "error", Message: pr.Msg})
	}
	return res, nil
}

type readError struct{ name string }

func (e *readError) Error() string { return "cannot read " + e.name }
