package checker

import (
	"bytes"
	"go/token"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/snapshot"
	"github.com/sfn-lint/sfn-lint/project/standalone"
	"github.com/sfn-lint/sfn-lint/rules"
)

// A run reads its files unit by unit, so that its memory does not grow with
// the files: a template with the files it references, the Terraform
// modules of a directory with those they call, a service, the definitions
// that share policies with those policies, the account snapshots. Each
// unit is parsed, read, checked and released; what is left of it is its
// findings, already placed by line and column, and what the other units
// look up in the run's index (see project.Index).
//
// Files are read in two stages. The first reads every file that may deploy
// a state machine (a template, a module, a service, a plan: those that
// name a definition file make it part of their machine, not one of its
// own). A file that cannot be one, as its content shows before it is
// parsed, and a definition or policy the first stage parses, wait for the
// second stage, which reads them in groups that share policies, and the
// account snapshots together. Last, the units whose lookups another unit
// changed after they looked, and those that need another unit's files (a
// role a task assumes, a module another unit calls), are read again.

// unitKind says how a unit's files are read.
type unitKind uint8

const (
	// firstStage units are a file or a Terraform module's callers and
	// callees: they may deploy machines.
	firstStage unitKind = iota
	// policyGroup units are definitions and the policies bound to them.
	policyGroup
	// snapshots is the unit of every account snapshot of the run.
	snapshots
	// joined units read several units again, together.
	joined
	// whole is the one unit of a run read as a whole (Options.whole).
	whole
)

// unit is a set of files named to the run, read and checked together.
type unit struct {
	id    int
	kind  unitKind
	files []string // sorted
	pu    *project.Unit
	res   unitResult
	// done is set once the unit is read and res holds what it leaves.
	done bool
	// later is set when the unit's files wait for the second stage (or
	// are only counted): the unit has no result of its own. wait is the
	// list of the second stage they wait in.
	later bool
	wait  *[]string
	// replaced is set when a joined unit read the unit's files again.
	replaced bool
}

// unitResult is what a unit leaves: its findings, what the summary counts,
// and, for the few units that have them, the directives of its files and
// the files whose problems one of its readers replaced.
type unitResult struct {
	diags             []Diagnostic
	machines, unbound int32
	more              *unitMore
}

type unitMore struct {
	directives []directive
	claimed    []string
}

func (r *unitResult) directives() []directive {
	if r.more == nil {
		return nil
	}
	return r.more.directives
}

func (r *unitResult) claimed() []string {
	if r.more == nil {
		return nil
	}
	return r.more.claimed
}

// runner reads a run's units.
type runner struct {
	src     *source
	suite   *rules.Suite
	configs *configTree
	on      map[string]bool // rules turned on or off for the run
	index   *project.Index
	opts    rules.Options

	mu sync.Mutex
	// units are every unit, by id; byFirst finds the project.Unit of a
	// pass by its first file.
	units   []*unit
	block   []unit // the rest of the block units are allocated from
	byFirst map[string]*project.Unit
	// home is the unit that holds each named .tf file.
	home map[string]*unit
	// second are the files the second stage reads: in policy groups, or,
	// for account snapshots, in one unit.
	second, snapshotFiles []string
	// named counts the files named to the run; opened are the other files
	// the units' projects read, which references led to.
	named  int
	opened map[string]bool
	// serial is set while several units are read at once: each runs its
	// analyzers one after the other.
	serial bool
	// kept holds the findings the units leave.
	kept keeper
}

// newRunner prepares the units of a run over files.
func newRunner(src *source, files []string, opts rules.Options, configs *configTree, on map[string]bool) *runner {
	named := func(name string) bool {
		_, ok := slices.BinarySearch(files, name)
		return ok
	}
	src.named = named
	r := &runner{src: src, configs: configs, on: on, index: project.NewIndex(named), byFirst: map[string]*project.Unit{},
		home: map[string]*unit{}, opened: map[string]bool{}, named: len(files)}
	opts.Unit = r.unitOf
	opts.ReadNamed = src.read
	r.opts = opts
	r.suite = rules.NewSuite(opts)
	return r
}

// unitOf returns the project.Unit a pass's files are.
func (r *runner) unitOf(files []string) *project.Unit {
	if len(files) == 0 {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byFirst[files[0]]
}

// add makes a unit of files. Units are allocated in blocks: a run may have
// one for each of many files.
func (r *runner) add(kind unitKind, files []string) *unit {
	if len(r.block) == 0 {
		r.block = make([]unit, itemBlock)
	}
	u := &r.block[0]
	r.block = r.block[1:]
	*u = unit{id: len(r.units), kind: kind, files: files}
	if kind != firstStage {
		u.pu = &project.Unit{Index: r.index, ID: u.id}
	}
	r.units = append(r.units, u)
	if kind == firstStage {
		for _, f := range files {
			if strings.EqualFold(path.Ext(f), ".tf") {
				r.home[f] = u
			}
		}
	}
	return u
}

// run reads every unit of the run.
func (r *runner) run(files []string) {
	r.each(r.planFirst(files))
	r.each(r.planSecond())
	r.each(r.planAgain())
}

// runWhole reads every file in one unit, as one project: what reading
// unit by unit must give the same findings as.
func (r *runner) runWhole(files []string) {
	u := &unit{kind: whole, files: files}
	r.units = append(r.units, u)
	if len(files) > 0 {
		u.res, u.done = r.check(u, r.src.read), true
	}
}

// each reads units in parallel: one more at a time than there are CPUs,
// so that a unit waiting for a file, or for the AWS managed policies,
// leaves its CPU to another.
func (r *runner) each(units []*unit) {
	r.serial = len(units) > 1
	next := make(chan *unit)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0)+1, len(units)) {
		wg.Go(func() {
			for u := range next {
				r.read(u)
			}
		})
	}
	for _, u := range units {
		next <- u
	}
	close(next)
	wg.Wait()
}

// planFirst makes the units of the first stage: the Terraform modules of
// each directory joined to those they call by a local path, and every
// other file on its own.
func (r *runner) planFirst(files []string) []*unit {
	var out, single []*unit
	var tf []string
	for i, f := range files {
		if strings.EqualFold(path.Ext(f), ".tf") {
			tf = append(tf, f)
			continue
		}
		single = append(single, r.add(firstStage, files[i:i+1:i+1]))
	}
	for _, group := range r.moduleGroups(tf) {
		out = append(out, r.add(firstStage, group))
	}
	return append(out, single...)
}

// planSecond makes the units of the second stage: the files of definitions
// no other file uses, joined to the policies bound to them and to the
// other definitions bound to those, and the account snapshots.
func (r *runner) planSecond() []*unit {
	var cands []string
	for _, f := range r.second {
		if !r.index.Used(f) {
			cands = append(cands, f)
		}
	}
	slices.Sort(cands)
	sets := newUnion()
	for _, f := range cands {
		sets.add(f)
		if r.opts.PoliciesFor == nil {
			continue
		}
		for _, p := range r.opts.PoliciesFor(f) {
			if r.index.Named(p) {
				sets.join(f, p)
			}
		}
	}
	var out []*unit
	for _, group := range sets.groups() {
		u := r.add(policyGroup, group)
		u.pu.Skip = func(rd project.Reader, _ *project.File) bool { return !isStandalone(rd) }
		out = append(out, u)
	}
	if len(r.snapshotFiles) > 0 {
		slices.Sort(r.snapshotFiles)
		out = append(out, r.add(snapshots, r.snapshotFiles))
	}
	return out
}

func isStandalone(rd project.Reader) bool {
	_, ok := rd.(standalone.Reader)
	return ok
}

// planAgain makes the units read again: each unit that looked up an entry
// of the index that changed after it looked, or that needs another unit's
// files, joined to the units it needs.
func (r *runner) planAgain() []*unit {
	sets := newUnion()
	ids := map[string]*unit{}
	for _, u := range r.units {
		if !u.done || u.later || u.pu == nil {
			continue
		}
		var needs []*unit
		for _, id := range u.pu.RoleNeeds() {
			needs = append(needs, r.units[id])
		}
		for _, f := range u.pu.Opened {
			if h := r.home[f]; h != nil && h != u && strings.EqualFold(path.Ext(f), ".tf") {
				needs = append(needs, h)
			}
		}
		if len(needs) == 0 && !u.pu.Stale() {
			continue
		}
		key := u.files[0]
		ids[key] = u
		sets.add(key)
		for _, n := range needs {
			ids[n.files[0]] = n
			sets.join(key, n.files[0])
		}
	}
	var out []*unit
	for _, group := range sets.groups() {
		var files []string
		var members []int
		policyFiles := map[string]bool{}
		for _, key := range group {
			m := ids[key]
			m.replaced = true
			members = append(members, m.id)
			files = append(files, m.files...)
			if m.kind == policyGroup {
				for _, f := range m.files {
					policyFiles[f] = true
				}
			}
		}
		slices.Sort(files)
		u := r.add(joined, slices.Compact(files))
		u.pu.Members, u.pu.Final = members, true
		u.pu.Skip = func(rd project.Reader, f *project.File) bool { return policyFiles[f.Path] && !isStandalone(rd) }
		out = append(out, u)
	}
	return out
}

// read reads, checks and releases one unit.
func (r *runner) read(u *unit) {
	if u.pu == nil {
		u.pu = &project.Unit{Index: r.index, ID: u.id}
	}
	read := r.src.read
	if u.kind == firstStage && len(u.files) == 1 && !strings.EqualFold(path.Ext(u.files[0]), ".tf") {
		name := u.files[0]
		data, err := r.src.read(name)
		if err == nil {
			switch r.sort(name, data) {
			case sortLater:
				r.later(u, &r.second)
				return
			case sortCount:
				u.later = true
				return
			}
		}
		read = func(n string) ([]byte, error) {
			if n == name {
				return data, err
			}
			return r.src.read(n)
		}
		// A definition or a policy is read with those that share its
		// policies, a snapshot with the others.
		u.pu.Defer = func(rd project.Reader, _ *project.File) bool {
			switch rd.(type) {
			case standalone.Reader:
				u.wait = &r.second
			case snapshot.Reader:
				u.wait = &r.snapshotFiles
			}
			return u.wait != nil
		}
	}
	res := r.check(u, read)
	if u.pu != nil && u.pu.Deferred {
		r.later(u, u.wait)
		return
	}
	u.res, u.done = res, true
	if u.pu != nil && len(u.pu.Opened) == 0 && !u.pu.Looked() {
		u.pu = nil // it depends on no other unit
	}
}

// later leaves a unit's files to the second stage.
func (r *runner) later(u *unit, list *[]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	u.later = true
	*list = append(*list, u.files...)
}

// fileSort is what a look at a file's content says of how to read it.
type fileSort uint8

const (
	// sortFirst files may deploy a state machine: the first stage reads
	// them.
	sortFirst fileSort = iota
	// sortLater files cannot: the second stage reads them.
	sortLater
	// sortCount files are not input and hold no directive: there is
	// nothing to read in them.
	sortCount
)

// deployMarkers are words one of which every file that may deploy a state
// machine holds: a template's Resources, a service's stepFunctions, an
// account snapshot's lists and a machine's ARN, a plan's planned_values. A
// backslash may write any of them otherwise, in an escape.
var deployMarkers = [][]byte{[]byte("Resources"), []byte("stepFunctions"), []byte("RoleDetailList"),
	[]byte("UserDetailList"), []byte("stateMachineArn"), []byte("planned_values"), []byte(`\`)}

// sort looks at a named file's content: a file that holds none of the
// words of what deploys machines waits for the second stage, and one that
// is not input at all (see project.LooksRelevant) is only counted.
func (r *runner) sort(name string, data []byte) fileSort {
	for _, m := range deployMarkers {
		if bytes.Contains(data, m) {
			return sortFirst
		}
	}
	if r.opts.Explicit[name] || r.opts.Bound[name] || project.LooksRelevant(data) ||
		bytes.Contains(data, []byte("sfn-lint-ignore")) || bytes.IndexByte(data, 0) >= 0 {
		return sortLater
	}
	return sortCount
}

// check runs the analyzers over a unit's files and keeps what is left of
// them.
func (r *runner) check(u *unit, read func(string) ([]byte, error)) unitResult {
	r.mu.Lock()
	r.byFirst[u.files[0]] = u.pu
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.byFirst, u.files[0])
		r.mu.Unlock()
	}()
	d := &driver{fset: token.NewFileSet(), files: u.files, read: read, serial: r.serial}
	actions := d.exec(r.suite.Analyzers)
	var res unitResult
	proj, _ := actions[r.suite.Load].result.(*rules.Project)
	if u.pu != nil && u.pu.Deferred {
		return res
	}
	files := map[string]*project.File{}
	if proj != nil {
		r.mu.Lock()
		for _, f := range proj.Files {
			if !r.index.Named(f.Path) {
				r.opened[f.Path] = true
			}
			files[f.Path] = f
		}
		r.mu.Unlock()
		for _, pr := range proj.Problems {
			if files[pr.File.Path] == nil {
				files[pr.File.Path] = pr.File
			}
		}
		res.machines = int32(len(proj.Machines))
		for _, m := range proj.Machines {
			if m.Role == nil {
				res.unbound++
			}
		}
		if claimed := proj.Claimed(); len(claimed) > 0 {
			res.more = &unitMore{claimed: claimed}
		}
	}
	lines := func(name string) *node.Lines {
		if f := files[name]; f != nil {
			return f.Lines
		}
		return nil
	}
	var diags []Diagnostic
	for a, act := range actions {
		rule := r.suite.Rule(a)
		if act.err != nil {
			if rule == nil {
				// A shared result failed: its dependents were skipped.
				rule = rules.Load
			}
			diags = append(diags, internalError(rule, act.err))
		}
		for _, ad := range act.diags {
			diags = append(diags, convert(d.fset, lines, proj, rule, ad))
		}
	}
	var directives []directive
	res.diags, directives = suppress(diags, proj, r.configs)
	if len(directives) > 0 {
		if res.more == nil {
			res.more = &unitMore{}
		}
		res.more.directives = directives
	}
	res.diags = levels(res.diags, r.configs, r.on)
	r.src.keepDigests(files, res.diags)
	res.diags = r.kept.keep(res.diags)
	return res
}

// results gathers the findings of every unit, with what the directives
// report, and counts what the run read.
func (r *runner) results() ([]Diagnostic, Summary) {
	var directives []directive
	claimedBy := map[string][]*unit{}
	var sum Summary
	n := 0
	for _, u := range r.units {
		if !u.done || u.later || u.replaced {
			continue
		}
		for _, f := range u.res.claimed() {
			claimedBy[f] = append(claimedBy[f], u)
		}
		sum.StateMachines += int(u.res.machines)
		sum.Unbound += int(u.res.unbound)
		directives = append(directives, u.res.directives()...)
		n += len(u.res.diags)
	}
	diags := make([]Diagnostic, 0, n)
	for _, u := range r.units {
		if !u.done || u.later || u.replaced {
			continue
		}
		for _, d := range u.res.diags {
			if d.Input && d.Rule == rules.Load.Code && r.dropped(u, d.File, claimedBy) {
				continue
			}
			diags = append(diags, d)
		}
		u.res.diags = nil // what is left of the unit is in diags
	}
	sum.Files = r.named + len(r.opened)
	return append(diags, levels(directiveFindings(directives, r.configs), r.configs, r.on)...), sum
}

// dropped reports whether what a unit says of a file it holds is replaced
// by what another unit's reader said of it (see project.DropProblems).
func (r *runner) dropped(u *unit, file string, claimedBy map[string][]*unit) bool {
	if !slices.Contains(u.files, file) {
		return false
	}
	return slices.ContainsFunc(claimedBy[file], func(c *unit) bool { return c != u })
}
