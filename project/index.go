package project

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/internal/block"
)

// A run may read its files unit by unit: a template with the files it
// references, the Terraform modules that call each other, a service, the
// definitions that share policies with those policies. Each unit is read,
// checked and released before the memory it took is needed for the next.
// What a unit's machines look up beyond their own files (the ECS task
// definitions, state machines, HTTP APIs, routes and roles the other units
// define) is in the run's Index, which every unit adds to when it is read.
//
// A unit may be checked before every other unit has added to the index:
// it records the version of every entry it looks at, and once all units
// are read, a unit that saw an entry another unit changed since is read
// again (see Unit.Stale), with the index complete. So the result is the
// one reading every file at once gives, whatever order the units run in.

// Index is what the units of a run know of each other.
type Index struct {
	mu sync.Mutex
	// named reports whether a file is named to the run.
	named func(string) bool
	// used are the definition files a reader read as part of a machine
	// (UseDefinition).
	used      map[string]bool
	taskRoles map[string]taskRolesEntry
	families  map[string][]string // task definition keys by family
	machines  map[string]machineEntry
	httpAPIs  map[string]bool
	routes    map[string][]APIRoute
	roles     roleTable
	// checked are the directories of the files that declare a machine
	// with a role, by the shape of its definition (see shape).
	checked map[string][]string
	// versions count the changes to each entry a lookup read, from the
	// first lookup on.
	versions map[entryKey]int
	// text holds the index's strings, which it keeps while each unit's
	// files come and go.
	text block.Text
}

// keep copies the strings of what the index keeps into its text.
func (x *Index) keep(s ...*string) {
	for _, p := range s {
		*p = x.text.Copy(*p)
	}
}

// NewIndex makes the index of a run; named says which files are named to
// it.
func NewIndex(named func(string) bool) *Index {
	return &Index{named: named, used: map[string]bool{},
		taskRoles: map[string]taskRolesEntry{}, families: map[string][]string{}, machines: map[string]machineEntry{},
		httpAPIs: map[string]bool{}, routes: map[string][]APIRoute{}, roles: roleTable{}, checked: map[string][]string{}, versions: map[entryKey]int{}}
}

// Named reports whether a file is named to the run.
func (x *Index) Named(path string) bool { return x.named(path) }

// Used reports whether a reader read a definition file as part of a
// machine another file declares.
func (x *Index) Used(path string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.used[path]
}

// order places what a unit adds to the index in the order a run that reads
// every file at once would add it: by reader, then kind, then file path,
// then within the file.
type order struct {
	reader int
	kind   Kind
	path   string
	seq    int
}

func (a order) before(b order) bool {
	switch {
	case a.reader != b.reader:
		return a.reader < b.reader
	case a.kind != b.kind:
		return a.kind < b.kind
	case a.path != b.path:
		return a.path < b.path
	}
	return a.seq < b.seq
}

type taskRolesEntry struct {
	roles []string
	at    order
}

type machineEntry struct {
	express bool
	at      order
}

// entryKey names an entry of the index a lookup reads.
type entryKey struct {
	kind entryKind
	key  string
}

type entryKind uint8

const (
	keyTaskRoles entryKind = iota
	keyFamily
	keyMachine
	keyHTTPAPI
	keyRoutes
	keyRole
	keyChecked
)

// bump counts a change to an entry, if a lookup read it: what no unit
// looked at yet needs no count.
func (x *Index) bump(kind entryKind, key string) {
	k := entryKey{kind, key}
	if v, ok := x.versions[k]; ok {
		x.versions[k] = v + 1
	}
}

// setTaskRoles records what a unit's task definition key names; the last
// unit in order to write a key wins, as it would writing one map.
func (x *Index) setTaskRoles(key string, roles []string, at order) {
	prev, ok := x.taskRoles[key]
	if ok && at.before(prev.at) {
		return // a later unit wrote it
	}
	roles = slices.Clone(roles)
	for i := range roles {
		x.keep(&roles[i])
	}
	if !ok {
		x.keep(&key)
	}
	x.keep(&at.path)
	x.taskRoles[key] = taskRolesEntry{roles: roles, at: at}
	fam := TaskFamily(key)
	if !ok && fam != "" {
		x.families[fam] = append(x.families[fam], key)
	}
	if !ok || !slices.Equal(prev.roles, roles) {
		x.bump(keyTaskRoles, key)
		x.bump(keyFamily, fam)
	}
}

func (x *Index) addMachine(arn string, express bool, at order) {
	prev, ok := x.machines[arn]
	if ok && !at.before(prev.at) {
		return
	}
	if !ok {
		x.keep(&arn)
	}
	x.keep(&at.path)
	x.machines[arn] = machineEntry{express: express, at: at}
	if !ok || prev.express != express {
		x.bump(keyMachine, arn)
	}
}

func (x *Index) addHTTPAPI(id string) {
	if !x.httpAPIs[id] {
		x.keep(&id)
		x.httpAPIs[id] = true
		x.bump(keyHTTPAPI, id)
	}
}

func (x *Index) addRoute(r APIRoute) {
	if !slices.Contains(x.routes[r.API], r) {
		x.keep(&r.API, &r.Method, &r.Path, &r.Authorization)
		x.routes[r.API] = append(x.routes[r.API], r)
		x.bump(keyRoutes, r.API)
	}
}

func (x *Index) addChecked(shape, dir string) {
	if !slices.Contains(x.checked[shape], dir) {
		x.keep(&shape, &dir)
		x.checked[shape] = append(x.checked[shape], dir)
		x.bump(keyChecked, shape)
	}
}

// Unit is one unit of a run, as its files are read.
type Unit struct {
	Index *Index
	// ID names the unit. Members are the units a unit read again stands
	// for, when it joins several: what they added to the index is theirs.
	ID      int
	Members []int
	// Final is set when the index is complete: the unit adds nothing to
	// it and records nothing.
	Final bool
	// Defer, when set, says of a named file and the reader that
	// recognised it that the unit is to be read later, with other files:
	// its readers do not run, and Deferred is set.
	Defer    func(Reader, *File) bool
	Deferred bool
	// Skip, when set, says which named files a reader leaves to another
	// unit: they are files of the project, but that reader does not read
	// them here.
	Skip func(Reader, *File) bool
	// Opened lists the files named to the run, held by other units, that
	// references led this unit to.
	Opened []string

	mu        sync.Mutex
	reads     []entryRead // the version of each entry looked at
	roleReads []roleRead
}

// entryRead is the version of an entry a unit looked at.
type entryRead struct {
	key     entryKey
	version int
}

// roleRead is a lookup of a role among other units': the ARN, and how
// many roles of the unit's own files it names.
type roleRead struct {
	arn   string
	local int
}

// member reports whether unit id is this one or one it stands for.
func (u *Unit) member(id int) bool {
	return id == u.ID || slices.Contains(u.Members, id)
}

// read records the version of an entry; the index is locked.
func (u *Unit) read(kind entryKind, key string) {
	if u.Final {
		return
	}
	k := entryKey{kind, key}
	v, ok := u.Index.versions[k]
	if !ok {
		u.Index.versions[k] = 0
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	// A key read again is recorded again: each read's version counts.
	if n := len(u.reads); n == 0 || u.reads[n-1] != (entryRead{k, v}) {
		u.reads = append(u.reads, entryRead{k, v})
	}
}

// Looked reports whether the unit looked anything up in the index.
func (u *Unit) Looked() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.reads) > 0 || len(u.roleReads) > 0
}

// Stale reports whether an entry the unit looked at changed since: its
// findings may not be those a complete index gives.
func (u *Unit) Stale() bool {
	x := u.Index
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, r := range u.reads {
		if x.versions[r.key] != r.version {
			return true
		}
	}
	return false
}

// RoleNeeds lists the units that hold the role one of the unit's tasks
// assumes, as the complete index says: the unit is to be read with them.
func (u *Unit) RoleNeeds() []int {
	x := u.Index
	x.mu.Lock()
	defer x.mu.Unlock()
	var out []int
	for _, r := range u.roleReads {
		remote := x.roles.lookup(r.arn, nil, u.member)
		if r.local == 0 && len(remote) == 1 && !slices.Contains(out, remote[0].unit) {
			out = append(out, remote[0].unit)
		}
	}
	return out
}

// publish adds what the project's files define to the run's index.
func (p *Project) publish() {
	u := p.opts.Unit
	if u == nil || u.Final {
		return
	}
	x := u.Index
	x.mu.Lock()
	defer x.mu.Unlock()
	for i, m := range p.Machines {
		if m.ARN != "" {
			x.addMachine(m.ARN, m.Express, p.orderOf(m.File, i))
		}
	}
	if len(p.TaskRoles) > 0 {
		at := p.orderOf(p.firstRead(), 0)
		for key, roles := range p.TaskRoles {
			x.setTaskRoles(key, roles, at)
		}
	}
	for _, m := range p.Machines {
		if declaredChecked(m) {
			x.addChecked(shape(m.Definition), path.Dir(m.File.Path))
		}
	}
	for _, id := range p.HTTPAPIs {
		x.addHTTPAPI(id)
	}
	for _, r := range p.APIRoutes {
		x.addRoute(r)
	}
	for _, src := range p.roleSources {
		e := &roleEntry{match: src.Match, unit: u.ID}
		x.keep(&e.match.Value)
		for _, k := range x.roles.add(e) {
			x.bump(keyRole, k)
		}
	}
	for path := range p.usedDefinitions {
		if !x.used[path] {
			x.keep(&path)
			x.used[path] = true
		}
	}
}

// orderOf places the seq'th thing a file adds among what a run reads.
func (p *Project) orderOf(f *File, seq int) order {
	at := order{reader: len(p.opts.Readers), seq: seq}
	if f == nil {
		return at
	}
	at.kind, at.path = f.Kind, f.Path
	for i, r := range p.opts.Readers {
		if r == p.readerOf[f] {
			at.reader = i
		}
	}
	return at
}

// firstRead is the first named file a reader read, in path order.
func (p *Project) firstRead() *File {
	for _, f := range p.Files {
		if p.readerOf[f] != nil {
			return f
		}
	}
	return nil
}

// TaskFamily is the family of an ECS task definition's ARN or
// family:revision, "" for an ARN of something else.
func TaskFamily(v string) string {
	if _, rest, ok := strings.Cut(v, "task-definition/"); ok {
		v = rest
	} else if strings.HasPrefix(v, "arn:") {
		return ""
	}
	f, _, _ := strings.Cut(v, ":")
	return f
}

// TaskRolesOf returns the roles the ECS task definitions of the run name
// for a task definition a task runs: the one of this key, or else those
// of its family.
func (p *Project) TaskRolesOf(key string) []string {
	u := p.opts.Unit
	if u == nil {
		return TaskRolesIn(p.TaskRoles, key)
	}
	x := u.Index
	x.mu.Lock()
	defer x.mu.Unlock()
	u.read(keyTaskRoles, key)
	if e, ok := x.taskRoles[key]; ok {
		return e.roles
	}
	fam := TaskFamily(key)
	u.read(keyFamily, fam)
	if fam == "" {
		return nil
	}
	keys := slices.Sorted(slices.Values(x.families[fam]))
	var out []string
	for _, k := range keys {
		out = append(out, x.taskRoles[k].roles...)
	}
	return out
}

// TaskRolesIn looks a task definition up in a map of the roles each names,
// as TaskRolesOf does.
func TaskRolesIn(m map[string][]string, key string) []string {
	if roles, ok := m[key]; ok {
		return roles
	}
	fam := TaskFamily(key)
	if fam == "" {
		return nil
	}
	var keys []string
	for k := range m {
		if TaskFamily(k) == fam {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		out = append(out, m[k]...)
	}
	return out
}

// StateMachine reports whether the run's files define a state machine
// with this ARN, and whether the first that does is an Express workflow.
func (p *Project) StateMachine(arn string) (express, ok bool) {
	u := p.opts.Unit
	if u == nil {
		for _, m := range p.Machines {
			if m.ARN != "" && m.ARN == arn {
				return m.Express, true
			}
		}
		return false, false
	}
	x := u.Index
	x.mu.Lock()
	defer x.mu.Unlock()
	u.read(keyMachine, arn)
	e, ok := x.machines[arn]
	return e.express, ok
}

// declaredChecked reports whether a machine is declared by a deployer (a
// template, module or service) and checked with its role.
func declaredChecked(m *Machine) bool {
	return m.Role != nil && m.Definition != nil && m.NameNode != nil && m.File != nil
}

// shape is what a copy of a definition has in common with it: the start
// state, how many states and Map states it has, and where its tasks are.
func shape(sm *asl.StateMachine) string {
	start, _ := sm.Root.Get("StartAt").Str()
	paths := make([]string, 0, len(sm.Tasks))
	for _, t := range sm.Tasks {
		paths = append(paths, t.Path)
	}
	slices.Sort(paths)
	return fmt.Sprintf("%s/%d/%d\x00%s", start, sm.States, len(sm.Maps), strings.Join(paths, "\x00"))
}

// CopyOfChecked reports whether a standalone definition that nothing binds
// is a copy of the definition of a machine the run checks: the same states
// by name and place, beside or below the file that declares that machine,
// as projects keep a definition file beside the template that inlines it
// (for the console or a README).
func (p *Project) CopyOfChecked(m *Machine) bool {
	if m.NameNode != nil || m.Definition == nil || m.Definition.States == 0 || m.File == nil {
		return false // a machine its deployer declares, or one not read
	}
	key := shape(m.Definition)
	var dirs []string
	if u := p.opts.Unit; u == nil {
		for _, o := range p.Machines {
			if o != m && declaredChecked(o) && shape(o.Definition) == key {
				dirs = append(dirs, path.Dir(o.File.Path))
			}
		}
	} else {
		x := u.Index
		x.mu.Lock()
		u.read(keyChecked, key)
		dirs = slices.Clone(x.checked[key])
		x.mu.Unlock()
	}
	return slices.ContainsFunc(dirs, func(dir string) bool {
		return dir == "." || strings.HasPrefix(m.File.Path, dir+"/")
	})
}

// IsHTTPAPI reports whether an API ID is that of an HTTP API of the run.
func (p *Project) IsHTTPAPI(id string) bool {
	u := p.opts.Unit
	if u == nil {
		return slices.Contains(p.HTTPAPIs, id)
	}
	x := u.Index
	x.mu.Lock()
	defer x.mu.Unlock()
	u.read(keyHTTPAPI, id)
	return x.httpAPIs[id]
}

// RoutesOf returns the methods and routes of an API of the run.
func (p *Project) RoutesOf(api string) []APIRoute {
	u := p.opts.Unit
	if u == nil {
		var out []APIRoute
		for _, r := range p.APIRoutes {
			if r.API == api {
				out = append(out, r)
			}
		}
		return out
	}
	x := u.Index
	x.mu.Lock()
	defer x.mu.Unlock()
	u.read(keyRoutes, api)
	return slices.Clone(x.routes[api])
}

// RoleMatch says which role ARNs name a role the files define.
type RoleMatch struct {
	Kind RoleMatchKind
	// Value is the ARN or the name, as Kind says.
	Value string
}

// RoleMatchKind is how a RoleMatch compares ARNs.
type RoleMatchKind uint8

const (
	// MatchNone names no ARN: the role's name and ARN are not known.
	MatchNone RoleMatchKind = iota
	// MatchARN names the role's ARN, exactly.
	MatchARN
	// MatchName names the role by its name as ARNNamesRole takes it.
	MatchName
	// MatchIAMName names a role by its literal name: an IAM ARN that
	// ends with it.
	MatchIAMName
)

// Names reports whether a role ARN names the role.
func (r RoleMatch) Names(arn string) bool {
	switch r.Kind {
	case MatchARN:
		return arn == r.Value
	case MatchName:
		return ARNNamesRole(arn, r.Value)
	case MatchIAMName:
		return strings.Contains(arn, ":iam::") && strings.HasSuffix(arn, "/"+r.Value)
	}
	return false
}

// keys are the index keys under which the role is found: every ARN that
// names it holds one of them (see probes).
func (r RoleMatch) keys() []string {
	switch r.Kind {
	case MatchARN:
		return []string{"x" + r.Value}
	case MatchName:
		out := []string{"s" + r.Value}
		if tok, ok := firstSymbol(r.Value); ok {
			out = append(out, "t"+tok)
		}
		return out
	case MatchIAMName:
		return []string{"s" + r.Value}
	}
	return nil
}

// probes are the keys under which the roles an ARN names are found: the
// ARN itself, what follows each slash of it, and each symbol in it.
func probes(arn string) []string {
	out := []string{"x" + arn}
	for i := 0; i < len(arn); i++ {
		if arn[i] == '/' {
			out = append(out, "s"+arn[i+1:])
		}
	}
	for i := 0; i < len(arn); i++ {
		if tok, ok := firstSymbol(arn[i:]); ok && strings.HasPrefix(arn[i:], symOpen) {
			out = append(out, "t"+tok)
		}
	}
	return out
}

// firstSymbol returns the first symbol of a value, from where it opens to
// the first close after that.
func firstSymbol(s string) (string, bool) {
	open := strings.Index(s, symOpen)
	if open < 0 {
		return "", false
	}
	end := strings.Index(s[open:], symClose)
	if end < 0 {
		return "", false
	}
	return s[open : open+end+len(symClose)], true
}

// roleEntry is a role the files define, offered to the tasks that assume
// one: src is the role in the project that reads it, unit the unit it is
// read in, in the run's index.
type roleEntry struct {
	match RoleMatch
	src   *RoleSource
	unit  int
}

// roleTable finds roles by the ARNs that name them.
type roleTable map[string][]*roleEntry

// add adds a role and returns the keys it is found under.
func (t roleTable) add(e *roleEntry) []string {
	keys := e.match.keys()
	for _, k := range keys {
		t[k] = append(t[k], e)
	}
	return keys
}

// lookup returns the roles an ARN names, each once; seen, when set, is
// told each key looked at; skip leaves out the roles of some units.
func (t roleTable) lookup(arn string, seen func(key string), skip func(unit int) bool) []*roleEntry {
	var out []*roleEntry
	for _, k := range probes(arn) {
		if seen != nil {
			seen(k)
		}
		for _, e := range t[k] {
			if skip != nil && skip(e.unit) || slices.Contains(out, e) || !e.match.Names(arn) {
				continue
			}
			out = append(out, e)
		}
	}
	return out
}
