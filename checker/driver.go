package checker

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/internal/panics"
)

// action is one analyzer's run over the files of a run.
type action struct {
	analyzer *analysis.Analyzer
	deps     []*action
	done     chan struct{}
	result   any
	err      error
	// skipped is set when a prerequisite failed, so the analyzer never ran.
	skipped bool
	diags   []analysis.Diagnostic
}

// driver runs analyzers the way go/analysis drivers do, over files that
// are not Go: each analyzer once, after every analyzer it Requires, with
// the results of those in ResultOf. Analyzers whose prerequisites are done
// run in parallel; one whose prerequisite failed is skipped.
type driver struct {
	fset  *token.FileSet
	files []string
	read  func(name string) ([]byte, error)
	// serial runs the analyzers one after the other, in the calling
	// goroutine: when units of a run are read in parallel already.
	serial bool
}

// run runs the roots and their prerequisites and returns every action, by
// analyzer.
func (d *driver) run(roots []*analysis.Analyzer) (map[*analysis.Analyzer]*action, error) {
	if err := analysis.Validate(roots); err != nil {
		return nil, err
	}
	return d.exec(roots), nil
}

// exec runs analyzers already validated.
func (d *driver) exec(roots []*analysis.Analyzer) map[*analysis.Analyzer]*action {
	// The analyzers, each after its prerequisites.
	var order []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		order = append(order, a)
	}
	for _, a := range roots {
		visit(a)
	}
	acts := make([]action, len(order))
	actions := make(map[*analysis.Analyzer]*action, len(order))
	for i, a := range order {
		act := &acts[i]
		act.analyzer = a
		if !d.serial {
			act.done = make(chan struct{})
		}
		for _, req := range a.Requires {
			act.deps = append(act.deps, actions[req])
		}
		actions[a] = act
	}
	inFiles := make(map[string]bool, len(d.files))
	for _, f := range d.files {
		inFiles[f] = true
	}
	readFile := func(name string) ([]byte, error) {
		if !inFiles[name] {
			return nil, fmt.Errorf("%s is not among the files of this run", name)
		}
		return d.read(name)
	}
	pkg := types.NewPackage("sfn-lint", "sfn")
	if d.serial {
		for i := range acts {
			d.runAction(&acts[i], pkg, readFile)
		}
		return actions
	}
	var wg sync.WaitGroup
	for _, act := range actions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.runAction(act, pkg, readFile)
		}()
	}
	wg.Wait()
	return actions
}

func (d *driver) runAction(act *action, pkg *types.Package, readFile func(string) ([]byte, error)) {
	if act.done != nil {
		defer close(act.done)
	}
	resultOf := make(map[*analysis.Analyzer]any, len(act.deps))
	for _, dep := range act.deps {
		if dep.done != nil {
			<-dep.done
		}
		if dep.err != nil || dep.skipped {
			act.skipped = true
		}
		resultOf[dep.analyzer] = dep.result
	}
	if act.skipped {
		return
	}
	var mu sync.Mutex
	pass := &analysis.Pass{
		Analyzer:   act.analyzer,
		Fset:       d.fset,
		OtherFiles: d.files,
		Pkg:        pkg,
		ResultOf:   resultOf,
		ReadFile:   readFile,
		Report: func(diag analysis.Diagnostic) {
			mu.Lock()
			act.diags = append(act.diags, diag)
			mu.Unlock()
		},
	}
	defer func() {
		if p := recover(); p != nil {
			act.err = fmt.Errorf("internal error in %s: %s", act.analyzer.Name, panics.Describe(p))
		}
	}()
	act.result, act.err = act.analyzer.Run(pass)
	if act.err == nil && act.analyzer.ResultType != nil && reflect.TypeOf(act.result) != act.analyzer.ResultType {
		act.err = fmt.Errorf("internal error in %s: result of type %T, want %v", act.analyzer.Name, act.result, act.analyzer.ResultType)
	}
}
