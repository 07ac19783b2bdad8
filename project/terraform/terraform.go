package terraform

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// tfModule is one Terraform module being read: the .tf files of one
// directory.
type tfModule struct {
	p      *project.Project
	dir    string
	files  []*project.File
	blocks []*tfBlock // resources, data sources and modules, in file order
	res    map[string]*tfBlock
	data   map[string]*tfBlock
	vars   map[string]*tfBlock
	locals map[string]hexpr
	// The deployment, as symbols unless the files write one Region and
	// one account into their ARNs throughout.
	partition, region, account string
	known                      bool // region and account are literal
	// providers are the aws provider blocks, by alias ("" for the
	// default one); regionVar and accountVar name the variables the
	// default one takes the Region and the account from.
	providers             map[string]*tfBlock
	regionVar, accountVar string
	visiting              map[string]bool
	roles                 map[string]*project.Role
	steps                 int               // expressions evaluated, against maxEvalSteps
	probs                 []project.Problem // parse problems, reported when the module is read
	// A module called from another in the run is read once per call:
	// parent is the calling instance, via its module block, and rel the
	// directory relative to the root module's (path.module).
	parent *tfModule
	via    *tfBlock
	rel    string
	run    *tfRun
	// keys are the key policies of the instance's KMS keys, read once
	// (keysRead).
	keys     []*project.ResourcePolicy
	keysRead bool
}

// tfRun is what the modules of one run know of each other.
type tfRun struct {
	mods      map[string]*tfModule // parsed, by directory
	relevant  map[string]bool      // the module or one it calls may declare a machine
	reached   map[string]bool      // read at least once
	instances int
}

// maxModuleInstances bounds how many module instances one run reads:
// modules that each call the next several times multiply.
const maxModuleInstances = 1000

// tfBlock is a top-level block: resource, data, module or variable.
type tfBlock struct {
	f    *project.File
	b    *hclsyntax.Block
	kind string // "resource", "data", "module", "variable"
	typ  string // resource or data source type; empty for modules and variables
	name string
}

func (b *tfBlock) body() *hclsyntax.Body { return b.b.Body }

// addr is the block's address, as Terraform writes it.
func (b *tfBlock) addr() string {
	switch b.kind {
	case "data":
		return "data." + b.typ + "." + b.name
	case "module":
		return "module." + b.name
	case "variable":
		return "var." + b.name
	}
	return b.typ + "." + b.name
}

func (b *tfBlock) attr(name string) (hexpr, bool) {
	body := b.body()
	for {
		// A path into nested blocks, such as routing_configuration.weight,
		// reads the first block of each type.
		blk, rest, ok := strings.Cut(name, ".")
		if !ok {
			break
		}
		bs := nested(body, blk)
		if len(bs) == 0 {
			return hexpr{}, false
		}
		body, name = bs[0].Body, rest
	}
	a := body.Attributes[name]
	if a == nil {
		return hexpr{}, false
	}
	return hexpr{f: b.f, e: a.Expr}, true
}

// node spans the whole block.
func (b *tfBlock) node() *node.Node {
	return &node.Node{Kind: node.Map, Pos: b.b.TypeRange.Start.Byte, End: b.b.CloseBraceRange.End.Byte}
}

// labelNode is the block's name label, where findings about the resource
// as a whole point.
func (b *tfBlock) labelNode() *node.Node {
	r := b.b.LabelRanges[len(b.b.LabelRanges)-1]
	return rangeNode(r, b.name)
}

// nestedNode spans the keyword of a nested block, such as
// logging_configuration.
func nestedNode(b *hclsyntax.Block) *node.Node {
	return rangeNode(b.TypeRange, b.Type)
}

func nested(body *hclsyntax.Body, typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, b := range body.Blocks {
		if b.Type == typ {
			out = append(out, b)
		}
	}
	return out
}

// readTerraform reads the state machines and roles of the Terraform
// modules among the files. A module another one calls through a local
// source is read as part of each call, with the call's arguments, rather
// than on its own.
func readTerraform(p *project.Project, files []*project.File) {
	var dirs []string
	byDir := map[string][]*project.File{}
	for _, f := range files {
		if f.Kind != Terraform {
			continue
		}
		d := path.Dir(f.Path)
		if byDir[d] == nil {
			dirs = append(dirs, d)
		}
		byDir[d] = append(byDir[d], f)
	}
	run := &tfRun{mods: map[string]*tfModule{}, relevant: map[string]bool{}, reached: map[string]bool{}}
	var parse []string
	for _, d := range dirs {
		if ownMachines(byDir[d]) || callsLocal(byDir[d]) {
			parse = append(parse, d)
		}
	}
	// Parsing HCL is most of the cost, and each module is parsed alone.
	mods := make([]*tfModule, len(parse))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, d := range parse {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			mods[i] = parseModule(p, d, byDir[d])
		}()
	}
	wg.Wait()
	for i, d := range parse {
		mods[i].run = run
		run.mods[d] = mods[i]
	}
	called := map[string]bool{}
	for _, d := range dirs {
		if m := run.mods[d]; m != nil {
			for _, b := range m.blocks {
				if c := m.localChild(b); c != nil && c.dir != d {
					called[c.dir] = true
				}
			}
		}
	}
	for _, d := range dirs {
		if m := run.mods[d]; m != nil && !called[d] && run.isRelevant(m) {
			m.read()
		}
	}
	// Modules only called by each other in a cycle, or by calls that are
	// switched off, have no root to be read from: read them on their own.
	for _, d := range dirs {
		if m := run.mods[d]; m != nil && !run.reached[d] && run.isRelevant(m) {
			m.read()
		}
	}
}

// ownMachines reports whether the files may declare a state machine.
func ownMachines(files []*project.File) bool {
	for _, f := range files {
		if bytes.Contains(f.Data, []byte("aws_sfn_state_machine")) || bytes.Contains(f.Data, []byte("step-functions")) {
			return true
		}
	}
	return false
}

var localSource = regexp.MustCompile(`source\s*=\s*"\.\.?/`)

// callsLocal reports whether the files may call a module by a local path.
func callsLocal(files []*project.File) bool {
	for _, f := range files {
		if localSource.Match(f.Data) {
			return true
		}
	}
	return false
}

// isRelevant reports whether a module or one it calls, directly or not,
// may declare a state machine.
func (r *tfRun) isRelevant(m *tfModule) bool {
	if v, ok := r.relevant[m.dir]; ok {
		return v
	}
	seen := map[string]bool{}
	var reach func(c *tfModule) bool
	reach = func(c *tfModule) bool {
		if seen[c.dir] {
			return false
		}
		seen[c.dir] = true
		if ownMachines(c.files) {
			return true
		}
		for _, b := range c.blocks {
			if cc := c.localChild(b); cc != nil && reach(cc) {
				return true
			}
		}
		return false
	}
	v := reach(m)
	r.relevant[m.dir] = v
	return v
}

// localSource returns the relative path of a module call's local source.
func (m *tfModule) localSource(b *tfBlock) (string, bool) {
	if b.kind != "module" {
		return "", false
	}
	x, ok := b.attr("source")
	if !ok {
		return "", false
	}
	src, ok := m.str(x, 0)
	if !ok || iam.HasSym(src) || !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") {
		return "", false
	}
	return src, true
}

// localChild returns the parsed module a module block calls by a local
// path, or nil.
func (m *tfModule) localChild(b *tfBlock) *tfModule {
	src, ok := m.localSource(b)
	if !ok || m.run == nil {
		return nil
	}
	return m.run.module(m.p, path.Join(m.dir, src))
}

// module returns the parsed module in dir, reading its .tf files when the
// run did not name them (a pre-commit run names only the changed files),
// or nil when it cannot hold or call a state machine.
func (r *tfRun) module(p *project.Project, dir string) *tfModule {
	if m, ok := r.mods[dir]; ok {
		return m
	}
	r.mods[dir] = nil
	entries, err := p.ReadDir(dir)
	if err != nil {
		return nil
	}
	var files []*project.File
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(path.Ext(e.Name()), ".tf") {
			continue
		}
		if f, err := p.Open(dir + "/" + e.Name()); err == nil {
			files = append(files, f)
		}
	}
	if !ownMachines(files) && !callsLocal(files) {
		return nil
	}
	m := parseModule(p, dir, files)
	m.run = r
	r.mods[dir] = m
	return m
}

// stepFunctionsModule recognises the source of the community module that
// creates a state machine and its role.
func stepFunctionsModule(src string) bool {
	return strings.Contains(src, "terraform-aws-modules/step-functions") || strings.Contains(src, "terraform-aws-step-functions")
}

// read reads the machines of a module instance and of the local modules
// it calls.
func (m *tfModule) read() {
	if !m.run.reached[m.dir] {
		m.run.reached[m.dir] = true
		m.p.Problems = append(m.p.Problems, m.probs...)
	}
	m.taskRoles()
	m.offerRoles()
	m.apiRoutes()
	for _, b := range m.blocks {
		if b.kind == "module" || b.kind == "resource" && b.typ == "aws_sfn_state_machine" {
			m.useDefinitionFiles(b)
		}
		switch {
		case m.absent(b):
		case b.kind == "resource" && b.typ == "aws_sfn_state_machine":
			m.readMachine(b)
		case b.kind == "module":
			if x, ok := b.attr("source"); ok {
				if src, _ := m.str(x, 0); stepFunctionsModule(src) {
					m.readModuleMachine(b)
					continue
				}
			}
			c := m.localChild(b)
			if c == nil || !m.run.isRelevant(c) || m.calling(c.dir) || m.run.instances >= maxModuleInstances {
				// A module that calls itself, directly or not, would
				// never end in Terraform either.
				continue
			}
			m.run.instances++
			m.instance(c, b).read()
		}
	}
	m.markShared()
}

// useDefinitionFiles records the files a machine's definition, or the
// arguments of a module call, read: switched off, not read here or read,
// they are part of the configuration, not machines of their own.
func (m *tfModule) useDefinitionFiles(b *tfBlock) {
	seen := map[string]bool{}
	for name, a := range b.body().Attributes {
		if b.kind == "module" || name == "definition" {
			m.useFiles(hexpr{f: b.f, e: a.Expr}, seen, 0)
		}
	}
}

// calling reports whether this instance is, or is called from, an instance
// of the module in dir.
func (m *tfModule) calling(dir string) bool {
	for i := m; i != nil; i = i.parent {
		if i.dir == dir {
			return true
		}
	}
	return false
}

// instance makes an instance of the parsed module c for a call from m.
// Count and for_each make one instance, as they make one of a resource.
func (m *tfModule) instance(c *tfModule, call *tfBlock) *tfModule {
	src, _ := m.localSource(call)
	i := *c
	i.parent, i.via, i.rel = m, call, path.Join(m.rel, src)
	i.visiting, i.roles, i.steps = map[string]bool{}, map[string]*project.Role{}, 0
	i.keys, i.keysRead = nil, false
	if !i.known {
		// The module's default provider is the caller's, or the one the
		// call passes it.
		i.region, i.account = m.calledRegion(call), m.account
		i.known = !iam.HasSym(i.region) && !iam.HasSym(i.account)
	}
	if i.partition == "aws" {
		i.partition = m.partition
	}
	i.applyProvider()
	return &i
}

// root is the instance Terraform runs in: relative paths start there.
func (m *tfModule) root() *tfModule {
	for m.parent != nil {
		m = m.parent
	}
	return m
}

// addrPrefix is the module path of an instance, as Terraform writes it
// before the addresses of its resources.
func (m *tfModule) addrPrefix() string {
	if m.parent == nil {
		return ""
	}
	return m.parent.addrPrefix() + "module." + m.via.name + "."
}

// parseModule parses the files of a module and indexes its blocks.
func parseModule(p *project.Project, dir string, files []*project.File) *tfModule {
	m := &tfModule{p: p, dir: dir, files: files, res: map[string]*tfBlock{}, data: map[string]*tfBlock{},
		vars: map[string]*tfBlock{}, locals: map[string]hexpr{}, visiting: map[string]bool{}, roles: map[string]*project.Role{},
		providers: map[string]*tfBlock{}, partition: "aws", region: iam.Region, account: iam.AccountID, rel: "."}
	var ev project.Evidence
	for _, f := range files {
		file, diags := hclsyntax.ParseConfig(f.Data, f.Path, hcl.InitialPos)
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				pr := project.Problem{File: f, Msg: "cannot parse: " + strings.TrimSuffix(d.Summary, ".")}
				if d.Detail != "" {
					pr.Msg += ": " + d.Detail
				}
				if d.Subject != nil {
					pr.Pos, pr.End = d.Subject.Start.Byte, d.Subject.End.Byte
				}
				m.probs = append(m.probs, pr)
				break
			}
		}
		if file == nil {
			continue
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		f.Place = placer(body)
		for _, b := range body.Blocks {
			tb := &tfBlock{f: f, b: b, kind: b.Type}
			switch {
			case (b.Type == "resource" || b.Type == "data") && len(b.Labels) == 2:
				tb.typ, tb.name = b.Labels[0], b.Labels[1]
				if b.Type == "resource" {
					m.res[tb.typ+"."+tb.name] = tb
				} else {
					m.data[tb.typ+"."+tb.name] = tb
				}
				m.blocks = append(m.blocks, tb)
			case b.Type == "module" && len(b.Labels) == 1:
				tb.name = b.Labels[0]
				m.blocks = append(m.blocks, tb)
			case b.Type == "variable" && len(b.Labels) == 1:
				tb.name = b.Labels[0]
				m.vars[tb.name] = tb
			case b.Type == "locals":
				for name, a := range b.Body.Attributes {
					m.locals[name] = hexpr{f: f, e: a.Expr}
				}
			case b.Type == "provider" && len(b.Labels) == 1 && b.Labels[0] == "aws":
				alias := ""
				if a := b.Body.Attributes["alias"]; a != nil {
					alias, _ = m.str(hexpr{f: f, e: a.Expr}, 0)
				}
				m.providers[alias] = tb
			}
		}
		ev.Add(f.Data)
	}
	if part := ev.Partition(); part != "" {
		m.partition = part
	}
	if b := m.providers[""]; b != nil {
		if x, ok := b.attr("region"); ok && varName(x.e) != "" {
			ev.Symbolic()
		}
	}
	if r, a, ok := ev.Place(); ok {
		m.region, m.account, m.known = r, a, true
	}
	m.applyProvider()
	return m
}

// absent reports whether a resource is switched off: count = 0, or a
// count that evaluates to 0 with the variables' defaults.
func (m *tfModule) absent(b *tfBlock) bool {
	x, ok := b.attr("count")
	if !ok {
		return false
	}
	s, ok := m.str(x, 0)
	return ok && s == "0"
}

// taskRoles records the roles each ECS task definition names, for the
// PassRole its tasks need.
func (m *tfModule) taskRoles() {
	for _, b := range m.blocks {
		if b.kind != "resource" || b.typ != "aws_ecs_task_definition" || m.absent(b) {
			continue
		}
		arn, ok := m.identity(b.typ, b.name, "arn", 0)
		if !ok {
			continue
		}
		var roles []string
		for _, a := range []string{"task_role_arn", "execution_role_arn"} {
			if x, ok := b.attr(a); ok {
				if v, ok := m.str(x, 0); ok {
					roles = append(roles, v)
				}
			}
		}
		m.p.TaskRoles[arn] = roles
	}
}

func (m *tfModule) newMachine(b *tfBlock) *project.Machine {
	mc := &project.Machine{Name: b.name, File: b.f, Node: b.node(), NameNode: b.labelNode(), Path: m.addrPrefix() + b.addr(),
		TaskRoles: m.p.TaskRoles, Scope: m}
	if m.parent != nil {
		// The instances of a module share its labels: they differ by the
		// name each call gives, or else by the call.
		mc.Name = m.via.name
		if x, ok := b.attr("name"); ok {
			if v, ok := m.str(x, 0); ok && v != "" {
				mc.Name = iam.Display(v)
			}
		}
	}
	if region := m.regionOf(b); region != iam.Region || m.account != iam.AccountID {
		mc.Region, mc.Account = region, m.account
	}
	m.p.Machines = append(m.p.Machines, mc)
	return mc
}

// readMachine reads an aws_sfn_state_machine and binds it to its role.
func (m *tfModule) readMachine(b *tfBlock) {
	mc := m.newMachine(b)
	mc.ARN, _ = m.identity(b.typ, b.name, "arn", 0)
	if x, ok := b.attr("definition"); ok {
		m.readDefinition(mc, x, 0)
	} else {
		mc.Unbound = "it has no definition"
	}
	body := b.body()
	for _, lc := range nested(body, "logging_configuration") {
		mc.LoggingNode = nestedNode(lc)
		if a := lc.Body.Attributes["level"]; a != nil {
			lvl, _ := m.str(hexpr{f: b.f, e: a.Expr}, 0)
			mc.Logging = lvl != "" && lvl != "OFF"
		}
	}
	for _, tc := range nested(body, "tracing_configuration") {
		mc.TracingNode = nestedNode(tc)
		if a := tc.Body.Attributes["enabled"]; a != nil {
			on, _ := m.str(hexpr{f: b.f, e: a.Expr}, 0)
			mc.Tracing = on == "true"
		}
	}
	for _, ec := range nested(body, "encryption_configuration") {
		typ, key := ec.Body.Attributes["type"], ec.Body.Attributes["kms_key_id"]
		if typ == nil {
			continue
		}
		if t, _ := m.str(hexpr{f: b.f, e: typ.Expr}, 0); t == "CUSTOMER_MANAGED_KMS_KEY" {
			mc.EncryptionNode = nestedNode(ec)
			mc.KMSKey = iam.Any
			if key != nil {
				mc.KMSKey = m.kmsKeyARN(hexpr{f: b.f, e: key.Expr})
			}
		}
	}
	if x, ok := b.attr("type"); ok {
		if t, _ := m.str(x, 0); t == "EXPRESS" {
			mc.Express = true
		}
	}
	if mc.Unbound == "" {
		if x, ok := b.attr("role_arn"); !ok {
			mc.Unbound = "it has no role_arn"
		} else if owner, label, why := m.findRole(x, 0); label == "" {
			mc.Unbound = why
		} else {
			mc.Role = owner.roleFor(label)
			mc.ResourcePolicies = m.keyPolicies()
			if owner != m {
				mc.ResourcePolicies = append(slices.Clip(mc.ResourcePolicies), owner.keyPolicies()...)
			}
		}
	}
	if mc.Definition == nil && mc.Unbound == "" {
		mc.Unbound = "its definition could not be read"
	}
}

// readModuleMachine reads the state machine of a terraform-aws-modules
// step-functions module: its definition is checked, its role is not.
func (m *tfModule) readModuleMachine(b *tfBlock) {
	mc := m.newMachine(b)
	name := iam.GenSym(b.addr())
	if x, ok := b.attr("name"); ok {
		if v, ok := m.str(x, 0); ok && v != "" {
			name = v
		}
	}
	mc.ARN = m.arn("states", "stateMachine:"+name)
	if x, ok := b.attr("definition"); ok {
		m.readDefinition(mc, x, 0)
	}
	mc.Unbound = "its role is generated by the terraform-aws-modules step-functions module, whose policies are not read yet"
}

// kmsKeyARN turns a kms_key_id (key ID, key ARN, alias name or alias ARN)
// into the ARN IAM sees for the key.
func (m *tfModule) kmsKeyARN(x hexpr) string {
	v, ok := m.str(x, 0)
	if !ok {
		return iam.Any
	}
	return project.KeyARN(v, m.partition, m.region, m.account)
}

// findRole finds the aws_iam_role a role_arn names, and the module
// instance it belongs to, or says why not.
func (m *tfModule) findRole(x hexpr, depth int) (*tfModule, string, string) {
	if depth > maxEvalDepth {
		return nil, "", "its role_arn cannot be read"
	}
	if x.elsewhere(m) {
		return x.mod.findRole(x, depth+1)
	}
	names := refNames(x.e)
	switch {
	case len(names) >= 2 && names[0] == "aws_iam_role":
		if b := m.res["aws_iam_role."+names[1]]; b != nil && !m.absent(b) {
			return m, names[1], ""
		}
		return nil, "", fmt.Sprintf("its role_arn names aws_iam_role.%s, which is not in the .tf files read from its directory", names[1])
	case len(names) >= 3 && names[0] == "data" && names[1] == "aws_iam_role":
		return nil, "", fmt.Sprintf("its role is looked up with data.aws_iam_role.%s: a role defined outside this module", names[2])
	case len(names) >= 2 && names[0] == "local":
		if l, ok := m.locals[names[1]]; ok && len(names) == 2 {
			return m.findRole(l, depth+1)
		}
	case len(names) >= 2 && names[0] == "var":
		d, ok := m.follow(x, names[:2])
		if !ok {
			return nil, "", fmt.Sprintf("its role ARN comes from the variable var.%s", names[1])
		}
		if d.elsewhere(m) && len(names) == 2 {
			// Passed by the module's caller: the role is the caller's.
			return m.findRole(d, depth+1)
		}
	case len(names) >= 2 && names[0] == "module":
		return nil, "", fmt.Sprintf("its role ARN comes from module.%s, whose resources are not read", names[1])
	case len(names) >= 2 && m.res[names[0]+"."+names[1]] != nil:
		return nil, "", fmt.Sprintf("its role_arn names %s.%s, which is not an aws_iam_role", names[0], names[1])
	}
	s, ok := m.str(x, depth)
	if !ok {
		return nil, "", "its role_arn cannot be read"
	}
	var cands []string
	for _, b := range m.blocks {
		if b.kind != "resource" || b.typ != "aws_iam_role" || m.absent(b) {
			continue
		}
		if m.arnNames(b.name, s) {
			cands = append(cands, b.name)
		}
	}
	if len(cands) == 1 {
		return m, cands[0], ""
	}
	if strings.HasPrefix(s, "arn:") && !iam.HasSym(s) {
		return nil, "", fmt.Sprintf("its role %q is not defined in this module", s)
	}
	return nil, "", fmt.Sprintf("its role_arn %q names no role of this module", iam.Display(s))
}
