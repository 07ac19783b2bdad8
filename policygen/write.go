package policygen

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/cfn"
	"github.com/sfn-lint/sfn-lint/project/serverless"
	"github.com/sfn-lint/sfn-lint/project/terraform"
)

// PolicyName is the name of the inline policy --write puts on a role.
const PolicyName = "sfn-lint"

// Change is a file's new content.
type Change struct {
	Path     string
	Old, New []byte
	// What says what was written, for messages.
	What []string
}

// target is a role --write puts a policy on, with the documents of every
// machine that runs with it or task that assumes it.
type target struct {
	role *project.Role
	key  string
	docs []*Document
}

// Write puts the policy of each role the machines run with (or their
// tasks assume) in the project, where that is unambiguous: the one policy
// file bound to a standalone definition, or the inline policy named
// sfn-lint of a role a template or module defines, added where it is not
// there yet. It returns the changed files, and for each role it leaves
// alone, why.
func Write(p *project.Project, machines []*project.Machine) ([]Change, []string) {
	return write(p, machines, true)
}

// write is Write; strict leaves alone the roles other resources run with
// too, and CDK output.
func write(p *project.Project, machines []*project.Machine, strict bool) ([]Change, []string) {
	pl := plan(p, machines, strict)
	refused := pl.refused
	var changes []Change
	for _, path := range pl.order {
		f := p.File(path)
		out, err := splice(f.Data, pl.edits[path])
		if err != nil {
			refused = append(refused, fmt.Sprintf("%s: %v", path, err))
			continue
		}
		changes = append(changes, Change{Path: path, Old: f.Data, New: out, What: pl.what[path]})
	}
	return changes, refused
}

// writePlan is what write changes: the edits of each file, in the order
// the files are first met, and why roles are left alone.
type writePlan struct {
	edits   map[string][]edit
	what    map[string][]string
	order   []string
	refused []string
}

func (pl *writePlan) add(f *project.File, es []edit, what string) {
	if pl.edits[f.Path] == nil {
		pl.order = append(pl.order, f.Path)
	}
	pl.edits[f.Path] = append(pl.edits[f.Path], es...)
	pl.what[f.Path] = append(pl.what[f.Path], what)
}

func plan(p *project.Project, machines []*project.Machine, strict bool) *writePlan {
	pl := &writePlan{edits: map[string][]edit{}, what: map[string][]string{}}
	var targets []*target
	byKey := map[string]*target{}
	for _, m := range machines {
		for _, d := range Generate(p, m) {
			switch {
			case d.Role != nil:
				key := roleKey(d.Role)
				t := byKey[key]
				if t == nil {
					t = &target{role: d.Role, key: key}
					byKey[key] = t
					targets = append(targets, t)
				}
				t.docs = append(t.docs, d)
			case d.Credentials == nil:
				pl.refused = append(pl.refused, fmt.Sprintf("state machine %q: no role is bound to it (%s), so there is nowhere to write its policy", m.Name, m.Unbound))
			default:
				pl.refused = append(pl.refused, fmt.Sprintf("%s: the role is not defined in these files", d.Label()))
			}
		}
	}
	instances := map[string]int{} // targets by the block that defines their role
	for _, t := range targets {
		instances[definedAt(t.role)]++
	}
	for _, t := range targets {
		why := t.complete(p, machines, strict)
		if why == "" && instances[definedAt(t.role)] > 1 {
			why = "it is defined in a module that is called more than once, and serves a state machine of each call: its policy must be written in the module's own variables"
		}
		var f *project.File
		var es []edit
		if why == "" {
			f, es, why = t.edit(p, strict)
		}
		if why != "" {
			pl.refused = append(pl.refused, fmt.Sprintf("%s: %s", roleName(t.role), why))
			continue
		}
		pl.add(f, es, "the policy of "+roleName(t.role))
	}
	return pl
}

// roleKey tells roles apart: a standalone definition's role by the
// policy files bound to it, which several definitions may share.
func roleKey(r *project.Role) string {
	if len(r.Files) > 0 {
		return "files\x00" + strings.Join(r.Files, "\x00")
	}
	return fmt.Sprintf("%p", r)
}

// definedAt names where the files define a role: several module
// instances share it.
func definedAt(r *project.Role) string {
	if r.File == nil || len(r.Files) > 0 {
		return roleKey(r)
	}
	return r.File.Path + "\x00" + r.Path
}

func roleName(r *project.Role) string {
	if len(r.Files) > 0 {
		return r.Label()
	}
	return fmt.Sprintf("role %q", r.Name)
}

// complete says why the documents of a target do not hold everything its
// role is needed for, or "": a machine that runs with it or a task that
// assumes it is left out, or its needs cannot be told.
func (t *target) complete(p *project.Project, selected []*project.Machine, strict bool) string {
	for _, m := range p.Machines {
		uses := m.Role != nil && roleKey(m.Role) == t.key
		for _, r := range m.Assumed {
			uses = uses || r != nil && roleKey(r) == t.key && assumes(m, r)
		}
		switch {
		case !uses:
		case m.Definition == nil:
			return fmt.Sprintf("it also serves state machine %q, whose definition is not read", m.Name)
		case !slices.Contains(selected, m):
			return fmt.Sprintf("it also serves state machine %q, which --machine leaves out", m.Name)
		}
	}
	if strict && len(t.role.SharedWith) > 0 {
		return "other resources run with it too (" + strings.Join(t.role.SharedWith, ", ") + "), whose needs sfn-lint does not know"
	}
	return ""
}

// assumes reports whether a task of m assumes r through its Credentials.
func assumes(m *project.Machine, r *project.Role) bool {
	for _, t := range m.Definition.Tasks {
		if c := t.Credentials; c != nil && !c.Role.Dynamic && m.Assumed[c.Role.Value] == r {
			return true
		}
	}
	return false
}

// merged is the one document of a target: the grants of all its
// documents.
func (t *target) merged() *Document {
	d := &Document{Machine: t.docs[0].Machine, Role: t.role}
	for _, o := range t.docs {
		d.grants = append(d.grants, o.grants...)
		d.Notes = append(d.Notes, o.Notes...)
	}
	d.grants = uncovered(d.grants)
	d.Statements = statements(d.grants)
	return d
}

// edit writes a target's policy into the file that defines its role.
func (t *target) edit(p *project.Project, strict bool) (*project.File, []edit, string) {
	r := t.role
	d := t.merged()
	switch {
	case len(d.Statements) == 0:
		return nil, nil, "its state machines need no permission, and a policy must grant something"
	case r.File != nil && r.File.Kind == serverless.Serverless && cfn.TypeOf(r.Node) != "AWS::IAM::Role":
		return nil, nil, whyNot(r)
	case len(r.Files) > 1:
		return nil, nil, fmt.Sprintf("it is bound to %d policy files, and sfn-lint cannot tell which to write", len(r.Files))
	case len(r.Files) == 1:
		f := p.File(r.Files[0])
		if f == nil {
			return nil, nil, "its policy file was not read"
		}
		return f, []edit{{0, len(f.Data), policyFileText(f, d)}}, ""
	case r.File == nil:
		return nil, nil, "the files do not define it"
	case r.File.Kind == terraform.Terraform && strings.HasPrefix(r.Path, "aws_iam_role."):
		return tfEdit(p, r, d)
	case r.File.Kind == project.Template || r.File.Kind == serverless.Serverless:
		return cfnEdit(r, d, strict)
	}
	return nil, nil, whyNot(r)
}

// whyNot says why a role's policy is not written in the file that defines
// it.
func whyNot(r *project.Role) string {
	switch r.File.Kind {
	case serverless.Serverless:
		return "the serverless-step-functions plugin writes it: give the machine a role of its own in resources.Resources"
	case terraform.Plan:
		return "it is read from a Terraform plan, which terraform writes: change the .tf files"
	}
	return "it is read from an account snapshot, a copy of what is deployed"
}

// policyFileText is a whole policy file: the document in JSON or YAML, as
// the file is written.
func policyFileText(f *project.File, d *Document) string {
	tree := policyTree(d.Statements, func(s string) value { return iam.Display(s) })
	if isJSON(f.Data) {
		return jsonText(tree, 0) + "\n"
	}
	var b strings.Builder
	writeEntries(&b, tree, 0, false)
	return b.String()
}

// cfnEdit writes a role's inline policy named sfn-lint: in place of the
// one the role or an AWS::IAM::Policy resource has, or else in the role's
// Policies. A policy that names a state machine of the role would make the
// role depend on the machine that depends on it: it goes in an
// AWS::IAM::Policy resource of its own instead.
func cfnEdit(r *project.Role, d *Document, strict bool) (*project.File, []edit, string) {
	f := r.File
	if strict && cfnSynthesized(f) {
		return nil, nil, "the template is CDK output: its policies are changed in the CDK program"
	}
	if r.Node == nil || r.Node.Kind != node.Map || cfn.TypeOf(r.Node) != "AWS::IAM::Role" {
		return nil, nil, "SAM writes it from the machine's Policies: sfn-lint policy --format sam prints the list to put there"
	}
	w := newCFNWriter(d.Machine)
	doc := policyTree(d.Statements, func(s string) value { return w.write(s) })
	if len(w.widened) > 0 {
		return nil, nil, fmt.Sprintf("%s cannot be named in the template", strings.Join(w.widened, ", "))
	}
	props := r.Node.Get("Properties")
	for _, item := range props.Get("Policies").List() {
		if name, _ := item.Get("PolicyName").Str(); name == PolicyName {
			if k := item.KeyNode("PolicyDocument"); k != nil {
				return f, []edit{setValue(f.Data, item, k, item.Get("PolicyDocument"), doc)}, ""
			}
		}
	}
	resources, roleID := cfnResources(f), strings.TrimPrefix(r.Path, "Resources.")
	for _, res := range resources.Values {
		pp := res.Get("Properties")
		if cfn.TypeOf(res) != "AWS::IAM::Policy" || !slices.ContainsFunc(pp.Get("Roles").List(), func(n *node.Node) bool { return cfn.RefTarget(n) == roleID }) {
			continue
		}
		if name, _ := pp.Get("PolicyName").Str(); name == PolicyName && pp.KeyNode("PolicyDocument") != nil {
			return f, []edit{setValue(f.Data, pp, pp.KeyNode("PolicyDocument"), pp.Get("PolicyDocument"), doc)}, ""
		}
	}
	if selfReference(doc, d.Machine.Name) || props == nil {
		res := mapping{{"Type", "AWS::IAM::Policy"}, {"Properties", mapping{
			{"PolicyName", PolicyName}, {"Roles", list{fn{name: "Ref", arg: roleID}}}, {"PolicyDocument", doc}}}}
		return f, []edit{addEntry(f.Data, resources, roleID+"SfnLintPolicy", res)}, ""
	}
	item := mapping{{"PolicyName", PolicyName}, {"PolicyDocument", doc}}
	if pols := props.Get("Policies"); pols != nil && pols.Kind == node.Seq && len(pols.Items) > 0 {
		return f, []edit{addItem(f.Data, pols, item)}, ""
	}
	if props.Get("Policies") != nil {
		return nil, nil, "its Policies are not written as a list"
	}
	return f, []edit{addEntry(f.Data, props, "Policies", list{item})}, ""
}

// cfnResources is the Resources map of a template, or of a Serverless
// Framework service's resources.
func cfnResources(f *project.File) *node.Node {
	if f.Kind == serverless.Serverless {
		return f.Root.Get("resources").Get("Resources")
	}
	return f.Root.Get("Resources")
}

// cfnSynthesized reports whether a template is CDK output.
func cfnSynthesized(f *project.File) bool {
	return bytes.Contains(f.Data, []byte("aws:cdk:path")) || bytes.Contains(f.Data, []byte("AWS::CDK::Metadata"))
}

// selfReference reports whether a written policy names the resource
// called id (a state machine's logical ID).
func selfReference(v value, id string) bool {
	switch v := v.(type) {
	case fn:
		switch v.name {
		case "Ref":
			return v.arg == id
		case "GetAtt":
			return strings.HasPrefix(v.arg, id+".")
		}
		return strings.Contains(v.arg, "${"+id+"}") || strings.Contains(v.arg, "${"+id+".")
	case list:
		return slices.ContainsFunc(v, func(x value) bool { return selfReference(x, id) })
	case mapping:
		return slices.ContainsFunc(v, func(e entry) bool { return selfReference(e.val, id) })
	}
	return false
}

// samEdit writes a SAM machine's Policies, the list SAM writes its role
// from.
func samEdit(m *project.Machine, d *Document) (*project.File, []edit) {
	f := m.File
	props := m.Node.Get("Properties")
	v := samPolicies(d, newCFNWriter(m))
	if k := props.KeyNode("Policies"); k != nil {
		return f, []edit{setValue(f.Data, props, k, props.Get("Policies"), v)}
	}
	return f, []edit{addEntry(f.Data, props, "Policies", v)}
}
