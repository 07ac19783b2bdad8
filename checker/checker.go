// Package checker finds the files to lint, runs the rules over them as
// go/analysis passes, and turns what they report into sorted, filtered
// diagnostics with file, line and column.
package checker

import (
	"errors"
	"fmt"
	"go/token"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/rules"
)

// Options configure a run.
type Options struct {
	Args     []string // files, directories, ./... patterns and globs
	Policies []string // policy files that apply to every standalone definition
	Exclude  []string // doublestar patterns
	// Config is a config file to use instead of the .sfn-lint.yaml files
	// found in the linted roots.
	Config string
	// Disable and Enable name rules (by code or slug) to turn off or on,
	// over what the config files say.
	Disable, Enable []string
	// Baseline is a file of findings recorded earlier (WriteBaseline):
	// those are not reported again.
	Baseline string
	// Loaded, when set, is called with the project once it is read and
	// before any rule checks it: what is built on the checker (the policy
	// generator) reads the model through it. Such a run reads every file
	// as one project, so that the hook sees every machine at once.
	Loaded func(*project.Project)

	// whole reads every file as one project, rather than unit by unit:
	// the tests compare the two.
	whole bool
}

// switches reads --disable and --enable into rule codes: true for on.
func switches(opts Options) (map[string]bool, []error) {
	out := map[string]bool{}
	var errs []error
	for _, list := range []struct {
		flag  string
		names []string
		on    bool
	}{{"--disable", opts.Disable, false}, {"--enable", opts.Enable, true}} {
		for _, name := range list.names {
			r := rules.Lookup(name)
			if r == nil {
				errs = append(errs, fmt.Errorf("%s: unknown rule %q (see sfn-lint rules)", list.flag, name))
				continue
			}
			if r.Input && !list.on {
				errs = append(errs, fmt.Errorf("%s: %s reports input that cannot be read, and cannot be turned off", list.flag, name))
				continue
			}
			out[r.Code] = list.on
		}
	}
	return out, errs
}

// Summary counts what a run saw.
type Summary struct {
	Files         int `json:"files"`
	StateMachines int `json:"stateMachines"`
	Unbound       int `json:"unbound"`
	Errors        int `json:"errors"`
	Warnings      int `json:"warnings"`
	Notes         int `json:"notes"`
	// Baselined counts the findings left out because the baseline
	// records them.
	Baselined int `json:"baselined,omitempty"`
}

// Result is the outcome of a run.
type Result struct {
	Diagnostics []Diagnostic
	Summary     Summary
	// Errors are problems with the invocation itself: a path that does not
	// exist, a broken config file. Files that cannot be parsed are
	// diagnostics (SFN001) instead.
	Errors []error

	src *source // what is kept of the files read, for printing their lines
}

// Line returns line n (1-based) of a file the run read, without its line
// ending, and whether there is one.
func (r *Result) Line(file string, n int) (string, bool) {
	if r.src == nil {
		return "", false
	}
	return r.src.line(file, n)
}

// Rules describes every rule, for output formats.
func Rules() []RuleInfo {
	var out []RuleInfo
	for _, r := range rules.All() {
		out = append(out, RuleInfo{
			Code: r.Code, Slug: r.Slug, Title: r.Title, Summary: r.Summary(),
			Doc: r.Doc(), URL: r.URL(), Severity: r.Severity, Tags: r.Tags,
		})
	}
	return out
}

// Run lints what the options name.
func Run(opts Options) *Result {
	res := &Result{}
	files, roots, errs := Discover(opts.Args, DiscoverOptions{Exclude: opts.Exclude})
	res.Errors = append(res.Errors, errs...)
	on, errs := switches(opts)
	res.Errors = append(res.Errors, errs...)
	explicit := map[string]bool{}
	for _, a := range opts.Args {
		if st, err := os.Stat(a); err == nil && !st.IsDir() {
			explicit[clean(a)] = true
		}
	}
	named := slices.Sorted(maps.Keys(explicit))
	var above []string
	if opts.Config == "" {
		above = configsAbove(named)
	}
	list, errs := loadConfigs(opts.Config, roots, append(files, above...))
	res.Errors = append(res.Errors, errs...)
	configs := newConfigTree(list)
	files = slices.DeleteFunc(files, func(f string) bool {
		if slices.Contains(ConfigNames, path.Base(f)) {
			return true
		}
		return !explicit[f] && configs.excludes(f)
	})
	src := newSource(explicit)
	files = append(files, context(named, files, src, opts.Exclude)...)
	acc := newAccess(src, opts.Args)
	files, bound, policiesFor := bindPolicies(opts, configs, files, acc, res)
	slices.Sort(files)

	res.src = src
	var base *Baseline
	if opts.Baseline != "" {
		b, err := ReadBaseline(opts.Baseline)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("--baseline: %w", err))
		}
		base = b
	}
	// A rule turned off for a file: a note that gathers several rules'
	// permissions leaves its permissions out.
	off := func(file, code string) bool {
		if enabled, ok := on[code]; ok {
			return !enabled
		}
		c := configs.governing(file)
		return c != nil && c.Rules[code] == "off"
	}
	res.Diagnostics, res.Summary = analyze(src, files, rules.Options{PoliciesFor: policiesFor, Explicit: explicit, Bound: bound,
		FS: acc, Off: off, Loaded: opts.Loaded}, configs, on, opts.whole || opts.Loaded != nil)
	if base != nil {
		res.Diagnostics, res.Summary.Baselined = base.Filter(res.Diagnostics)
	}
	for _, d := range res.Diagnostics {
		switch d.Severity {
		case Error:
			res.Summary.Errors++
		case Warning:
			res.Summary.Warnings++
		case Note:
			res.Summary.Notes++
		}
	}
	return res
}

// bindPolicies adds the policy files --policy and the bindings name to the
// files of the run (a missing one is an invocation error), and returns
// which files are named as policies and the policies of each standalone
// definition.
func bindPolicies(opts Options, configs *configTree, files []string, acc *access, res *Result) ([]string, map[string]bool, func(string) []string) {
	type policyFile struct{ path, from string }
	var wanted []policyFile
	policies := make([]string, len(opts.Policies))
	for i, p := range opts.Policies {
		policies[i] = clean(p)
		wanted = append(wanted, policyFile{policies[i], "--policy " + p})
	}
	for _, c := range configs.configs {
		for _, b := range c.Bindings {
			for i, p := range b.Policies {
				wanted = append(wanted, policyFile{c.policyPath(b, i), fmt.Sprintf("%s:%d: policy %s", c.Path, b.Line, p)})
			}
		}
	}
	bound := map[string]bool{}
	have := make(map[string]bool, len(files))
	for _, f := range files {
		have[f] = true
	}
	for i, w := range wanted {
		// A config comes with the files it governs, from whoever wrote
		// them: what it names is read only inside the project. What
		// --policy names, the person running the check chose.
		if i >= len(opts.Policies) && errors.Is(acc.check(w.path), errOutside) {
			res.Errors = append(res.Errors, fmt.Errorf("%s leaves the project, so it is not read", w.from))
			continue
		}
		if _, err := os.Stat(w.path); err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %w", w.from, errNoSuchPath{}))
			continue
		}
		if !have[w.path] {
			have[w.path] = true
			files = append(files, w.path)
		}
		// Named as a policy: anything else in it is reported.
		bound[w.path] = true
	}
	policiesFor := func(def string) []string {
		return append(slices.Clone(policies), configs.policiesFor(def)...)
	}
	return files, bound, policiesFor
}

// loadConfigs reads the config files that govern a run: the one named,
// or else those at the roots, in the working directory and met while
// walking, each of which applies to the tree below it.
func loadConfigs(named string, roots, files []string) ([]*Config, []error) {
	paths := []string{named}
	if named == "" {
		paths = FindConfigs(append(roots, "."))
		for _, f := range files {
			if slices.Contains(ConfigNames, path.Base(f)) {
				paths = append(paths, f)
			}
		}
		slices.Sort(paths)
		paths = slices.Compact(paths)
	}
	var configs []*Config
	var errs []error
	for _, p := range paths {
		c, err := LoadConfig(p)
		if err != nil {
			errs = append(errs, err)
		}
		if c != nil {
			configs = append(configs, c)
		}
	}
	return configs, errs
}

// span converts a token range to a Span with character columns; lines
// gives the lines of the files the positions are in.
func span(fset *token.FileSet, lines func(string) *node.Lines, pos, end token.Pos) Span {
	if !pos.IsValid() {
		return Span{}
	}
	p := fset.Position(pos)
	sp := Span{File: p.Filename}
	ls := lines(p.Filename)
	if ls == nil {
		ls = node.NewLines(nil)
	}
	sp.Line, sp.Column = ls.Position(p.Offset)
	sp.EndLine, sp.EndColumn = sp.Line, sp.Column
	if end.IsValid() && end >= pos {
		e := fset.Position(end)
		sp.EndLine, sp.EndColumn = ls.Position(e.Offset)
	}
	return sp
}

// preloadFiles is the number of files from which a run reads the AWS
// managed policies before a reader needs one.
const preloadFiles = 16

// analyze reads and checks the files unit by unit (see runner).
func analyze(src *source, files []string, opts rules.Options, configs *configTree, on map[string]bool, whole bool) ([]Diagnostic, Summary) {
	if len(files) >= preloadFiles {
		// A run of many files meets an AWS managed policy: reading them
		// takes a while, which need not wait for the first reader that
		// needs one. A run of a few files may need none.
		go project.PreloadManaged()
	}
	r := newRunner(src, files, opts, configs, on)
	if err := analysis.Validate(r.suite.Analyzers); err != nil {
		// The suite is ours: an invalid one is a bug, reported as such.
		return []Diagnostic{internalError(rules.Load, err)}, Summary{Files: len(files)}
	}
	if whole {
		r.runWhole(files)
	} else {
		r.run(files)
	}
	diags, sum := r.results()
	return tidy(diags), sum
}

func internalError(r *rules.Rule, err error) Diagnostic {
	return Diagnostic{Rule: r.Code, Slug: r.Slug, Severity: Error, Message: err.Error(), Input: r.Input}
}

func convert(fset *token.FileSet, lines func(string) *node.Lines, proj *rules.Project, r *rules.Rule, d analysis.Diagnostic) Diagnostic {
	sev, ok := r.SeverityOf(d.Category)
	if !ok {
		return internalError(r, fmt.Errorf("internal error in %s: unknown category %q for %q", r.Code, d.Category, d.Message))
	}
	out := Diagnostic{Rule: r.Code, Slug: r.Slug, Severity: sev, Span: span(fset, lines, d.Pos, d.End), Message: d.Message, Input: r.Input}
	out.Key = locate(fset, proj, d.Pos, d.End)
	if d.Pos.IsValid() {
		out.off = fset.Position(d.Pos).Offset
		out.end = out.off
		if d.End.IsValid() && d.End >= d.Pos {
			out.end = fset.Position(d.End).Offset
		}
	}
	for _, rel := range d.Related {
		if !rel.Pos.IsValid() {
			continue
		}
		out.Related = append(out.Related, Related{Span: span(fset, lines, rel.Pos, rel.End), Message: rel.Message})
	}
	for _, f := range d.SuggestedFixes {
		fix := Fix{Message: f.Message}
		for _, e := range f.TextEdits {
			fix.Edits = append(fix.Edits, Edit{Span: span(fset, lines, e.Pos, e.End), NewText: string(e.NewText)})
		}
		out.Fixes = append(out.Fixes, fix)
	}
	return out
}

// locate returns the logical path a diagnostic points at, or "" when it
// points at no node of its file.
func locate(fset *token.FileSet, proj *rules.Project, pos, end token.Pos) string {
	if proj == nil || !pos.IsValid() {
		return ""
	}
	p := fset.Position(pos)
	f := proj.File(p.Filename)
	if f == nil {
		return ""
	}
	e := p.Offset
	if end.IsValid() && end >= pos {
		e = fset.Position(end).Offset
	}
	return proj.Locate(f, p.Offset, e)
}

// nearest returns the config that governs a file: the one in the deepest
// directory above it.
func nearest(configs []*Config, file string) *Config {
	var best *Config
	for _, c := range configs {
		rel, ok := c.relToDir(file)
		if !ok || !filepath.IsLocal(filepath.FromSlash(rel)) {
			continue
		}
		if best == nil || len(c.Dir) > len(best.Dir) {
			best = c
		}
	}
	return best
}

// levels applies configured severities and drops the findings of
// disabled rules.
func levels(diags []Diagnostic, configs *configTree, on map[string]bool) []Diagnostic {
	level := func(d Diagnostic) (Severity, bool) {
		if enabled, ok := on[d.Rule]; ok && !enabled {
			return 0, false
		}
		c := configs.governing(d.File)
		if c == nil {
			return d.Severity, true
		}
		v, ok := c.Rules[d.Rule]
		switch {
		case !ok:
			return d.Severity, true
		case v == "off":
			// --enable turns a rule back on at its own severity.
			return d.Severity, on[d.Rule]
		}
		s, err := ParseSeverity(v)
		if err == nil && d.Severity != Note {
			// An override sets the level of definite findings; notes
			// about what cannot be decided stay notes.
			return s, true
		}
		return d.Severity, true
	}
	out := diags[:0]
	for _, d := range diags {
		s, keep := level(d)
		if !keep && !d.Input {
			continue
		}
		if keep {
			d.Severity = s
		}
		out = append(out, d)
	}
	return out
}

// tidy sorts findings and removes duplicates.
func tidy(out []Diagnostic) []Diagnostic {
	slices.SortFunc(out, compareAll)
	// Findings that print alike are one finding: a module instantiated
	// twice reports the same line twice.
	out = slices.CompactFunc(out, func(a, b Diagnostic) bool {
		return Compare(a, b) == 0 && a.Severity == b.Severity
	})
	distinctKeys(out)
	return out
}

// distinctKeys numbers the findings of one rule that point at the same
// place of a file, so that each has a key of its own: a trust policy
// shared by two state machines gets a finding for each.
func distinctKeys(diags []Diagnostic) {
	type place struct{ rule, file, key string }
	seen := map[place]int{}
	for i := range diags {
		d := &diags[i]
		p := place{d.Rule, d.File, d.Key}
		if n := seen[p]; n > 0 {
			d.Key += "#" + strconv.Itoa(n)
		}
		seen[p]++
	}
}
