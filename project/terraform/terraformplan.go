package terraform

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// tfPlan is one Terraform plan being read: the JSON `terraform show -json`
// writes for a saved plan. planned_values holds what each resource will be
// after apply, less the values only apply will know; configuration holds
// the expressions they come from, with the references in them, which is
// how resources are bound when their values are not known yet.
type tfPlan struct {
	p                          *project.Project
	f                          *project.File
	partition, region, account string
	known                      bool // region and account are literal
	res                        []*planRes
	// cfg holds the configuration of each resource by its address less
	// instance keys; modules the module_calls by module path.
	cfg     map[string]*node.Node
	modules map[string]*node.Node
	// unknown holds change.after_unknown of resource_changes by address.
	unknown  map[string]*node.Node
	roles    map[*planRes]*project.Role
	policies map[*planRes]*iam.Policy
}

// planRes is one resource instance of planned_values.
type planRes struct {
	addr      string // as Terraform writes it: module.a.aws_iam_role.r[0]
	key       string // addr less instance keys: module.a.aws_iam_role.r
	module    string // the module part of key, with its dot: "module.a." or ""
	typ, name string
	n, values *node.Node
}

// readTerraformPlans reads the state machines of Terraform plans and binds
// each to the role the plan gives it.
func readPlans(p *project.Project, files []*project.File) {
	for _, f := range files {
		if f.Kind == Plan && f.Root != nil {
			p.Guard(f, func() { readPlan(p, f) })
		}
	}
}

func readPlan(p *project.Project, f *project.File) {
	root := f.Root
	if v, _ := root.Get("format_version").Str(); !strings.HasPrefix(v, "0.") && !strings.HasPrefix(v, "1.") {
		// A new major version changes the format in ways not known here.
		p.Problem(f, root.Get("format_version"), "unsupported plan format_version %q: this reads versions 0.x and 1.x", v)
		return
	}
	t := &tfPlan{p: p, f: f, partition: "aws", region: iam.Region, account: iam.AccountID,
		cfg: map[string]*node.Node{}, modules: map[string]*node.Node{}, unknown: map[string]*node.Node{},
		roles: map[*planRes]*project.Role{}, policies: map[*planRes]*iam.Policy{}}
	var ev project.Evidence
	ev.AddValues(f.Data)
	if part := ev.Partition(); part != "" {
		t.partition = part
	}
	t.region, t.account, t.known = ev.Place()
	if !t.known {
		t.region, t.account = iam.Region, iam.AccountID
	}
	t.collect(root.Get("planned_values").Get("root_module"), 0)
	t.config(root.Get("configuration").Get("root_module"), "", 0)
	for _, rc := range root.Get("resource_changes").List() {
		if addr, ok := planStr(rc.Get("address")); ok {
			t.unknown[addr] = rc.Get("change").Get("after_unknown")
		}
	}
	first := len(p.Machines)
	for _, r := range t.res {
		switch r.typ {
		case "aws_sfn_state_machine":
			t.readMachine(r)
		case "aws_iam_role":
			p.AddRole(project.RoleSource{File: f, Scope: t,
				Match: t.roleMatch(r),
				Read:  func() *project.Role { return t.role(r) }})
		case "aws_apigatewayv2_api":
			protocol, _ := planStr(r.values.Get("protocol_type"))
			if id, ok := planStr(r.values.Get("id")); ok && protocol == "HTTP" {
				p.AddHTTPAPI(id)
			}
		}
	}
	for r, role := range t.roles {
		role.SharedWith = t.usersOf(r, role)
	}
	rps := t.keyPolicies()
	for _, m := range p.Machines[first:] {
		m.ResourcePolicies = rps
	}
}

// collect gathers the managed resources of a module of planned_values and
// of its child modules.
func (t *tfPlan) collect(mod *node.Node, depth int) {
	if mod == nil || depth > maxEvalDepth {
		return
	}
	for _, rn := range mod.Get("resources").List() {
		if mode, _ := planStr(rn.Get("mode")); mode == "data" {
			continue
		}
		addr, _ := planStr(rn.Get("address"))
		typ, _ := planStr(rn.Get("type"))
		name, _ := planStr(rn.Get("name"))
		if addr == "" || typ == "" || rn.Get("values").Kind != node.Map {
			continue
		}
		key := stripKeys(addr)
		module, _ := strings.CutSuffix(key, typ+"."+name)
		t.res = append(t.res, &planRes{addr: addr, key: key, module: module, typ: typ, name: name, n: rn, values: rn.Get("values")})
	}
	for _, cm := range mod.Get("child_modules").List() {
		t.collect(cm, depth+1)
	}
}

// config indexes the resources and module calls of a module of the
// configuration; prefix is its module path with a dot.
func (t *tfPlan) config(mod *node.Node, prefix string, depth int) {
	if mod == nil || depth > maxEvalDepth {
		return
	}
	t.modules[prefix] = mod
	for _, rn := range mod.Get("resources").List() {
		if addr, ok := planStr(rn.Get("address")); ok {
			t.cfg[prefix+addr] = rn
		}
	}
	calls := mod.Get("module_calls")
	if calls == nil || calls.Kind != node.Map {
		return
	}
	for i, k := range calls.Keys {
		t.config(calls.Values[i].Get("module"), prefix+"module."+k.Value+".", depth+1)
	}
}

// stripKeys removes the instance keys ([0], ["a"]) from an address.
func stripKeys(addr string) string {
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quoted && c == '\\':
			i++
		case quoted:
			quoted = c != '"'
		case c == '"' && depth > 0:
			quoted = true
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// planStr returns the value of a string scalar; null, numbers and
// booleans are not strings.
func planStr(n *node.Node) (string, bool) {
	if n == nil || n.Kind != node.Scalar || n.Style != node.String {
		return "", false
	}
	return n.Value, true
}

// refs resolves the references of a configuration expression of r (attr is
// a path of keys into its expressions) into configuration addresses:
// resources as module.a.aws_iam_role.r, data sources as data.x.y, others
// (var., local.) as written. Module outputs are followed to what they
// refer to.
func (t *tfPlan) refs(r *planRes, attr ...string) []string {
	e := t.cfg[r.key].Get("expressions")
	for _, a := range attr {
		e = e.Get(a)
	}
	return t.resolveRefs(r.module, e.Get("references"))
}

func (t *tfPlan) resolveRefs(module string, list *node.Node) []string {
	var out []string
	t.resolveInto(module, list, 0, map[string]bool{}, &out)
	return out
}

// resolveInto appends what list refers to; seen holds the module outputs
// already followed, so outputs that refer to each other many times over
// are read once.
func (t *tfPlan) resolveInto(module string, list *node.Node, depth int, seen map[string]bool, out *[]string) {
	add := func(s string) {
		if !slices.Contains(*out, s) {
			*out = append(*out, s)
		}
	}
	for _, rn := range list.List() {
		ref, ok := planStr(rn)
		if !ok {
			continue
		}
		parts := strings.Split(stripKeys(ref), ".")
		switch {
		case len(parts) < 2:
		case parts[0] == "data" && len(parts) >= 3:
			add(module + strings.Join(parts[:3], "."))
		case parts[0] == "module" && len(parts) >= 3:
			sub := module + "module." + parts[1] + "."
			out2 := t.modules[sub].Get("outputs").Get(parts[2]).Get("expression").Get("references")
			if depth >= maxEvalDepth || out2 == nil {
				add(module + strings.Join(parts[:3], "."))
				continue
			}
			if !seen[sub+parts[2]] {
				seen[sub+parts[2]] = true
				t.resolveInto(sub, out2, depth+1, seen, out)
			}
		case parts[0] == "module":
			// The module as a whole: a prefix of module.x.out, listed too.
		default:
			// A resource, or var., local. and the like.
			add(module + parts[0] + "." + parts[1])
		}
	}
}

// isUnknown reports whether an attribute of r is known only after apply.
func (t *tfPlan) isUnknown(r *planRes, attr string) bool {
	return t.unknown[r.addr].Get(attr).IsTrue()
}

// embedded parses the JSON a string value holds, its positions in the plan
// file; nil (with the problem reported) when it does not parse.
func (t *tfPlan) embedded(n *node.Node, what string) *node.Node {
	s, _ := planStr(n)
	root, err := project.ParseEmbedded(t.f, n, s, false)
	if err != nil {
		t.p.EmbedProblem(t.f, n, what, err)
		return nil
	}
	return root
}

func (t *tfPlan) arn(service, rest string) string {
	return "arn:" + t.partition + ":" + service + ":" + t.region + ":" + t.account + ":" + rest
}

// readMachine reads an aws_sfn_state_machine and binds it to its role.
func (t *tfPlan) readMachine(r *planRes) {
	v := r.values
	mc := &project.Machine{Name: r.name, File: t.f, Node: r.n, NameNode: r.n.Get("address"), Path: r.addr, TaskRoles: t.p.TaskRoles, Scope: t}
	if t.known {
		mc.Region, mc.Account = t.region, t.account
	}
	t.p.Machines = append(t.p.Machines, mc)
	if arn, ok := planStr(v.Get("arn")); ok && arn != "" {
		mc.ARN = arn
	} else {
		name := iam.GenSym(r.addr)
		if n, ok := planStr(v.Get("name")); ok && n != "" {
			name = n
		}
		mc.ARN = t.arn("states", "stateMachine:"+name)
	}
	def := v.Get("definition")
	switch s, ok := planStr(def); {
	case ok && strings.TrimSpace(s) != "":
		if root := t.embedded(def, "definition"); root != nil {
			mc.Definition = t.p.ReadDefinition(t.f, root, iam.PlainResolver)
			mc.Unsubstituted = func(string) string { return "the plan's definition is the text Terraform sends to Step Functions" }
		}
		if mc.Definition == nil {
			mc.Unbound = "its definition could not be read"
		}
	case t.isUnknown(r, "definition"):
		mc.Unbound = "its definition is known only after apply: it uses values of resources the plan creates"
	default:
		mc.Unbound = "it has no definition"
	}
	if lc := v.Get("logging_configuration").List(); len(lc) > 0 {
		mc.LoggingNode = v.KeyNode("logging_configuration")
		if lvl, _ := planStr(lc[0].Get("level")); lvl != "" && lvl != "OFF" {
			mc.Logging = true
		}
	}
	if tc := v.Get("tracing_configuration").List(); len(tc) > 0 {
		mc.TracingNode = v.KeyNode("tracing_configuration")
		mc.Tracing = tc[0].Get("enabled").IsTrue()
	}
	if ec := v.Get("encryption_configuration").List(); len(ec) > 0 {
		if typ, _ := planStr(ec[0].Get("type")); typ == "CUSTOMER_MANAGED_KMS_KEY" {
			mc.EncryptionNode = v.KeyNode("encryption_configuration")
			id, _ := planStr(ec[0].Get("kms_key_id"))
			mc.KMSKey = project.KeyARN(id, t.partition, t.region, t.account)
			if id == "" {
				mc.KMSKey = cmp.Or(t.machineKey(r), mc.KMSKey)
			}
		}
	}
	if typ, _ := planStr(v.Get("type")); typ == "EXPRESS" {
		mc.Express = true
	}
	if mc.Unbound == "" {
		if role, why := t.findRole(r); role != nil {
			mc.Role = t.role(role)
			if arn, ok := planStr(v.Get("role_arn")); ok && arn != "" {
				mc.Role.ARN = arn // known, where the role's own is only after apply
			}
		} else {
			mc.Unbound = why
		}
	}
}

// findRole finds the aws_iam_role of the plan a state machine runs with:
// by its role_arn when known, else by the reference role_arn is written
// with.
func (t *tfPlan) findRole(r *planRes) (*planRes, string) {
	if arn, ok := planStr(r.values.Get("role_arn")); ok && arn != "" {
		var cands []*planRes
		for _, o := range t.res {
			if o.typ == "aws_iam_role" && t.isRole(o, arn) {
				cands = append(cands, o)
			}
		}
		if len(cands) == 1 {
			return cands[0], ""
		}
		return nil, fmt.Sprintf("its role %q is not defined in this plan", arn)
	}
	refs := t.refs(r, "role_arn")
	for _, ref := range refs {
		var cands []*planRes
		for _, o := range t.res {
			if o.typ == "aws_iam_role" && o.key == ref {
				cands = append(cands, o)
			}
		}
		// Of several instances, the one with the machine's instance key.
		if len(cands) > 1 {
			cands = slices.DeleteFunc(cands, func(o *planRes) bool {
				return strings.TrimPrefix(o.addr, o.key) != strings.TrimPrefix(r.addr, r.key)
			})
		}
		switch {
		case len(cands) == 1:
			return cands[0], ""
		case len(cands) > 1:
			return nil, fmt.Sprintf("its role_arn names %s, which has several instances", ref)
		}
	}
	if len(refs) > 0 {
		return nil, fmt.Sprintf("its role_arn comes from %s, which is not a role of this plan", strings.Join(refs, ", "))
	}
	if t.isUnknown(r, "role_arn") {
		return nil, "its role_arn is known only after apply"
	}
	return nil, "it has no role_arn"
}

// isRole reports whether an ARN names the role r, by its ARN when known,
// else by its name.
func (t *tfPlan) isRole(r *planRes, arn string) bool { return t.roleMatch(r).Names(arn) }

// roleMatch says which ARNs name the role r.
func (t *tfPlan) roleMatch(r *planRes) project.RoleMatch {
	if a, ok := planStr(r.values.Get("arn")); ok && a != "" {
		return project.RoleMatch{Kind: project.MatchARN, Value: a}
	}
	if name, ok := planStr(r.values.Get("name")); ok && name != "" {
		return project.RoleMatch{Kind: project.MatchIAMName, Value: name}
	}
	return project.RoleMatch{}
}

// namesRole reports whether the attribute attr of o names the role r: its
// name or ARN when the value is known, else a reference to r.
func (t *tfPlan) namesRole(o *planRes, attr string, r *planRes) bool {
	if v, ok := planStr(o.values.Get(attr)); ok && v != "" {
		name, _ := planStr(r.values.Get("name"))
		return v == name || t.isRole(r, v)
	}
	return o.module == r.module && slices.Contains(t.refs(o, attr), r.key)
}

// role reads an aws_iam_role once, with every policy the plan gives it.
func (t *tfPlan) role(r *planRes) *project.Role {
	if role, ok := t.roles[r]; ok {
		return role
	}
	v := r.values
	name, _ := planStr(v.Get("name"))
	if name == "" {
		name = r.addr
	}
	role := &project.Role{Name: name, ARN: t.roleARN(r), File: t.f, Node: r.n, Path: r.addr}
	t.roles[r] = role
	if doc := v.Get("assume_role_policy"); doc != nil {
		if s, _ := planStr(doc); s != "" {
			if root := t.embedded(doc, "policy"); root != nil {
				role.Trust = t.p.ReadPolicy(t.f, root, iam.PlainResolver, name+" trust policy", r.addr+".assume_role_policy")
			}
		}
	}
	// inline_policy and managed_policy_arns are computed when not set: only
	// an unknown value that is set in the configuration hides policies.
	cfgExpr := t.cfg[r.key].Get("expressions")
	if ips := v.Get("inline_policy"); ips != nil {
		for i, ip := range ips.List() {
			pname, _ := planStr(ip.Get("name"))
			lpath := fmt.Sprintf("%s.inline_policy[%d]", r.addr, i)
			if pname == "" {
				pname = lpath
			}
			if pol := t.policyAt(ip.Get("policy"), pname, lpath); pol != nil {
				role.Policies = append(role.Policies, pol)
			} else {
				role.Unknown = append(role.Unknown, pname)
			}
		}
	} else if cfgExpr.Get("inline_policy") != nil {
		role.Unknown = append(role.Unknown, r.addr+".inline_policy")
	}
	attached := map[*planRes]bool{}
	if mps := v.Get("managed_policy_arns"); mps != nil || cfgExpr.Get("managed_policy_arns") != nil {
		complete := mps != nil
		for i, mp := range mps.List() {
			if arn, ok := planStr(mp); ok {
				t.attach(role, arn, mp, fmt.Sprintf("%s.managed_policy_arns[%d]", r.addr, i), attached)
			} else {
				complete = false
			}
		}
		if !complete {
			t.attachRefs(role, r, "managed_policy_arns", attached)
		}
		// A wholly unknown list hides any literal ARN written beside the
		// references: the configuration JSON records only the references.
		if mps == nil {
			role.Unknown = append(role.Unknown, r.addr+".managed_policy_arns")
		}
	}
	if b := v.Get("permissions_boundary"); b != nil && b.Style != node.Null {
		if arn, ok := planStr(b); ok && arn != "" {
			role.Boundary, role.BoundaryUnknown = t.managed(arn, b, r.addr+".permissions_boundary")
		}
	} else if t.isUnknown(r, "permissions_boundary") {
		role.BoundaryUnknown = r.addr + ".permissions_boundary"
		for _, ref := range t.refs(r, "permissions_boundary") {
			for _, o := range t.res {
				if o.typ == "aws_iam_policy" && o.key == ref {
					if pol := t.policy(o); pol != nil {
						role.Boundary, role.BoundaryUnknown = pol, ""
					}
				}
			}
		}
	}
	for _, o := range t.res {
		switch o.typ {
		case "aws_iam_role_policy":
			if !t.namesRole(o, "role", r) {
				continue
			}
			pname, _ := planStr(o.values.Get("name"))
			if pname == "" {
				pname = o.addr
			}
			if pol := t.policyAt(o.values.Get("policy"), pname, o.addr); pol != nil {
				role.Policies = append(role.Policies, pol)
			} else {
				role.Unknown = append(role.Unknown, o.addr)
			}
		case "aws_iam_role_policy_attachment":
			if !t.namesRole(o, "role", r) {
				continue
			}
			if arn, ok := planStr(o.values.Get("policy_arn")); ok && arn != "" {
				t.attach(role, arn, o.values.Get("policy_arn"), o.addr, attached)
			} else {
				t.attachRefs(role, o, "policy_arn", attached)
			}
		}
	}
	return role
}

// attach adds the managed policy an ARN names: an aws_iam_policy of the
// plan, or an AWS managed policy shipped here; otherwise its ARN is named
// among the role's unknown policies.
func (t *tfPlan) attach(role *project.Role, arn string, at *node.Node, lpath string, attached map[*planRes]bool) {
	for _, o := range t.res {
		if a, ok := planStr(o.values.Get("arn")); ok && o.typ == "aws_iam_policy" && a == arn {
			t.attachPolicy(role, o, attached)
			return
		}
	}
	if pol := project.ManagedPolicy(arn, t.f, at, lpath); pol != nil {
		role.Policies = append(role.Policies, pol)
		return
	}
	role.Unknown = append(role.Unknown, arn)
}

// attachRefs attaches the aws_iam_policy resources an unknown policy ARN
// refers to; a reference to anything else is named among the role's
// unknown policies.
func (t *tfPlan) attachRefs(role *project.Role, o *planRes, attr string, attached map[*planRes]bool) {
	refs := t.refs(o, attr)
	if len(refs) == 0 {
		role.Unknown = append(role.Unknown, o.addr+"."+attr)
	}
	for _, ref := range refs {
		found := false
		for _, pr := range t.res {
			if pr.typ == "aws_iam_policy" && pr.key == ref {
				t.attachPolicy(role, pr, attached)
				found = true
			}
		}
		if !found {
			role.Unknown = append(role.Unknown, ref)
		}
	}
}

func (t *tfPlan) attachPolicy(role *project.Role, pr *planRes, attached map[*planRes]bool) {
	if attached[pr] {
		return
	}
	attached[pr] = true
	if pol := t.policy(pr); pol != nil {
		role.Policies = append(role.Policies, pol)
	} else {
		role.Unknown = append(role.Unknown, pr.addr)
	}
}

// managed returns the policy an ARN names, for a permissions boundary, or
// the ARN when its contents are not known here.
func (t *tfPlan) managed(arn string, at *node.Node, lpath string) (*iam.Policy, string) {
	for _, o := range t.res {
		if a, ok := planStr(o.values.Get("arn")); ok && o.typ == "aws_iam_policy" && a == arn {
			if pol := t.policy(o); pol != nil {
				return pol, ""
			}
			return nil, o.addr
		}
	}
	if pol := project.ManagedPolicy(arn, t.f, at, lpath); pol != nil {
		return pol, ""
	}
	return nil, arn
}

// policy reads the document of an aws_iam_policy once; nil when it is
// known only after apply or does not parse.
func (t *tfPlan) policy(pr *planRes) *iam.Policy {
	if pol, ok := t.policies[pr]; ok {
		return pol
	}
	name, _ := planStr(pr.values.Get("name"))
	if name == "" {
		name = pr.addr
	}
	pol := t.policyAt(pr.values.Get("policy"), name, pr.addr)
	t.policies[pr] = pol
	return pol
}

// policyAt reads a policy document held in a string value.
func (t *tfPlan) policyAt(n *node.Node, name, lpath string) *iam.Policy {
	if s, ok := planStr(n); !ok || strings.TrimSpace(s) == "" {
		return nil
	}
	root := t.embedded(n, "policy")
	if root == nil {
		return nil
	}
	return t.p.ReadPolicy(t.f, root, iam.PlainResolver, name, lpath)
}

// usersOf lists the resources that run with the role besides the state
// machines read here that it is the role of: compute that assumes it,
// state machines whose definitions are not read, and a state machine that
// passes the role on in its definition. Their needs may explain grants
// the state machines do not use. A resource that names the role only as a
// principal its policy grants to or trusts, and the IAM resources that
// attach policies to it, do not run with it.
func (t *tfPlan) usersOf(r *planRes, role *project.Role) []string {
	own := map[string]bool{} // addresses of the machines read with this role
	for _, mc := range t.p.Machines {
		if mc.File == t.f && mc.Role == role {
			own[mc.Path] = true
		}
	}
	var out []string
	for _, o := range t.res {
		if o.module != r.module || strings.HasPrefix(o.typ, "aws_iam_") && o.typ != "aws_iam_instance_profile" || slices.Contains(out, o.key) {
			continue
		}
		exprs := t.cfg[o.key].Get("expressions")
		if exprs == nil {
			continue
		}
		for i, k := range exprs.Keys {
			if own[o.addr] && k.Value == "role_arn" {
				continue // how the machine names its own role
			}
			if !project.PrincipalKey(k.Value) && t.refersTo(o.module, exprs.Values[i], r.key) {
				out = append(out, o.key)
				break
			}
		}
	}
	return out
}

// refersTo reports whether configuration expressions refer to a resource
// outside policies and principals.
func (t *tfPlan) refersTo(module string, e *node.Node, key string) bool {
	if e == nil {
		return false
	}
	if refs := e.Get("references"); refs != nil && slices.Contains(t.resolveRefs(module, refs), key) {
		return true
	}
	for i, k := range e.Keys {
		if k.Value != "references" && !project.PrincipalKey(k.Value) && t.refersTo(module, e.Values[i], key) {
			return true
		}
	}
	return slices.ContainsFunc(e.Items, func(it *node.Node) bool { return t.refersTo(module, it, key) })
}
