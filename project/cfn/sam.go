package cfn

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

//go:embed data/*.json
var dataFS embed.FS

// samTemplate is one SAM policy template: the statements SAM writes for
// it, with ${Param} for its parameters.
type samTemplate struct {
	Parameters []string         `json:"parameters"`
	Statements []map[string]any `json:"statements"`
}

var samTemplates = mustDecode[map[string]samTemplate]("data/sam-policy-templates.json")

func mustDecode[T any](name string) T {
	var v T
	b, err := dataFS.ReadFile(name)
	if err == nil {
		err = json.Unmarshal(b, &v)
	}
	if err != nil {
		panic(fmt.Sprintf("project: %s: %v", name, err))
	}
	return v
}

// definitionFile reads the definition a SAM DefinitionUri names, relative
// to the template. Its ${...} placeholders (for DefinitionSubstitutions)
// may stand outside its JSON strings.
func (t *Template) definitionFile(m *project.Machine, uri *node.Node, resolve asl.Resolver) {
	rel, ok := uri.Str()
	if !ok {
		if uri.Kind == node.Map && uri.Get("Bucket") != nil {
			m.Unbound = "its definition is in S3 (DefinitionUri with Bucket and Key), which is not read"
		} else {
			m.Unbound = "its DefinitionUri cannot be read"
		}
		return
	}
	if strings.HasPrefix(rel, "s3://") {
		m.Unbound = "its definition is in S3 (" + rel + "), which is not read"
		return
	}
	want := rel
	if !path.IsAbs(rel) {
		want = path.Join(path.Dir(t.f.Path), rel)
	}
	f, err := t.p.Open(want)
	if err != nil {
		// A path that matches a file only when letter case is ignored works
		// on macOS and Windows and fails everywhere else: say so, and lint the
		// file it meant.
		if g := t.p.OpenFold(want); g != nil {
			f = g
			actual := strings.TrimPrefix(g.Path, strings.TrimSuffix(want, rel))
			t.p.Problem(t.f, uri, "DefinitionUri %q does not exist; %q differs only in letter case, so only case-insensitive file systems find it", rel, actual)
		}
	}
	if f == nil {
		why := project.Unreadable(err)
		t.p.Problem(t.f, uri, "DefinitionUri %q %s", rel, why)
		m.Unbound = "its DefinitionUri names a file that " + why
		return
	}
	root := f.Root
	if root == nil {
		root = t.p.ParseSubstituted(f)
	}
	if root == nil {
		// The file's own problem says why; the machine keeps the file so
		// that no second finding repeats it.
		m.DefinitionFile = f
		m.Unbound = "its definition file cannot be parsed"
		return
	}
	t.p.UseDefinition(f.Path)
	m.DefinitionFile = f
	sm, probs := asl.Parse(root, resolve)
	for _, pr := range probs {
		t.p.Problem(f, pr.Node, "%s", pr.Msg)
	}
	m.Definition = sm
}

// samRole is the role SAM creates for a state machine from its Policies.
func (t *Template) samRole(machine string, policies *node.Node) *project.Role {
	// SAM names the role it creates after the stack and the machine, with
	// a generated suffix, in the stack's account.
	arn := "arn:" + t.partition + ":iam::" + t.account + ":role/" + iam.GenSym(machine+"Role")
	role := &project.Role{Name: machine + "Role", ARN: arn, File: t.f, Node: policies, Path: "Resources." + machine + ".Properties.Policies"}
	if policies == nil {
		role.Node = t.resource(machine)
		return role
	}
	for i, item := range policies.List() {
		lpath := fmt.Sprintf("%s[%d]", role.Path, i)
		switch {
		case item.Kind == node.Map && item.Get("Statement") != nil:
			role.Policies = append(role.Policies, t.p.ReadPolicy(t.f, item, t.resolve, fmt.Sprintf("Policies[%d]", i), lpath))
		case item.Kind == node.Map && len(item.Keys) == 1 && !strings.HasPrefix(item.Keys[0].Value, "Fn::") && item.Keys[0].Value != "Ref":
			name := item.Keys[0]
			tmpl, ok := samTemplates[name.Value]
			if !ok {
				role.Unknown = append(role.Unknown, "the SAM policy Template "+name.Value)
				continue
			}
			role.Policies = append(role.Policies, t.expandTemplate(name, item.Values[0], tmpl, lpath))
		default:
			t.attachManaged(role, item, lpath)
		}
	}
	return role
}

// samTracing adds what SAM's transform adds to the role it creates for a
// state machine with Tracing enabled (samtranslator's stepfunctions
// generator, _construct_role): the AWS managed X-Ray policy, by the name
// get_xray_managed_policy_name gives for the partition. SAM adds it only
// when Enabled is the boolean true. at is the Tracing property, lpath its
// logical path.
func (t *Template) samTracing(role *project.Role, tracing, at *node.Node, lpath string) {
	enabled := tracing.Get("Enabled")
	if enabled == nil || enabled.Style != node.Bool || !enabled.IsTrue() {
		return
	}
	name := "AWSXRayDaemonWriteAccess"
	if t.partition == "aws" {
		name = "AWSXrayWriteOnlyAccess"
	}
	arn := "arn:" + t.partition + ":iam::aws:policy/" + name
	if pol := t.managedPolicy(arn, at, lpath); pol != nil {
		role.Policies = append(role.Policies, pol)
		return
	}
	role.Unknown = append(role.Unknown, arn)
}

// attachManaged attaches a policy named by ARN or, in SAM, by the name of
// an AWS managed policy. A customer managed policy of the same Template is
// read from its resource; an AWS managed policy from the data shipped here,
// when it is there.
func (t *Template) attachManaged(role *project.Role, item *node.Node, lpath string) {
	if ref := refTarget(item); ref != "" && typeOf(t.resource(ref)) == "AWS::IAM::ManagedPolicy" {
		if doc := t.policyDoc(t.resource(ref).Get("Properties").Get("PolicyDocument")); doc != nil {
			role.Policies = append(role.Policies, t.p.ReadPolicy(t.f, doc, t.docResolver(doc), ref, "Resources."+ref))
		}
		return
	}
	v, ok := t.resolve(item)
	if !ok {
		t.p.Problem(t.f, item, "a managed policy must be an ARN or a name")
		return
	}
	if pol := t.managedPolicy(v, item, lpath); pol != nil {
		role.Policies = append(role.Policies, pol)
		return
	}
	role.Unknown = append(role.Unknown, iam.Display(v))
}

// managedPolicy returns the AWS managed policy an ARN or bare name names,
// from the data shipped here, or nil. Its statements point at where the
// policy is attached.
func (t *Template) managedPolicy(v string, at *node.Node, lpath string) *iam.Policy {
	return project.ManagedPolicy(v, t.f, at, lpath)
}

// expandTemplate writes out the statements of a SAM policy Template with
// the parameters given.
func (t *Template) expandTemplate(name, params *node.Node, tmpl samTemplate, lpath string) *iam.Policy {
	pol := &iam.Policy{Name: name.Value, File: t.f.Path, Path: lpath, Generated: true}
	for _, p := range tmpl.Parameters {
		if params.Get(p) == nil {
			t.p.Problem(t.f, name, "SAM policy Template %s needs the parameter %s", name.Value, p)
		}
	}
	lookup := func(v string) string {
		t.mu.Lock()
		defer t.mu.Unlock()
		return iam.Substitute(v, func(k string) (string, bool) {
			if slices.Contains(tmpl.Parameters, k) {
				if pn := params.Get(k); pn != nil {
					return t.eval(pn, 0)
				}
				return iam.Sym(name.Value + "." + k), true
			}
			return t.ref(k), true
		})
	}
	for i, st := range tmpl.Statements {
		s := &iam.Statement{Index: i, Deny: st["Effect"] == "Deny", Condition: st["Condition"] != nil}
		for _, a := range jsonStrings(st["Action"]) {
			s.Actions = append(s.Actions, iam.Item{Value: a})
		}
		for _, r := range jsonStrings(st["Resource"]) {
			s.Resources = append(s.Resources, iam.Item{Value: lookup(r)})
		}
		pol.Statements = append(pol.Statements, s)
	}
	project.PointAt(pol, name)
	return pol
}

// samConnectors holds what a SAM connector from a state machine grants,
// by destination type and permission.
var samConnectors = mustDecode[map[string]map[string][]struct {
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}]("data/sam-connectors.json")

// connector is one SAM connector whose source is a resource of the
// template.
type connector struct {
	name         string
	node         *node.Node // where it is written
	source       string
	destinations []*node.Node
	permissions  []string
}

// connectors lists the template's SAM connectors: AWS::Serverless::Connector
// resources and the Connectors attribute written on a source resource.
func (t *Template) connectors() []connector {
	var out []connector
	add := func(name string, at *node.Node, source string, props *node.Node) {
		c := connector{name: name, node: at, source: source, destinations: props.Get("Destination").List()}
		for _, p := range props.Get("Permissions").List() {
			if s, ok := p.Str(); ok {
				c.permissions = append(c.permissions, s)
			}
		}
		out = append(out, c)
	}
	for i, key := range t.resources.Keys {
		r := t.resources.Values[i]
		if typeOf(r) == "AWS::Serverless::Connector" {
			props := r.Get("Properties")
			if src, ok := props.Get("Source").Get("Id").Str(); ok {
				add(key.Value, key, src, props)
			}
		}
		if cs := r.Get("Connectors"); cs != nil && cs.Kind == node.Map {
			for j, ck := range cs.Keys {
				add(key.Value+ck.Value, ck, key.Value, cs.Values[j].Get("Properties"))
			}
		}
	}
	return out
}

// applyConnectors adds to each machine's role the statements its SAM
// connectors grant.
func (t *Template) applyConnectors() {
	conns := t.connectors()
	if len(conns) == 0 {
		return
	}
	for _, m := range t.p.Machines {
		if m.File != t.f || m.Role == nil {
			continue
		}
		for _, c := range conns {
			if c.source != m.Name {
				continue
			}
			for _, d := range c.destinations {
				pol, ok := t.connectorPolicy(c, d)
				if !ok {
					m.Role.Unknown = append(m.Role.Unknown, "the SAM connector "+c.name)
					continue
				}
				if !slices.ContainsFunc(m.Role.Policies, func(p *iam.Policy) bool { return p.Node == c.node && p.Name == pol.Name }) {
					m.Role.Policies = append(m.Role.Policies, pol)
				}
			}
		}
	}
}

// connectorPolicy writes out what a connector grants toward one
// destination; ok is false when that is not known here.
func (t *Template) connectorPolicy(c connector, dest *node.Node) (*iam.Policy, bool) {
	id, ok := dest.Get("Id").Str()
	if !ok {
		return nil, false
	}
	typ := typeOf(t.resource(id))
	profile, ok := samConnectors[typ]
	if !ok {
		return nil, false
	}
	perms := slices.Clone(c.permissions)
	if strings.HasSuffix(typ, "::StateMachine") && slices.Contains(perms, "Write") && !slices.Contains(perms, "Read") {
		// SAM takes Write toward a state machine only together with Read.
		perms = append(perms, "Read")
	}
	pol := &iam.Policy{Name: "SAM connector " + c.name + " to " + id, File: t.f.Path, Path: "Resources." + c.name, Generated: true}
	t.mu.Lock()
	defer t.mu.Unlock()
	lookup := func(k string) (string, bool) {
		switch k {
		case "Destination.Arn":
			switch typ {
			case "AWS::SNS::Topic", "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine":
				return t.ref(id), true
			}
			return t.getAtt(id, "Arn"), true
		case "Destination.Name":
			return t.getAtt(id, "Name"), true
		}
		return t.ref(k), true
	}
	for _, perm := range perms {
		statements, ok := profile[perm]
		if !ok {
			return nil, false
		}
		for _, st := range statements {
			s := &iam.Statement{Index: len(pol.Statements)}
			for _, a := range st.Action {
				s.Actions = append(s.Actions, iam.Item{Value: a})
			}
			for _, r := range st.Resource {
				s.Resources = append(s.Resources, iam.Item{Value: iam.Substitute(r, lookup)})
			}
			pol.Statements = append(pol.Statements, s)
		}
	}
	project.PointAt(pol, c.node)
	return pol, true
}
