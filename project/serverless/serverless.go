package serverless

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/cfn"
)

// A Serverless Framework service declares state machines for the
// serverless-step-functions plugin under stepFunctions.stateMachines. The
// Framework first resolves its own ${source:address} variables throughout
// the file (and the files it includes with ${file(...)}); the plugin then
// turns each state machine into an AWS::StepFunctions::StateMachine, run
// by the role it names or by a role the plugin writes from the definition.
// resources.Resources is plain CloudFormation and is read as a template.

// service is a Serverless Framework service being read.
type service struct {
	p      *project.Project
	f      *project.File
	dir    string // the service directory: ${file(...)} paths are relative to it
	name   string // the service's name, for default function names
	stage  string // a literal stage, or stageSym
	region string // a literal Region, or iam.Region
	t      *cfn.Template
	// from maps each logical ID of t.resources to the file it is written
	// in, for resources brought in with ${file(...)}.
	from map[string]*project.File
	// funcs maps the keys of functions to their deployed names.
	funcs map[string]string
	// funcRoles maps the keys of functions to the role they run with,
	// when the service names one: their own role, or the provider's.
	funcRoles map[string]*node.Node
	// roots holds files parsed here because the loader skipped them (a
	// config file with none of the words the loader looks for).
	roots map[string]*node.Node
	// work bounds variable expansion, which can nest references to
	// references without end.
	work int
}

// stageSym stands for the stage a service is deployed to when the file
// does not fix it: the --stage option picks it.
var stageSym = iam.Sym("sls:stage")

// newService reads what the rest of a service depends on: its name, stage,
// Region and functions.
func newService(p *project.Project, f *project.File) *service {
	s := &service{p: p, f: f, dir: path.Dir(f.Path), stage: stageSym, region: iam.Region,
		funcs: map[string]string{}, funcRoles: map[string]*node.Node{}, roots: map[string]*node.Node{}, work: 50000 + 10*len(f.Data)}
	home := place{f: f}
	// The stage and Region are literal only where the file writes them
	// out; otherwise the command line decides.
	if prov, _ := s.follow(f.Root.Get("provider"), home); prov != nil {
		if v, ok := literal(prov.Get("stage")); ok {
			s.stage = v
		}
		if v, ok := literal(prov.Get("region")); ok {
			s.region = v
		}
	}
	s.name = iam.Sym("self:service")
	svc, sp := s.follow(f.Root.Get("service"), home)
	if svc != nil && svc.Kind == node.Map {
		// The Framework's early versions took service: {name: ...}.
		svc, sp = s.follow(svc.Get("name"), sp)
	}
	if v, ok := s.text(svc, sp.f); ok {
		s.name = v
	}
	s.readFunctions()
	return s
}

func readService(p *project.Project, f *project.File) {
	s := newService(p, f)
	home := place{f: f}

	sfn, sfnAt := s.follow(f.Root.Get("stepFunctions"), home)
	sms, smsAt := s.follow(sfn.Get("stateMachines"), sfnAt)
	type entry struct {
		key, value *node.Node
		at         place
		logicalID  string
		name       string // the name property, "" when CloudFormation generates it
	}
	var machines []entry
	if sms != nil && sms.Kind != node.Map && sms.Style != node.Null {
		s.notMap(sfn.Get("stateMachines"), sms, sfnAt, "stepFunctions.stateMachines must be a map of state machines")
	}
	if sms == nil || sms.Kind != node.Map {
		sms = &node.Node{Kind: node.Map}
	}
	for i, key := range sms.Keys {
		v, at := s.follow(sms.Values[i], smsAt)
		if v == nil || v.Kind != node.Map {
			s.notMap(sms.Values[i], v, smsAt, fmt.Sprintf("state machine %q must be a map", key.Value))
			continue
		}
		e := entry{key: s.pin(key, smsAt), value: v, at: at}
		e.name, _ = s.text(v.Get("name"), at.f)
		id, _ := s.text(v.Get("id"), at.f)
		switch {
		case id != "":
			e.logicalID = normalizeName(id)
		case e.name != "":
			e.logicalID = normalizeName(e.name)
		default:
			e.logicalID = normalizeName(key.Value) + "StepFunctionsStateMachine"
		}
		machines = append(machines, e)
	}

	resources := s.readResources()
	// The plugin and the Framework add resources of their own; a
	// definition or policy may refer to them by logical ID.
	at := f.Root
	for _, key := range slices.Sorted(maps.Keys(s.funcs)) {
		s.addResource(resources, at, lambdaLogicalID(key), "AWS::Lambda::Function", "FunctionName", s.funcs[key])
	}
	for _, e := range machines {
		s.addResource(resources, e.key, e.logicalID, "AWS::StepFunctions::StateMachine", "StateMachineName", e.name)
	}
	acts, actsAt := s.follow(sfn.Get("activities"), sfnAt)
	for _, a := range acts.List() {
		if name, ok := s.text(a, actsAt.f); ok && name != "" {
			s.addResource(resources, s.pin(a, actsAt), normalizeName(name)+"StepFunctionsActivity", "AWS::StepFunctions::Activity", "Name", name)
		}
	}

	partition := "aws"
	var ev project.Evidence
	if ev.Add(f.Data); ev.Partition() != "" {
		partition = ev.Partition()
	}
	var params []string
	if rs, rat := s.follow(f.Root.Get("resources"), home); rs != nil && rs.Kind == node.Map {
		if ps, _ := s.follow(rs.Get("Parameters"), rat); ps != nil {
			for _, k := range ps.Keys {
				params = append(params, k.Value)
			}
		}
	}
	s.t = cfn.NewTemplate(p, f, resources, params, partition, s.region, iam.AccountID)
	for i, key := range resources.Keys {
		r := resources.Values[i]
		if cfn.TypeOf(r) != "AWS::ECS::TaskDefinition" {
			continue
		}
		var roles []string
		for _, prop := range []string{"TaskRoleArn", "ExecutionRoleArn"} {
			if v, ok := s.t.Resolve(r.Get("Properties").Get(prop)); ok {
				roles = append(roles, v)
			}
		}
		p.TaskRoles[s.ref(key.Value)] = roles
	}

	roles := map[string]*project.Role{}
	first := len(p.Machines)
	for _, e := range machines {
		s.readMachine(e.key, e.value, e.at, e.logicalID, e.name, roles)
	}
	rps := s.t.ResourcePolicies()
	for _, m := range p.Machines[first:] {
		m.ResourcePolicies = rps
	}
	s.t.MarkShared(roles)
	s.t.ReadAPIRoutes()
	s.markFunctions(roles)
	s.t.OfferRoles(func(name string) *project.Role {
		role := s.t.RoleFor(name, roles)
		s.placeRole(role)
		return role
	})
}

// markFunctions adds to what else runs with each role the functions of the
// service that name it: by logical ID, as the Framework takes a name that
// is not an ARN, by Ref or Fn::GetAtt, or by ARN.
func (s *service) markFunctions(roles map[string]*project.Role) {
	for name, role := range roles {
		for _, key := range slices.Sorted(maps.Keys(s.funcRoles)) {
			n := s.funcRoles[key]
			v, _ := s.t.Resolve(n)
			ref, _ := cfn.RoleRef(n)
			if ref == name || v == name || strings.HasPrefix(v, "arn:") && slices.Contains(s.t.RolesNamedBy(v), name) {
				role.SharedWith = append(role.SharedWith, "functions."+key)
			}
		}
	}
}

// notMap reports raw, which resolved to v, where a map belongs: an
// included file that does not exist, or something else written there. A
// value that is not known here (such as ${ssm:...}) is passed over.
func (s *service) notMap(raw, v *node.Node, at place, msg string) {
	ref := s.pin(raw, at)
	if str, ok := raw.Str(); ok {
		if inner, ok := wholeVar(str); ok {
			if inc, isFile := s.includedFile(inner); isFile {
				if inc.f == nil && inc.script == "" {
					s.p.Problem(s.f, ref, "the included file %q %s", inc.rel, inc.why)
				}
				return
			}
		}
	}
	if v != nil && v.Kind == node.Scalar {
		if _, whole := iam.IsSym(v.Value); whole {
			return
		}
	}
	s.p.Problem(s.f, ref, "%s", msg)
}

// literal returns a string scalar written out in full, without variables.
func literal(n *node.Node) (string, bool) {
	v, ok := n.Str()
	if !ok || v == "" || strings.Contains(v, "${") {
		return "", false
	}
	return v, true
}

// normalizeName is how the Framework and the plugin turn a name into part
// of a logical ID: '-' and '_' spelled out, the first letter upper case.
func normalizeName(name string) string {
	// Symbols keep their names: they stand for text not known here.
	masked, unmask := iam.Mask(name)
	masked = strings.ReplaceAll(strings.ReplaceAll(masked, "-", "Dash"), "_", "Underscore")
	if r, size := utf8.DecodeRuneInString(masked); size > 0 && unicode.IsLower(r) {
		masked = string(unicode.ToUpper(r)) + masked[size:]
	}
	return unmask(masked)
}

// lambdaLogicalID is the logical ID the Framework gives the function with
// the given key.
func lambdaLogicalID(key string) string { return normalizeName(key) + "LambdaFunction" }

// maps returns the maps a section is written as: itself, or the items of
// a list of maps (which the Framework merges), each where it is read from.
func (s *service) maps(n *node.Node, at place) ([]*node.Node, []place) {
	if n == nil || n.Kind != node.Seq {
		return []*node.Node{n}, []place{at}
	}
	var parts []*node.Node
	var places []place
	for _, it := range n.Items {
		m, mat := s.follow(it, at)
		parts, places = append(parts, m), append(places, mat)
	}
	return parts, places
}

// readFunctions records the deployed name of each function (its name, or
// <service>-<stage>-<key>) and the role it names. functions may be a map
// or a list of maps.
func (s *service) readFunctions() {
	// A role for every function: provider.iam.role when it names one
	// rather than listing statements, or the older provider.role.
	var common *node.Node
	if prov, pat := s.follow(s.f.Root.Get("provider"), place{f: s.f}); prov != nil {
		iamRole, iat := s.follow(prov.Get("iam"), pat)
		common = s.pin(iamRole.Get("role"), iat)
		if common == nil || common.Kind == node.Map && common.Get("statements") != nil || common.Kind == node.Seq {
			common = s.pin(prov.Get("role"), pat)
		}
	}
	parts, places := s.maps(s.follow(s.f.Root.Get("functions"), place{f: s.f}))
	for i, m := range parts {
		if m == nil || m.Kind != node.Map {
			continue
		}
		for j, k := range m.Keys {
			fn, fat := s.follow(m.Values[j], places[i])
			name, ok := "", false
			if fn != nil && fn.Kind == node.Map {
				name, ok = s.text(fn.Get("name"), fat.f)
			}
			if !ok || name == "" {
				name = s.name + "-" + s.stage + "-" + k.Value
			}
			s.funcs[k.Value] = name
			if role := s.pin(fn.Get("role"), fat); role != nil {
				s.funcRoles[k.Value] = role
			} else if common != nil {
				s.funcRoles[k.Value] = common
			}
		}
	}
}

// readResources gathers resources.Resources, which may be a map or, with
// resources written as a list of files, several maps merged.
func (s *service) readResources() *node.Node {
	merged := &node.Node{Kind: node.Map}
	s.from = map[string]*project.File{}
	parts, places := s.maps(s.follow(s.f.Root.Get("resources"), place{f: s.f}))
	for i, part := range parts {
		if part == nil || part.Kind != node.Map {
			continue
		}
		res, rat := s.follow(part.Get("Resources"), places[i])
		if res == nil || res.Kind != node.Map {
			continue
		}
		// Resources keep the positions of the file they are written in, so
		// that findings and fixes about a role in an included file land
		// there; s.from says which file that is.
		res = s.expand(res, rat.f, 0)
		for j, k := range res.Keys {
			merged.Keys = append(merged.Keys, k)
			merged.Values = append(merged.Values, res.Values[j])
			s.from[k.Value] = rat.f
		}
	}
	return merged
}

// addResource adds a resource the Framework or the plugin writes. The
// Framework merges a resource of the service's own with the same logical
// ID into its own, so such a resource gets the type and name it lacks.
func (s *service) addResource(res, at *node.Node, id, typ, nameProp, name string) {
	str := func(v string) *node.Node {
		return &node.Node{Kind: node.Scalar, Style: node.String, Value: v, Pos: at.Pos, End: at.End}
	}
	// with returns a copy of map m with key set to v unless m has it.
	with := func(m *node.Node, key string, v *node.Node) *node.Node {
		c := &node.Node{Kind: node.Map, Pos: at.Pos, End: at.End}
		if m != nil && m.Kind == node.Map {
			*c = *m
			if m.Get(key) != nil {
				return m
			}
		}
		c.Keys = append(slices.Clone(c.Keys), str(key))
		c.Values = append(slices.Clone(c.Values), v)
		return c
	}
	i := slices.IndexFunc(res.Keys, func(k *node.Node) bool { return k.Value == id })
	if i < 0 {
		res.Keys = append(res.Keys, str(id))
		res.Values = append(res.Values, &node.Node{Kind: node.Map, Pos: at.Pos, End: at.End})
		s.from[id] = s.f
		i = len(res.Keys) - 1
	}
	r := res.Values[i]
	if t := cfn.TypeOf(r); t != "" && t != typ {
		return
	}
	r = with(r, "Type", str(typ))
	if name != "" {
		props := with(r.Get("Properties"), nameProp, str(name))
		if r.Get("Properties") == nil {
			r = with(r, "Properties", props)
		} else {
			c := *r
			c.Values = slices.Clone(r.Values)
			c.Values[slices.IndexFunc(r.Keys, func(k *node.Node) bool { return k.Value == "Properties" })] = props
			r = &c
		}
	}
	res.Values[i] = r
}

// readMachine reads one entry of stepFunctions.stateMachines.
func (s *service) readMachine(key, cfg *node.Node, at place, logicalID, name string, roles map[string]*project.Role) {
	p := s.p
	m := &project.Machine{Name: key.Value, File: s.f, Node: cfg, NameNode: key, ARN: s.ref(logicalID),
		Path: "stepFunctions.stateMachines." + key.Value, TaskRoles: p.TaskRoles, Scope: s.t}
	if at.f != s.f {
		m.Node = at.anchor
	}
	if s.region != iam.Region {
		m.Region, m.Account = s.region, iam.AccountID
	}
	p.Machines = append(p.Machines, m)
	get := func(k string) *node.Node { return s.pin(cfg.Get(k), at) }
	keyOf := func(k string) *node.Node { return s.pin(cfg.KeyNode(k), at) }

	def := s.readDefinition(m, key, cfg.Get("definition"), at)
	if typ, _ := s.t.Resolve(get("type")); typ == "EXPRESS" {
		m.Express = true
	}
	if lc := get("loggingConfig"); lc != nil {
		// The plugin's level defaults to OFF.
		m.LoggingNode = keyOf("loggingConfig")
		lvl, _ := s.t.Resolve(lc.Get("level"))
		m.Logging = lvl != "" && lvl != "OFF"
	}
	if tc := get("tracingConfig"); tc != nil {
		m.TracingNode = keyOf("tracingConfig")
		m.Tracing = tc.Get("enabled").IsTrue()
	}
	if ec := get("encryptionConfig"); ec != nil {
		if typ, _ := s.t.Resolve(ec.Get("Type")); typ == "CUSTOMER_MANAGED_KMS_KEY" && ec.Get("KmsKeyId") != nil {
			m.EncryptionNode = keyOf("encryptionConfig")
			m.KMSKey = s.t.KMSKeyARN(fnSub(ec.Get("KmsKeyId")))
		}
	}

	roleNode := get("role")
	switch {
	case m.Unbound != "":
	case roleNode != nil:
		if cfg.Get("iamRoleStatements") != nil {
			p.Problem(s.f, keyOf("iamRoleStatements"), "the plugin takes either role or iamRoleStatements, not both")
		}
		if roleName, why := s.findRole(roleNode); roleName == "" {
			m.Unbound = why
		} else {
			m.Role = s.t.RoleFor(roleName, roles)
			s.placeRole(m.Role)
		}
	default:
		m.Role = s.generatedRole(m, cfg, at, logicalID, name, def)
	}
	if m.Definition == nil && m.Unbound == "" {
		m.Unbound = "its definition could not be read"
	}
}

// readDefinition reads a state machine's definition: a map written in
// place, or brought in by a variable such as ${file(path)}. It returns the
// definition as the plugin's role generator sees it, or nil.
func (s *service) readDefinition(m *project.Machine, key, dn *node.Node, at place) *node.Node {
	p := s.p
	if dn == nil {
		// The plugin stops with "Missing definition".
		p.Problem(s.f, key, "state machine %q has no definition", key.Value)
		m.Unbound = "it has no definition"
		return nil
	}
	dv, dat := s.follow(dn, at)
	if dv == nil || dv.Kind != node.Map {
		ref := s.pin(dn, at)
		if raw, ok := dn.Str(); ok {
			if inner, ok := wholeVar(raw); ok {
				if inc, isFile := s.includedFile(inner); isFile {
					switch {
					case inc.script != "":
						// Not a fault of the file: only not checked.
						m.Unbound = fmt.Sprintf("its definition comes from the %s variable file %q, which is not evaluated here", inc.script, inc.rel)
					case inc.f == nil:
						p.Problem(s.f, ref, "the definition file %q %s", inc.rel, inc.why)
						m.Unbound = "its definition file " + inc.why
					default:
						// What is wrong with the file is said on the file.
						p.ReportUnparsed(inc.f, fmt.Sprintf("the definition of state machine %q in %s", key.Value, s.f.Path))
						m.DefinitionFile = inc.f
						m.Unbound = "its definition file cannot be parsed"
					}
					return nil
				}
			}
		}
		v, _ := s.text(dv, dat.f)
		if _, whole := iam.IsSym(v); whole {
			m.Unbound = fmt.Sprintf("its definition comes from %s, which is not known here", iam.Display(v))
			return nil
		}
		p.Problem(s.f, ref, "the definition of %q is not a map: the plugin writes a string as a JSON string, not as a definition; write it as a map or load it with ${file(...)}", key.Value)
		m.Unbound = "its definition could not be read"
		return nil
	}
	defFile := s.f
	if dat.f != s.f {
		defFile = dat.f
		m.DefinitionFile = dat.f
		p.UseDefinition(dat.f.Path)
	}
	// The plugin writes its role from the definition as the Framework
	// resolved it, before it rewrites references to functions for
	// CloudFormation.
	def := s.expand(dv, dat.f, 0)
	if wrapped(def) {
		m.Definition = p.ReadDefinition(defFile, s.translate(def), s.resolveDef)
		m.Unsubstituted = func(k string) string {
			return fmt.Sprintf("${!%s} in the Fn::Sub the plugin wraps the definition in is the text ${%s}", k, k)
		}
		return def
	}
	// The plugin passes a definition with neither to CloudFormation as a
	// plain string: its ${...} stay as they are written.
	m.Definition = p.ReadDefinition(defFile, def, iam.PlainResolver)
	m.Unsubstituted = func(string) string {
		return "the plugin wraps a definition in Fn::Sub only when it holds an intrinsic function or a #{...} placeholder, and this one holds neither"
	}
	return def
}

// wrapped reports whether the plugin wraps a definition in Fn::Sub: when
// it holds an intrinsic function (Ref or Fn::...) or a #{...} placeholder.
func wrapped(def *node.Node) bool {
	found := false
	node.Walk(def, func(n *node.Node) bool {
		if n != def && (strings.HasPrefix(n.Tag, "!") && n.Tag != "!Condition" || slices.ContainsFunc(n.Keys, func(k *node.Node) bool {
			return k.Value == "Ref" || strings.HasPrefix(k.Value, "Fn::")
		})) {
			found = true
		}
		if v, ok := n.Str(); ok && pseudoRE.MatchString(v) {
			found = true
		}
		return !found
	})
	return found
}

// fnSub wraps a string in Fn::Sub, as the plugin does with a KmsKeyId.
func fnSub(n *node.Node) *node.Node {
	if _, ok := n.Str(); !ok {
		return n
	}
	k := &node.Node{Kind: node.Scalar, Style: node.String, Value: "Fn::Sub", Pos: n.Pos, End: n.End}
	return &node.Node{Kind: node.Map, Keys: []*node.Node{k}, Values: []*node.Node{n}, Pos: n.Pos, End: n.End}
}

func (s *service) ref(name string) string { return s.t.Ref(name) }

func (s *service) getAtt(res, attr string) string { return s.t.GetAtt(res, attr) }

// pseudoRE finds the #{AWS::Region}-style placeholders that the plugin
// turns into Fn::Sub's ${...}.
var pseudoRE = regexp.MustCompile(`#\{([^}]+)\}`)

// resolveDef reads the strings of a definition: intrinsic functions are
// evaluated, and ${...} left by the Framework (and #{...}) are taken as the
// Fn::Sub the plugin wraps the definition in.
func (s *service) resolveDef(n *node.Node) (string, bool) {
	if fn, _ := cfn.Intrinsic(n); fn != "" {
		return s.t.Resolve(n)
	}
	v, ok := n.Str()
	if !ok {
		return "", false
	}
	return s.cfnSub(v), true
}

func (s *service) cfnSub(v string) string {
	v = pseudoRE.ReplaceAllString(v, "$${${1}}")
	if !strings.Contains(v, "${") {
		return v
	}
	return s.t.Sub(v)
}

// translate rewrites references to the service's functions in a
// definition the way the plugin does: Fn::GetAtt [hello, Arn] names the
// function's resource, HelloLambdaFunction, and a Ref to a function becomes
// the function's ARN.
func (s *service) translate(n *node.Node) *node.Node {
	if n == nil {
		return nil
	}
	if r := s.translateRef(n); r != nil {
		return r
	}
	var c *node.Node
	clone := func() {
		if c == nil {
			cp := *n
			cp.Values, cp.Items = slices.Clone(n.Values), slices.Clone(n.Items)
			c = &cp
		}
	}
	for i, v := range n.Values {
		if w := s.translate(v); w != v {
			clone()
			c.Values[i] = w
		}
	}
	for i, v := range n.Items {
		if w := s.translate(v); w != v {
			clone()
			c.Items[i] = w
		}
	}
	if c != nil {
		return c
	}
	return n
}

func (s *service) translateRef(n *node.Node) *node.Node {
	if arn, ok := s.localFunctionARN(n); ok {
		return &node.Node{Kind: node.Scalar, Style: node.String, Value: arn, Pos: n.Pos, End: n.End}
	}
	return s.localGetAtt(n)
}

// localFunctionARN is the ARN the plugin writes, from its name, for a
// function of the service a Ref names (its resolveLambdaFunctionName).
func (s *service) localFunctionARN(n *node.Node) (string, bool) {
	target := cfn.RefTarget(n)
	if target == "" {
		return "", false
	}
	name, ok := s.localFunction(target)
	if !ok {
		return "", false
	}
	return "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + name, true
}

// localGetAtt rewrites Fn::GetAtt [key, Attr] of a function of the service
// to name the function's resource, as the plugin does; nil for anything
// else.
func (s *service) localGetAtt(n *node.Node) *node.Node {
	res, attr, ok := cfn.GetAttArgs(n)
	if !ok {
		return nil
	}
	if _, isFn := s.funcs[res]; !isFn || s.t.Resource(res) != nil {
		return nil
	}
	str := func(v string) *node.Node {
		return &node.Node{Kind: node.Scalar, Style: node.String, Value: v, Pos: n.Pos, End: n.End}
	}
	pair := &node.Node{Kind: node.Seq, Items: []*node.Node{str(lambdaLogicalID(res)), str(attr)}, Pos: n.Pos, End: n.End}
	return &node.Node{Kind: node.Map, Keys: []*node.Node{str("Fn::GetAtt")}, Values: []*node.Node{pair}, Pos: n.Pos, End: n.End}
}

// localFunction returns the deployed name of the function a Ref names by
// its key or by its logical ID.
func (s *service) localFunction(target string) (string, bool) {
	if name, ok := s.funcs[target]; ok && s.t.Resource(target) == nil {
		return name, true
	}
	for _, k := range slices.Sorted(maps.Keys(s.funcs)) {
		if lambdaLogicalID(k) == target {
			return s.funcs[k], true
		}
	}
	return "", false
}

// findRole finds the role in resources.Resources that a state machine's
// role names, or says why not.
func (s *service) findRole(n *node.Node) (string, string) {
	t := s.t
	isRole := func(name string) bool { return cfn.TypeOf(t.Resource(name)) == "AWS::IAM::Role" }
	if name, ok := cfn.RoleRef(n); ok {
		switch {
		case isRole(name):
			return name, ""
		case t.Resource(name) != nil:
			return "", fmt.Sprintf("its role names %q, which is a %s, not an AWS::IAM::Role", name, cfn.TypeOf(t.Resource(name)))
		case name == "IamRoleLambdaExecution":
			return "", "its role is the one the Framework writes for the service's functions, which is not read here"
		}
		return "", fmt.Sprintf("its role names %q, which is not in resources.Resources", name)
	}
	v, ok := t.Resolve(n)
	if !ok {
		return "", "its role cannot be read"
	}
	if cands := t.RolesNamedBy(v); len(cands) == 1 {
		return cands[0], ""
	}
	if _, whole := iam.IsSym(v); whole {
		return "", fmt.Sprintf("its role comes from %s, which is not known here", iam.Display(v))
	}
	return "", fmt.Sprintf("its role %q is not a role of resources.Resources", iam.Display(v))
}

// placeRole points a role, and the policies read for it, at the files
// they are written in when resources come from several files.
func (s *service) placeRole(role *project.Role) {
	if f := s.from[role.Name]; f != nil {
		role.File = f
	}
	fix := func(pol *iam.Policy) {
		if pol == nil {
			return
		}
		id, ok := strings.CutPrefix(pol.Path, "Resources.")
		if !ok {
			return
		}
		if i := strings.IndexAny(id, ".["); i >= 0 {
			id = id[:i]
		}
		if f := s.from[id]; f != nil {
			pol.File = f.Path
		}
	}
	for _, pol := range role.Policies {
		fix(pol)
	}
	fix(role.Trust)
	fix(role.Boundary)
}

// generatedRole is the role the plugin writes for a state machine that
// names none: a policy derived from the definition (its compileIamRole and
// iamStrategies), the state machine's own iamRoleStatements, and the
// provider's permissions boundary. Its trust policy is the plugin's own and
// right by construction.
func (s *service) generatedRole(m *project.Machine, cfg *node.Node, at place, logicalID, name string, def *node.Node) *project.Role {
	key := m.NameNode
	role := &project.Role{Name: iam.Display(logicalID + "Role"), File: s.f, Node: key, Path: m.Path + ".role"}
	g := &generator{s: s}
	if def != nil {
		g.states(def.Get("States"), cmp.Or(name, key.Value), 0)
	}
	if cfg.Get("loggingConfig") != nil {
		g.add("logs:CreateLogDelivery,logs:GetLogDelivery,logs:UpdateLogDelivery,logs:DeleteLogDelivery,"+
			"logs:ListLogDeliveries,logs:PutResourcePolicy,logs:DescribeResourcePolicies,logs:DescribeLogGroups", "*")
	}
	if cfg.Get("tracingConfig") != nil {
		g.add("xray:PutTraceSegments,xray:PutTelemetryRecords,xray:GetSamplingRules,xray:GetSamplingTargets", "*")
	}
	if ks := s.pin(cfg.Get("kmsKeyArns"), at); ks != nil {
		var arns []string
		for _, k := range ks.List() {
			arns = append(arns, g.value(k))
		}
		if len(arns) > 0 {
			g.add("kms:Decrypt,kms:Encrypt,kms:ReEncrypt*,kms:GenerateDataKey*,kms:DescribeKey", arns...)
		}
	}
	if ec := s.pin(cfg.Get("encryptionConfig"), at); ec != nil {
		if kid := ec.Get("KmsKeyId"); kid != nil {
			if v, ok := s.t.Resolve(fnSub(kid)); ok && v != "" {
				g.add("kms:Decrypt,kms:Encrypt", v)
			}
		}
	}
	stmts := s.pin(cfg.Get("iamRoleStatements"), at)
	pol := &iam.Policy{Name: iam.Display(s.stage) + "-" + iam.Display(s.name) + "-statemachine",
		File: s.f.Path, Path: role.Path, Generated: true}
	for _, gr := range g.grants {
		st := &iam.Statement{Index: len(pol.Statements)}
		for _, a := range gr.actions {
			st.Actions = append(st.Actions, iam.Item{Value: a})
		}
		for _, r := range gr.resources {
			st.Resources = append(st.Resources, iam.Item{Value: r})
		}
		pol.Statements = append(pol.Statements, st)
	}
	if len(pol.Statements) == 0 && len(stmts.List()) == 0 {
		// With nothing to grant, the plugin denies everything, as the
		// console does.
		pol.Statements = append(pol.Statements, &iam.Statement{Deny: true,
			Actions: []iam.Item{{Value: "*"}}, Resources: []iam.Item{{Value: "*"}}})
	}
	if len(pol.Statements) > 0 {
		project.PointAt(pol, key)
		role.Policies = append(role.Policies, pol)
	}
	if stmts != nil {
		k := &node.Node{Kind: node.Scalar, Style: node.String, Value: "Statement", Pos: stmts.Pos, End: stmts.Pos}
		doc := &node.Node{Kind: node.Map, Keys: []*node.Node{k}, Values: []*node.Node{stmts}, Pos: stmts.Pos, End: stmts.End}
		role.Policies = append(role.Policies, s.p.ReadPolicy(s.f, doc, s.t.Resolve, "iamRoleStatements", m.Path+".iamRoleStatements"))
	}
	if prov, pat := s.follow(s.f.Root.Get("provider"), place{f: s.f}); prov != nil {
		if b := s.pin(prov.Get("rolePermissionsBoundary"), pat); b != nil {
			role.Boundary, role.BoundaryUnknown = s.t.Boundary(b)
		}
	}
	return role
}
