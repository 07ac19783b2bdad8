package rules

import (
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/project"
)

// Options configure how one run reads its project.
type Options struct {
	// PoliciesFor returns the policy files a standalone definition runs
	// with; nil binds none.
	PoliciesFor func(definition string) []string
	// Explicit files were named on the command line: a parse error there
	// is reported even when the content does not look like ours.
	Explicit map[string]bool
	// Bound files are named as policies: whatever they hold is reported.
	Bound map[string]bool
	// FS gives access to the files the named files reference.
	FS project.FileSystem
	// Readers read the input formats; nil means every format sfn-lint
	// knows.
	Readers []project.Reader
	// Off says whether a rule (by code) is turned off for a file, so that
	// a note that gathers several rules' permissions leaves its
	// permissions out; nil turns none off.
	Off func(file, code string) bool
	// Loaded, when set, is called with the project once it is read, before
	// any rule checks it.
	Loaded func(*project.Project)
	// Unit, when set, returns the unit of the run that a pass's files
	// are (see project.Unit); nil reads each pass's files as a whole run.
	Unit func(files []string) *project.Unit
	// ReadNamed reads a file named to the run that another unit holds.
	ReadNamed func(name string) ([]byte, error)
}

// Suite is the analyzers of one run, built from its options. Analyzers
// are never shared between runs.
type Suite struct {
	// Load reads the project (its result is *Project) and reports the
	// input it cannot read.
	Load *analysis.Analyzer
	// Needs computes what every bound state machine needs of its role
	// (its result is *MachineNeeds).
	Needs *analysis.Analyzer
	// Gaps decides those needs and groups what the roles lack into the
	// findings of the rules that report it (its result is *MachineGaps).
	Gaps *analysis.Analyzer
	// Analyzers are Load and one analyzer per other rule, in code order.
	Analyzers []*analysis.Analyzer

	rules map[*analysis.Analyzer]*Rule
}

// Rule returns the rule an analyzer of the suite checks, or nil for an
// analyzer that computes a shared result.
func (s *Suite) Rule(a *analysis.Analyzer) *Rule { return s.rules[a] }

// Pass is what a rule's run function sees: the analysis pass, the project
// and what its machines need.
type Pass struct {
	*analysis.Pass
	Project *Project
	Needs   *MachineNeeds
	// Gaps is set for the rules that report what a role lacks.
	Gaps *MachineGaps
	// Off says whether a rule is turned off for a file (see Options.Off).
	Off func(file, code string) bool
}

// NewSuite builds the analyzers of one run.
func NewSuite(opts Options) *Suite {
	s := &Suite{rules: map[*analysis.Analyzer]*Rule{}}
	s.Load = &analysis.Analyzer{
		Name:       Load.Code,
		Doc:        Load.Doc(),
		URL:        Load.URL(),
		Run:        func(pass *analysis.Pass) (any, error) { return runLoad(pass, opts) },
		ResultType: reflect.TypeFor[*Project](),
	}
	s.Needs = &analysis.Analyzer{
		Name:       "needs",
		Doc:        "needs computes what every bound state machine needs of its role.",
		Requires:   []*analysis.Analyzer{s.Load},
		Run:        func(pass *analysis.Pass) (any, error) { return computeNeeds(pass.ResultOf[s.Load].(*Project)), nil },
		ResultType: reflect.TypeFor[*MachineNeeds](),
	}
	s.Gaps = &analysis.Analyzer{
		Name:     "gaps",
		Doc:      "gaps decides what every bound state machine needs of its roles and groups what they lack.",
		Requires: []*analysis.Analyzer{s.Load, s.Needs},
		Run: func(pass *analysis.Pass) (any, error) {
			return computeGaps(pass.ResultOf[s.Load].(*Project), pass.ResultOf[s.Needs].(*MachineNeeds), opts.Off), nil
		},
		ResultType: reflect.TypeFor[*MachineGaps](),
	}
	s.rules[s.Load] = Load
	s.Analyzers = append(s.Analyzers, s.Load)
	for _, r := range All() {
		if r.run == nil {
			continue
		}
		requires := []*analysis.Analyzer{s.Load, s.Needs}
		if r.need != "" {
			requires = append(requires, s.Gaps)
		}
		a := &analysis.Analyzer{
			Name:     r.Code,
			Doc:      r.Doc(),
			URL:      r.URL(),
			Requires: requires,
			Run: func(pass *analysis.Pass) (any, error) {
				rp := &Pass{Pass: pass, Project: pass.ResultOf[s.Load].(*Project), Needs: pass.ResultOf[s.Needs].(*MachineNeeds), Off: opts.Off}
				if gaps, ok := pass.ResultOf[s.Gaps].(*MachineGaps); ok {
					rp.Gaps = gaps
				}
				r.run(rp)
				return nil, nil
			},
		}
		s.rules[a] = r
		s.Analyzers = append(s.Analyzers, a)
	}
	return s
}
