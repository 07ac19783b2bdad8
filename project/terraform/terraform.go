package terraform

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/sfn-lint/sfn-lint/asl"
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
	visiting                   map[string]bool
	roles                      map[string]*project.Role
	steps                      int               // expressions evaluated, against maxEvalSteps
	probs                      []project.Problem // parse problems, reported when the module is read
	// A module called from another in the run is read once per call:
	// parent is the calling instance, via its module block, and rel the
	// directory relative to the root module's (path.module).
	parent *tfModule
	via    *tfBlock
	rel    string
	run    *tfRun
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
	a := b.body().Attributes[name]
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
	for _, b := range m.blocks {
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
	if !i.known && m.known {
		i.region, i.account, i.known = m.region, m.account, true
	}
	if i.partition == "aws" {
		i.partition = m.partition
	}
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
		partition: "aws", region: iam.Region, account: iam.AccountID, rel: "."}
	regions, accounts := map[string]bool{}, map[string]bool{}
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
			}
		}
		for _, part := range []string{"aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"} {
			if bytes.Contains(f.Data, []byte("arn:"+part+":")) {
				m.partition = part
			}
		}
		for _, mm := range project.LiteralARN.FindAllSubmatch(f.Data, -1) {
			regions[string(mm[1])], accounts[string(mm[2])] = true, true
		}
	}
	if len(regions) == 1 && len(accounts) == 1 {
		for r := range regions {
			m.region = r
		}
		for a := range accounts {
			m.account = a
		}
		m.known = true
	}
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
	mc := &project.Machine{Name: b.name, File: b.f, Node: b.node(), NameNode: b.labelNode(), Path: m.addrPrefix() + b.addr(), TaskRoles: m.p.TaskRoles}
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
	if m.known {
		mc.Region, mc.Account = m.region, m.account
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
		name, _ := m.identity(b.typ, b.name, "name", 0)
		if project.ARNNamesRole(s, name) {
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

// readDefinition reads a definition argument: JSON in a string or heredoc,
// jsonencode() of an HCL object, file(), templatefile(), a template_file
// data source, or a local holding one of these.
func (m *tfModule) readDefinition(mc *project.Machine, x hexpr, depth int) {
	fail := func(format string, args ...any) {
		if mc.Unbound == "" {
			mc.Unbound = fmt.Sprintf(format, args...)
		}
	}
	if depth > maxEvalDepth {
		fail("its definition cannot be read")
		return
	}
	if x.elsewhere(m) {
		x.mod.readDefinition(mc, x, depth+1)
		return
	}
	switch e := x.e.(type) {
	case *hclsyntax.TemplateWrapExpr:
		m.readDefinition(mc, x.sub(e.Wrapped), depth+1)
	case *hclsyntax.ParenthesesExpr:
		m.readDefinition(mc, x.sub(e.Expression), depth+1)
	case *hclsyntax.TemplateExpr:
		r := e.Range()
		quoted := r.Start.Byte < len(x.f.Data) && x.f.Data[r.Start.Byte] == '"'
		text, mapOff, opaque, err := m.templateJSON(x, quoted)
		if err != nil {
			fail("its definition %v", err)
			return
		}
		m.parseDefinition(mc, x.f, text, mapOff, opaque)
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "jsonencode":
			if len(e.Args) == 1 {
				// A definition held in a local is read where it is written.
				arg := x.sub(e.Args[0])
				for i := 0; i < maxEvalDepth; i++ {
					d, ok := m.follow(arg, refNames(arg.e))
					if _, isRef := arg.e.(*hclsyntax.ScopeTraversalExpr); !ok || !isRef {
						break
					}
					arg = d
				}
				if call, ok := arg.e.(*hclsyntax.FunctionCallExpr); ok && (call.Name == "yamldecode" || call.Name == "jsondecode") && len(call.Args) == 1 {
					// A JSON or YAML file re-encoded: read as the file was parsed.
					if inner, ok := call.Args[0].(*hclsyntax.FunctionCallExpr); ok && inner.Name == "file" {
						if f := m.fileArg(mc, arg, inner); f != nil {
							m.p.UseDefinition(f.Path)
							if f.Root == nil {
								fail("its definition file %s cannot be parsed", f.Path)
								return
							}
							m.useDefinition(mc, f, f.Root)
						}
						return
					}
				}
				n := m.toNode(arg, 0)
				if n == nil || n.Kind != node.Map {
					what := arg.source()
					if call, ok := arg.e.(*hclsyntax.FunctionCallExpr); ok {
						what = call.Name + "()"
					}
					fail("its definition is computed by %s, which is not evaluated here", what)
					return
				}
				m.useDefinition(mc, arg.f, n)
				return
			}
		case "file":
			if f := m.fileArg(mc, x, e); f != nil {
				m.readJSONFile(mc, f)
			}
			return
		case "templatefile":
			f := m.fileArg(mc, x, e)
			if f == nil {
				return
			}
			var vars map[string]hexpr
			if len(e.Args) == 2 {
				vars = m.templateVars(x.sub(e.Args[1]))
			}
			m.readTemplateFile(mc, f, vars)
			return
		}
		fail("its definition is computed by %s(), which is not evaluated here", e.Name)
	case *hclsyntax.ScopeTraversalExpr:
		names := refNames(e)
		joined := strings.Join(names, ".")
		switch {
		case x.vars == nil && len(names) == 2 && names[0] == "local":
			if l, ok := m.locals[names[1]]; ok {
				m.readDefinition(mc, l, depth+1)
				return
			}
		case x.vars == nil && len(names) == 4 && names[0] == "data" && names[1] == "template_file" && names[3] == "rendered":
			m.templateFileData(mc, names[2])
			return
		case x.vars == nil && len(names) == 4 && names[0] == "data" && names[1] == "local_file" && names[3] == "content":
			if b := m.data["local_file."+names[2]]; b != nil {
				if ax, ok := b.attr("filename"); ok {
					if f := m.fileAt(mc, ax, "filename"); f != nil {
						m.readJSONFile(mc, f)
					}
					return
				}
			}
		case x.vars == nil && len(names) >= 2 && names[0] == "var":
			if d, ok := m.follow(x, names[:2]); ok && d.elsewhere(m) && len(names) == 2 {
				m.readDefinition(mc, d, depth+1)
				return
			}
			fail("its definition comes from the variable var.%s", names[1])
			return
		}
		fail("its definition comes from %s, which is not read here", joined)
	default:
		fail("its definition is computed in a way that is not read here")
	}
}

// fileArg finds the file a file() or templatefile() call reads, relative to
// the module; nil (with the reason set) when it is not among the files.
func (m *tfModule) fileArg(mc *project.Machine, x hexpr, e *hclsyntax.FunctionCallExpr) *project.File {
	if len(e.Args) == 0 {
		mc.Unbound = fmt.Sprintf("its definition's %s() names no file", e.Name)
		return nil
	}
	return m.fileAt(mc, x.sub(e.Args[0]), e.Name+"()")
}

// fileAt finds the file a path expression names, relative to the module.
func (m *tfModule) fileAt(mc *project.Machine, ax hexpr, what string) *project.File {
	rel, ok := m.str(ax, 0)
	if !ok || iam.HasSym(rel) {
		mc.Unbound = fmt.Sprintf("its definition file %s is not known before deploy", ax.source())
		return nil
	}
	want := path.Clean(rel)
	if !path.IsAbs(rel) {
		// Terraform reads relative paths from the root module's directory;
		// a module called from another finds its own with path.module.
		want = path.Join(m.root().dir, rel)
	}
	f, err := m.p.Open(want)
	if err != nil {
		r := ax.e.Range()
		m.p.Problems = append(m.p.Problems, project.Problem{File: ax.f, Pos: r.Start.Byte, End: r.End.Byte,
			Msg: fmt.Sprintf("%s: %q does not exist", what, rel)})
		mc.Unbound = "its definition names a file that does not exist"
		return nil
	}
	return f
}

// readJSONFile reads a definition from a file Terraform passes as it is,
// which must be JSON.
func (m *tfModule) readJSONFile(mc *project.Machine, f *project.File) {
	m.p.UseDefinition(f.Path)
	root := f.Root
	if root == nil || !strings.EqualFold(path.Ext(f.Path), ".json") {
		m.dropProblems(f)
		var err error
		if root, err = node.ParseJSON(f.Data); err != nil {
			m.jsonError(f, err, "definition")
			return
		}
	}
	m.useDefinition(mc, f, root)
}

// templateVars reads the variables of a templatefile() call or a
// template_file data source.
func (m *tfModule) templateVars(x hexpr) map[string]hexpr {
	vars := map[string]hexpr{}
	if names := refNames(x.e); names != nil {
		if d, ok := m.follow(x, names); ok {
			x = d
		}
	}
	if obj, ok := x.e.(*hclsyntax.ObjectConsExpr); ok {
		for _, it := range obj.Items {
			if k, ok := objectKey(x.sub(it.KeyExpr)); ok {
				vars[k] = x.sub(it.ValueExpr)
			}
		}
	}
	return vars
}

// readTemplateFile reads a definition from a template file: its ${name}
// placeholders take the values of vars.
func (m *tfModule) readTemplateFile(mc *project.Machine, f *project.File, vars map[string]hexpr) {
	m.p.UseDefinition(f.Path)
	if f.Root == nil {
		// Placeholders outside strings keep the file from parsing as
		// JSON on its own; it is reported below if it is broken.
		m.dropProblems(f)
	}
	if vars == nil {
		vars = map[string]hexpr{}
	}
	tmpl, diags := hclsyntax.ParseTemplate(f.Data, f.Path, hcl.InitialPos)
	if diags.HasErrors() {
		d := diags[0]
		pr := project.Problem{File: f, Msg: "cannot parse template: " + strings.TrimSuffix(d.Summary, ".")}
		if d.Subject != nil {
			pr.Pos, pr.End = d.Subject.Start.Byte, d.Subject.End.Byte
		}
		m.p.Problems = append(m.p.Problems, pr)
		mc.Unbound = "its definition template cannot be parsed"
		return
	}
	x := hexpr{f: f, e: tmpl, vars: vars}
	if w, ok := tmpl.(*hclsyntax.TemplateWrapExpr); ok {
		m.readDefinition(mc, x.sub(w.Wrapped), 1)
		return
	}
	text, mapOff, opaque, err := m.templateJSON(x, false)
	if err != nil {
		mc.Unbound = fmt.Sprintf("its definition template %v", err)
		return
	}
	m.parseDefinition(mc, f, text, mapOff, opaque)
}

// templateFileData reads a definition rendered by a template_file data
// source from a file.
func (m *tfModule) templateFileData(mc *project.Machine, name string) {
	b := m.data["template_file."+name]
	if b == nil {
		mc.Unbound = fmt.Sprintf("its definition comes from data.template_file.%s, which is not in this module", name)
		return
	}
	tx, ok := b.attr("template")
	if w, isWrap := tx.e.(*hclsyntax.TemplateWrapExpr); ok && isWrap {
		tx = tx.sub(w.Wrapped)
	}
	call, isCall := tx.e.(*hclsyntax.FunctionCallExpr)
	if !ok || !isCall || call.Name != "file" {
		mc.Unbound = fmt.Sprintf("the template of data.template_file.%s is not read from a file", name)
		return
	}
	f := m.fileArg(mc, tx, call)
	if f == nil {
		return
	}
	var vars map[string]hexpr
	if vx, ok := b.attr("vars"); ok {
		vars = m.templateVars(vx)
	}
	m.readTemplateFile(mc, f, vars)
}

// parseDefinition parses JSON text taken from f.
func (m *tfModule) parseDefinition(mc *project.Machine, f *project.File, text string, mapOff func(int) int, opaque map[int]string) {
	root, err := project.ParseMapped(text, mapOff)
	if err != nil {
		m.jsonError(f, err, "definition")
		return
	}
	m.useDefinitionWith(mc, f, root, opaque)
}

func (m *tfModule) useDefinition(mc *project.Machine, f *project.File, root *node.Node) {
	m.useDefinitionWith(mc, f, root, nil)
}

// useDefinitionWith reads a definition tree. A structural problem at an
// interpolation whose JSON is not known (opaque) is not the file's fault:
// the machine is left unchecked instead.
func (m *tfModule) useDefinitionWith(mc *project.Machine, f *project.File, root *node.Node, opaque map[int]string) {
	if root == nil {
		return
	}
	sm, probs := asl.Parse(root, iam.PlainResolver)
	partial := ""
	for _, pr := range probs {
		if pr.Node != nil && opaque[pr.Node.Pos] != "" {
			partial = opaque[pr.Node.Pos]
			continue
		}
		m.p.Problem(f, pr.Node, "%s", pr.Msg)
	}
	if f != mc.File {
		mc.DefinitionFile = f
	}
	if partial != "" {
		if mc.Unbound == "" {
			mc.Unbound = fmt.Sprintf("its definition takes part of its structure from ${%s}, which is not evaluated here", partial)
		}
		return
	}
	mc.Definition = sm
}

// jsonError reports JSON that does not parse, at the parser's position.
func (m *tfModule) jsonError(f *project.File, err error, what string) {
	var pe *node.Error
	if errors.As(err, &pe) {
		off := project.Within(f, pe.Offset)
		m.p.Problems = append(m.p.Problems, project.Problem{File: f, Pos: off, End: off, Msg: fmt.Sprintf("cannot parse %s: %s", what, pe.Msg)})
		return
	}
	m.p.Problems = append(m.p.Problems, project.Problem{File: f, Msg: fmt.Sprintf("cannot parse %s: %v", what, err)})
}

// dropProblems forgets what was reported about a file while reading it on
// its own, before a reader found it is a template for another.
func (m *tfModule) dropProblems(f *project.File) {
	out := m.p.Problems[:0]
	for _, pr := range m.p.Problems {
		if pr.File != f {
			out = append(out, pr)
		}
	}
	m.p.Problems = out
}
