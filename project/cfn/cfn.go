package cfn

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// Template is a CloudFormation template being read: its resources, and
// how its values resolve.
type Template struct {
	p         *project.Project
	f         *project.File
	resources *node.Node
	params    map[string]bool
	partition string
	region    string
	account   string
	// mu guards visiting: rules resolve definition values lazily, from
	// several goroutines.
	mu       sync.Mutex
	visiting map[string]bool // resources whose identity is being resolved
	// docResolvers read the strings of policy documents that were parsed
	// from a string (and so may need Fn::Sub applied).
	docResolvers map[*node.Node]func(*node.Node) (string, bool)
}

func (t *Template) resource(name string) *node.Node {
	r := t.resources.Get(name)
	if r == nil || r.Kind != node.Map {
		return nil
	}
	return r
}

func typeOf(r *node.Node) string {
	s, _ := r.Get("Type").Str()
	return s
}

// readTemplate reads the state machines of a template and binds each to
// its role in the same template.
func readTemplate(p *project.Project, f *project.File) {
	t := &Template{p: p, f: f, resources: f.Root.Get("Resources"), params: map[string]bool{}, partition: "aws",
		region: iam.Region, account: iam.AccountID, visiting: map[string]bool{},
		docResolvers: map[*node.Node]func(*node.Node) (string, bool){}}
	// The template deploys where its own literal ARNs say.
	var ev project.Evidence
	ev.Add(f.Data)
	if part := ev.Partition(); part != "" {
		t.partition = part
	}
	if r, a, ok := ev.Place(); ok {
		t.region, t.account = r, a
	}
	if ps := f.Root.Get("Parameters"); ps != nil {
		for _, k := range ps.Keys {
			t.params[k.Value] = true
		}
	}
	roles := map[string]*project.Role{}
	first := len(p.Machines)
	for i, key := range t.resources.Keys {
		r := t.resources.Values[i]
		if r.Kind != node.Map {
			continue
		}
		switch typeOf(r) {
		case "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine":
			t.readMachine(key, r, roles)
		}
	}
	rps := t.resourcePolicies()
	for _, m := range p.Machines[first:] {
		m.ResourcePolicies = rps
	}
	t.applyConnectors()
	t.markShared(roles)
	t.ReadAPIRoutes()
	for i, key := range t.resources.Keys {
		r := t.resources.Values[i]
		if typeOf(r) != "AWS::ECS::TaskDefinition" {
			continue
		}
		var roles []string
		for _, prop := range []string{"TaskRoleArn", "ExecutionRoleArn"} {
			if v, ok := t.resolve(r.Get("Properties").Get(prop)); ok {
				roles = append(roles, v)
			}
		}
		p.TaskRoles[t.ref(key.Value)] = roles
	}
	// Output of a synthesizer such as CDK: its policies are changed in the
	// program that wrote them, so they cannot be narrowed here.
	synthesized := t.synthesized()
	generated := func(role *project.Role) *project.Role {
		for _, p := range role.Policies {
			p.Generated = p.Generated || synthesized
		}
		return role
	}
	for _, role := range roles {
		generated(role)
	}
	t.OfferRoles(func(name string) *project.Role { return generated(t.roleFor(name, roles)) })
}

// OfferRoles offers the template's role resources to the tasks that assume
// a role through their Credentials; read reads one by its logical ID.
func (t *Template) OfferRoles(read func(name string) *project.Role) {
	for _, key := range t.resources.Keys {
		name := key.Value
		if typeOf(t.resource(name)) != "AWS::IAM::Role" {
			continue
		}
		t.p.AddRole(project.RoleSource{File: t.f, Scope: t,
			Match: project.RoleMatch{Kind: project.MatchName, Value: t.Ref(name)},
			Read:  func() *project.Role { return read(name) }})
	}
}

// cdkDefaultPolicy is how the AWS CDK names the policy it writes for a role.
var cdkDefaultPolicy = regexp.MustCompile(`DefaultPolicy[0-9A-F]{8}$`)

// synthesized reports whether the Template was written by the AWS CDK: it
// marks resources with their construct paths (unless told not to) and
// names role policies in its own way.
func (t *Template) synthesized() bool {
	for i, r := range t.resources.Values {
		if typeOf(r) == "AWS::CDK::Metadata" || r.Get("Metadata").Get("aws:cdk:path") != nil {
			return true
		}
		if typeOf(r) == "AWS::IAM::Policy" && cdkDefaultPolicy.MatchString(t.resources.Keys[i].Value) {
			return true
		}
	}
	return false
}

// roleFor returns the role of a template, reading it once.
func (t *Template) roleFor(name string, roles map[string]*project.Role) *project.Role {
	if r, ok := roles[name]; ok {
		return r
	}
	res := t.resource(name)
	role := &project.Role{Name: name, ARN: t.GetAtt(name, "Arn"), File: t.f, Node: res, Path: "Resources." + name}
	roles[name] = role
	props := res.Get("Properties")
	for j, pn := range props.Get("Policies").List() {
		doc := t.policyDoc(pn.Get("PolicyDocument"))
		if doc == nil {
			continue
		}
		pname, _ := t.resolve(pn.Get("PolicyName"))
		if pname == "" {
			pname = fmt.Sprintf("%s.Policies[%d]", name, j)
		}
		role.Policies = append(role.Policies, t.p.ReadPolicy(t.f, doc, t.docResolver(doc), iam.Display(pname), fmt.Sprintf("Resources.%s.Policies[%d]", name, j)))
	}
	for j, mp := range props.Get("ManagedPolicyArns").List() {
		if ref := refTarget(mp); ref != "" && typeOf(t.resource(ref)) == "AWS::IAM::ManagedPolicy" {
			continue // read below, from the policy's side
		}
		t.attachManaged(role, mp, fmt.Sprintf("Resources.%s.ManagedPolicyArns[%d]", name, j))
	}
	// Policies that name this role in their Roles list.
	for i, key := range t.resources.Keys {
		r := t.resources.Values[i]
		typ := typeOf(r)
		if typ != "AWS::IAM::Policy" && typ != "AWS::IAM::ManagedPolicy" && typ != "AWS::IAM::RolePolicy" {
			continue
		}
		pp := r.Get("Properties")
		attached := refTarget(pp.Get("RoleName")) == name
		for _, rn := range pp.Get("Roles").List() {
			if refTarget(rn) == name {
				attached = true
			}
		}
		if typ == "AWS::IAM::ManagedPolicy" {
			for _, mp := range props.Get("ManagedPolicyArns").List() {
				if refTarget(mp) == key.Value {
					attached = true
				}
			}
		}
		if doc := t.policyDoc(pp.Get("PolicyDocument")); attached && doc != nil {
			role.Policies = append(role.Policies, t.p.ReadPolicy(t.f, doc, t.docResolver(doc), key.Value, "Resources."+key.Value))
		}
	}
	if doc := t.policyDoc(props.Get("AssumeRolePolicyDocument")); doc != nil {
		role.Trust = t.p.ReadPolicy(t.f, doc, t.docResolver(doc), name+" trust policy", "Resources."+name+".AssumeRolePolicyDocument")
	}
	if b := props.Get("PermissionsBoundary"); b != nil {
		role.Boundary, role.BoundaryUnknown = t.boundary(b)
	}
	return role
}

// embedError reports a definition or policy embedded in a string that does
// not parse: at the parser's position when the encoding lets it be mapped
// back, at the property otherwise.
func (t *Template) embedError(n *node.Node, what string, err error) {
	var pe *node.Error
	if errors.As(err, &pe) {
		off := project.Within(t.f, pe.Offset)
		t.p.Problems = append(t.p.Problems, project.Problem{File: t.f, Pos: off, End: off, Msg: fmt.Sprintf("cannot parse %s: %s", what, pe.Msg)})
		return
	}
	t.p.Problem(t.f, n, "cannot parse %s: %v", what, err)
}

// docResolver returns how to read the strings of a policy document.
func (t *Template) docResolver(doc *node.Node) iam.Resolver {
	if r, ok := t.docResolvers[doc]; ok {
		return func(n *node.Node) (string, bool) {
			if fn, _ := intrinsic(n); fn != "" {
				return t.resolve(n)
			}
			return r(n)
		}
	}
	return t.resolve
}

// boundary reads a permissions boundary: a managed policy of the template,
// or an AWS managed policy shipped here; otherwise it names what is not
// known.
func (t *Template) boundary(b *node.Node) (*iam.Policy, string) {
	if ref := refTarget(b); ref != "" && typeOf(t.resource(ref)) == "AWS::IAM::ManagedPolicy" {
		if doc := t.policyDoc(t.resource(ref).Get("Properties").Get("PolicyDocument")); doc != nil {
			return t.p.ReadPolicy(t.f, doc, t.docResolver(doc), ref, "Resources."+ref), ""
		}
	}
	v, _ := t.resolve(b)
	if pol := t.managedPolicy(v, b, ""); pol != nil {
		return pol, ""
	}
	return nil, iam.Display(v)
}

// policyDoc returns a PolicyDocument as a tree: CloudFormation also
// takes the document as a JSON string.
func (t *Template) policyDoc(n *node.Node) *node.Node {
	if n == nil || n.Kind == node.Map {
		return n
	}
	root, resolve, err := t.embedded(n, false)
	if err != nil {
		t.embedError(n, "PolicyDocument", err)
		return nil
	}
	t.docResolvers[root] = resolve
	return root
}

// markShared records, once every state machine of the template is read,
// what else runs with each of their roles.
func (t *Template) markShared(roles map[string]*project.Role) {
	for name, role := range roles {
		role.SharedWith = t.usersOf(name)
	}
}

// usersOf lists the resources that run with the role besides the state
// machines read here that it is the role of (whose needs are known):
// compute that assumes it (functions, ECS tasks, instance profiles, build
// projects, event targets...), state machines whose definitions are not
// read, and a state machine that passes the role on in its definition.
// Their needs may explain grants the state machines do not use. A
// resource that names the role only as a principal its policy grants to or
// trusts, and the IAM policies that attach to it, do not run with it.
func (t *Template) usersOf(role string) []string {
	own := map[*node.Node]bool{} // state machines read here with this role
	for _, m := range t.p.Machines {
		if m.File == t.f && m.Role != nil && m.Role.Name == role {
			own[m.Node] = true
		}
	}
	var out []string
	for i, key := range t.resources.Keys {
		r := t.resources.Values[i]
		switch typeOf(r) {
		case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::Role":
			continue
		}
		props := r.Get("Properties")
		if props == nil {
			continue
		}
		for j, k := range props.Keys {
			if own[r] && (k.Value == "RoleArn" || k.Value == "Role") {
				continue // how the machine names its own role
			}
			if !project.PrincipalKey(k.Value) && refersTo(props.Values[j], role) {
				out = append(out, key.Value)
				break
			}
		}
	}
	return out
}

// readMachine reads an AWS::StepFunctions::StateMachine or, with SAM's
// property names, an AWS::Serverless::StateMachine.
func (t *Template) readMachine(key, r *node.Node, roles map[string]*project.Role) {
	name := key.Value
	props := r.Get("Properties")
	sam := typeOf(r) == "AWS::Serverless::StateMachine"
	m := &project.Machine{Name: name, File: t.f, Node: r, NameNode: key, ARN: t.ref(name), Path: "Resources." + name,
		Region: t.region, Account: t.account, Scope: t}
	t.p.Machines = append(t.p.Machines, m)

	subs := map[string]*node.Node{}
	ds := props.Get("DefinitionSubstitutions")
	if ds != nil {
		for i, k := range ds.Keys {
			subs[k.Value] = ds.Values[i]
		}
	}
	// Strings inside the definition: intrinsic functions are evaluated, then
	// ${Name} placeholders take their DefinitionSubstitutions values, again
	// and again while a value holds one, as the resource's handler replaces
	// them. One that has none stays the text it is.
	var fill func(s string, depth int) string
	fill = func(s string, depth int) string {
		return iam.Substitute(s, func(k string) (string, bool) {
			if v, ok := subs[k]; ok && depth < 10 {
				r, ok := t.resolve(v)
				return fill(r, depth+1), ok
			}
			return "${" + k + "}", true
		})
	}
	withSubs := func(inner func(*node.Node) (string, bool)) asl.Resolver {
		return func(n *node.Node) (string, bool) {
			var s string
			var ok bool
			if fn, _ := intrinsic(n); fn != "" {
				s, ok = t.resolve(n)
			} else {
				s, ok = inner(n)
			}
			if !ok {
				return "", false
			}
			return fill(s, 0), true
		}
	}
	m.Unsubstituted = func(k string) string { return unsubstituted(name, ds, k) }
	switch {
	case props.Get("Definition") != nil:
		m.Definition = t.p.ReadDefinition(t.f, props.Get("Definition"), withSubs(iam.PlainResolver))
	case !sam && props.Get("DefinitionString") != nil:
		ds := props.Get("DefinitionString")
		root, resolve, err := t.embedded(ds, true)
		if err != nil {
			t.embedError(ds, "DefinitionString", err)
		} else {
			m.Definition = t.p.ReadDefinition(t.f, root, withSubs(resolve))
		}
	case !sam && props.Get("DefinitionS3Location") != nil:
		m.Unbound = "its definition is in S3 (DefinitionS3Location), which is not read"
	case sam && props.Get("DefinitionUri") != nil:
		t.definitionFile(m, props.Get("DefinitionUri"), withSubs(iam.PlainResolver))
	}
	m.LoggingNode, m.TracingNode = props.KeyNode("LoggingConfiguration"), props.KeyNode("TracingConfiguration")
	if sam {
		m.LoggingNode, m.TracingNode = props.KeyNode("Logging"), props.KeyNode("Tracing")
	}
	m.Logging = loggingOn(props.Get(keyValue(m.LoggingNode)))
	m.Tracing = props.Get(keyValue(m.TracingNode)).Get("Enabled").IsTrue()
	if enc := props.Get("EncryptionConfiguration"); enc != nil {
		if typ, _ := t.resolve(enc.Get("Type")); typ == "CUSTOMER_MANAGED_KMS_KEY" {
			m.EncryptionNode = props.KeyNode("EncryptionConfiguration")
			m.KMSKey = t.kmsKeyARN(enc.Get("KmsKeyId"))
		}
	}
	m.TaskRoles = t.p.TaskRoles
	typeProp := "StateMachineType"
	if sam {
		typeProp = "Type"
	}
	if typ, _ := t.resolve(props.Get(typeProp)); typ == "EXPRESS" {
		m.Express = true
	}

	roleArn := props.Get("RoleArn")
	if sam {
		roleArn = props.Get("Role")
	}
	switch {
	case m.Unbound != "":
	case sam && roleArn == nil:
		// Without a Role, SAM creates one from Policies.
		m.Role = t.samRole(name, props.Get("Policies"))
		t.samTracing(m.Role, props.Get("Tracing"), m.TracingNode, m.Path+".Properties.Tracing")
		if b := props.Get("PermissionsBoundary"); b != nil {
			m.Role.Boundary, m.Role.BoundaryUnknown = t.boundary(b)
		}
	case roleArn == nil:
		m.Unbound = "it has no RoleArn"
	default:
		roleName, why := t.findRole(roleArn)
		if roleName == "" {
			m.Unbound = why
		} else {
			m.Role = t.roleFor(roleName, roles)
		}
	}
	if m.Definition == nil && m.Unbound == "" {
		m.Unbound = "its definition could not be read"
	}
}

// unsubstituted says why a placeholder of a machine's definition keeps
// its text: its DefinitionSubstitutions (ds) have no such key.
func unsubstituted(machine string, ds *node.Node, key string) string {
	if ds == nil || len(ds.Keys) == 0 {
		return fmt.Sprintf("state machine %q has no DefinitionSubstitutions", machine)
	}
	for _, k := range ds.Keys {
		if strings.EqualFold(k.Value, key) {
			return fmt.Sprintf("the DefinitionSubstitutions of %q have %q, not %q, and keys are case-sensitive", machine, k.Value, key)
		}
	}
	return fmt.Sprintf("the DefinitionSubstitutions of %q have no %q", machine, key)
}

func keyValue(k *node.Node) string {
	if k == nil {
		return ""
	}
	return k.Value
}

// kmsKeyARN turns a KmsKeyId (key ID, alias, or ARN of either) into the
// ARN IAM sees for the key.
func (t *Template) kmsKeyARN(n *node.Node) string {
	v, ok := t.resolve(n)
	if !ok {
		return iam.Any
	}
	return project.KeyARN(v, t.partition, t.region, t.account)
}

func loggingOn(lc *node.Node) bool {
	if lc == nil {
		return false
	}
	lvl, _ := lc.Get("Level").Str()
	return lvl != "" && lvl != "OFF"
}

// conditionalRole finds the role of a RoleArn written as Fn::If: the
// role both branches name, or a reason that says which condition decides.
func (t *Template) conditionalRole(arg *node.Node) (string, string) {
	cond, _ := arg.Items[0].Str()
	a, whyA := t.findRole(arg.Items[1])
	b, whyB := t.findRole(arg.Items[2])
	if a != "" && a == b {
		return a, ""
	}
	branch := func(name, why string) string {
		if name != "" {
			return fmt.Sprintf("role %q", name)
		}
		return "a role not read here (" + strings.TrimPrefix(why, "its ") + ")"
	}
	return "", fmt.Sprintf("its RoleArn depends on the condition %q (Fn::If), which is decided at deploy: it is %s when true and %s when false",
		cond, branch(a, whyA), branch(b, whyB))
}

// findRole finds the role resource a RoleArn value names, or says why not.
func (t *Template) findRole(n *node.Node) (string, string) {
	isRole := func(name string) bool { return typeOf(t.resource(name)) == "AWS::IAM::Role" }
	if fn, arg := intrinsic(n); fn == "Fn::If" && arg != nil && arg.Kind == node.Seq && len(arg.Items) == 3 {
		return t.conditionalRole(arg)
	}
	if name, ok := roleRef(n); ok {
		if isRole(name) {
			return name, ""
		}
		if t.params[name] {
			return "", fmt.Sprintf("its role ARN comes from the parameter %q", name)
		}
		if t.resource(name) != nil {
			return "", fmt.Sprintf("its RoleArn names %q, which is a %s, not an AWS::IAM::Role", name, typeOf(t.resource(name)))
		}
		return "", fmt.Sprintf("its RoleArn names %q, which is not in this template", name)
	}
	s, ok := t.resolve(n)
	if !ok {
		return "", "its RoleArn cannot be read"
	}
	// A Sub or literal ARN: find a role whose logical ID or RoleName it names.
	if cands := t.rolesNamedBy(s); len(cands) == 1 {
		return cands[0], ""
	}
	if strings.HasPrefix(s, "arn:") && !iam.HasSym(s) {
		return "", fmt.Sprintf("its role %q is not defined in this template", s)
	}
	return "", fmt.Sprintf("its RoleArn %q names no role of this template", iam.Display(s))
}

// rolesNamedBy returns the logical IDs of the role resources whose name,
// as Ref gives it (written out, or generated), a role ARN names.
func (t *Template) rolesNamedBy(arn string) []string {
	var cands []string
	for _, key := range t.resources.Keys {
		if typeOf(t.resource(key.Value)) == "AWS::IAM::Role" && project.ARNNamesRole(arn, t.ref(key.Value)) {
			cands = append(cands, key.Value)
		}
	}
	return cands
}

// embedded parses a DefinitionString: a plain string, a Fn::Sub Template or
// a Fn::Join of pieces, with offsets mapped back into the template. With
// subs (a definition, which DefinitionSubstitutions may fill in), as in
// Fn::Sub, ${...} placeholders may stand outside JSON strings.
//
// The returned resolver reads the strings inside: for Fn::Sub it applies
// the substitution to each, as CloudFormation does to the whole text.
func (t *Template) embedded(ds *node.Node, subs bool) (*node.Node, func(*node.Node) (string, bool), error) {
	fn, arg := intrinsic(ds)
	switch fn {
	case "":
		if ds.Kind != node.Scalar {
			return nil, nil, fmt.Errorf("expected a string")
		}
		root, err := project.ParseEmbedded(t.f, ds, ds.Value, subs)
		return root, t.resolve, err
	case "Fn::Sub":
		_, local, ok := subArgs(arg)
		src := arg
		if arg.Kind == node.Seq && len(arg.Items) > 0 {
			src = arg.Items[0]
		}
		if !ok || src.Kind != node.Scalar {
			return nil, nil, fmt.Errorf("expected a string Template in Fn::Sub")
		}
		root, err := project.ParseEmbedded(t.f, src, src.Value, true)
		lookup := t.subLookup(local, 0)
		resolve := func(n *node.Node) (string, bool) {
			s, ok := n.Str()
			if !ok {
				return "", false
			}
			t.mu.Lock()
			defer t.mu.Unlock()
			return iam.Substitute(s, lookup), true
		}
		return root, resolve, err
	case "Fn::Join":
		root, err := t.joined(arg, subs)
		return root, t.resolve, err
	}
	return nil, nil, fmt.Errorf("%s is not supported here", fn)
}

// joined assembles a Fn::Join definition. Pieces that are intrinsic
// functions become symbols in the text, so a Ref inside a JSON string still
// resolves, and one outside stands for a value; each offset maps back to
// the piece it came from.
func (t *Template) joined(arg *node.Node, subs bool) (*node.Node, error) {
	if arg.Kind != node.Seq || len(arg.Items) != 2 || arg.Items[1].Kind != node.Seq {
		return nil, fmt.Errorf("malformed Fn::Join")
	}
	delim, _ := arg.Items[0].Str()
	var b strings.Builder
	type piece struct {
		start int
		n     *node.Node
	}
	var pieces []piece
	for i, it := range arg.Items[1].Items {
		if i > 0 {
			b.WriteString(delim)
		}
		pieces = append(pieces, piece{b.Len(), it})
		s, ok := t.resolve(it)
		if !ok {
			return nil, fmt.Errorf("piece %d of Fn::Join cannot be read", i)
		}
		b.WriteString(s)
	}
	maps := make([]func(int) int, len(pieces))
	mapOff := func(off int) int {
		i, _ := slices.BinarySearchFunc(pieces, off, func(p piece, off int) int { return p.start - off })
		if i == len(pieces) || pieces[i].start > off {
			i--
		}
		i = max(i, 0)
		pc := pieces[i]
		if pc.n.Kind != node.Scalar || pc.n.Tag != "" {
			return pc.n.Pos
		}
		if maps[i] == nil {
			maps[i] = project.SourceMap(t.f, pc.n, pc.n.Value)
		}
		return maps[i](off - pc.start)
	}
	return project.ParseMapped(b.String(), subs, mapOff)
}
