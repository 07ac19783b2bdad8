package terraform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// roleFor returns an aws_iam_role of the module with every policy the
// module gives it, reading it once.
func (m *tfModule) roleFor(label string) *project.Role {
	if r, ok := m.roles[label]; ok {
		return r
	}
	b := m.res["aws_iam_role."+label]
	role := &project.Role{Name: label, File: b.f, Node: b.node(), Path: b.addr()}
	role.ARN, _ = m.identity("aws_iam_role", label, "arn", 0)
	m.roles[label] = role
	if x, ok := b.attr("assume_role_policy"); ok {
		pols, _ := m.policyDocs(x, label+" trust policy", b.addr()+".assume_role_policy", 0)
		if len(pols) > 0 {
			role.Trust = pols[0]
		}
	}
	for i, ib := range nested(b.body(), "inline_policy") {
		a := ib.Body.Attributes["policy"]
		if a == nil {
			continue
		}
		name := fmt.Sprintf("%s.inline_policy[%d]", label, i)
		if n := ib.Body.Attributes["name"]; n != nil {
			if v, ok := m.str(hexpr{f: b.f, e: n.Expr}, 0); ok && v != "" {
				name = iam.Display(v)
			}
		}
		m.addPolicies(role, hexpr{f: b.f, e: a.Expr}, name, fmt.Sprintf("%s.inline_policy[%d]", b.addr(), i))
	}
	if x, ok := b.attr("managed_policy_arns"); ok {
		if list, ok := m.items(x, 0); ok {
			for i, it := range list {
				m.attach(role, it, fmt.Sprintf("%s.managed_policy_arns[%d]", b.addr(), i))
			}
		} else if v, _ := m.str(x, 0); v != "" {
			role.Unknown = append(role.Unknown, iam.Display(v))
		}
	}
	if x, ok := b.attr("permissions_boundary"); ok {
		var pols []*iam.Policy
		pols, role.BoundaryUnknown = m.managed(x, b.addr()+".permissions_boundary")
		if len(pols) > 0 {
			role.Boundary = pols[0]
			for _, p := range pols[1:] {
				role.Boundary.Statements = append(role.Boundary.Statements, p.Statements...)
			}
		}
	}
	for _, ob := range m.blocks {
		if ob.kind != "resource" || m.absent(ob) {
			continue
		}
		switch ob.typ {
		case "aws_iam_role_policy":
			if x, ok := ob.attr("role"); ok && m.namesRole(x, label) {
				if px, ok := ob.attr("policy"); ok {
					m.addPolicies(role, px, ob.addr(), ob.addr())
				}
			}
		case "aws_iam_role_policy_attachment":
			if x, ok := ob.attr("role"); ok && m.namesRole(x, label) {
				if px, ok := ob.attr("policy_arn"); ok {
					m.attach(role, px, ob.addr())
				}
			}
		case "aws_iam_policy_attachment":
			x, ok := ob.attr("roles")
			if !ok {
				continue
			}
			list, _ := m.items(x, 0)
			if slices.ContainsFunc(list, func(it hexpr) bool { return m.namesRole(it, label) }) {
				if px, ok := ob.attr("policy_arn"); ok {
					m.attach(role, px, ob.addr())
				}
			}
		}
	}
	return role
}

// offerRoles offers the module instance's roles to the tasks that assume a
// role through their Credentials.
func (m *tfModule) offerRoles() {
	for _, b := range m.blocks {
		if b.kind != "resource" || b.typ != "aws_iam_role" || m.absent(b) {
			continue
		}
		label := b.name
		m.p.AddRole(project.RoleSource{File: b.f, Scope: m,
			Match: m.roleMatch(label),
			Read:  func() *project.Role { return m.roleFor(label) }})
	}
}

// arnNames reports whether a role ARN names the module's aws_iam_role
// with this label, by the name the role will have.
func (m *tfModule) arnNames(label, arn string) bool {
	return m.roleMatch(label).Names(arn)
}

// roleMatch says which ARNs name the module's aws_iam_role with this
// label: those of the name the role will have.
func (m *tfModule) roleMatch(label string) project.RoleMatch {
	name, _ := m.identity("aws_iam_role", label, "name", 0)
	return project.RoleMatch{Kind: project.MatchName, Value: name}
}

// keyPolicies reads the key policies of the instance's KMS keys: the
// policy of an aws_kms_key, or of the aws_kms_key_policy that sets it. A
// key without one gets the default key policy, which lets IAM policies
// grant everything, as does a policy that cannot be read here.
func (m *tfModule) keyPolicies() []*project.ResourcePolicy {
	if m.keysRead {
		return m.keys
	}
	m.keysRead = true
	var labels []string
	policy := map[string]*tfBlock{}
	for _, b := range m.blocks {
		if b.kind != "resource" || m.absent(b) {
			continue
		}
		switch b.typ {
		case "aws_kms_key":
			labels = append(labels, b.name)
			if _, set := policy[b.name]; !set {
				policy[b.name] = b
			}
		case "aws_kms_key_policy":
			if x, ok := b.attr("key_id"); ok {
				if names := refNames(x.e); len(names) >= 2 && names[0] == "aws_kms_key" {
					policy[names[1]] = b
				}
			}
		}
	}
	for _, label := range labels {
		b := policy[label]
		x, ok := b.attr("policy")
		if !ok {
			arn, _ := m.identity("aws_kms_key", label, "arn", 0)
			m.keys = append(m.keys, project.DefaultKeyPolicy(arn, "aws_kms_key."+label, b.f, b.labelNode()))
			continue
		}
		pols, _ := m.policyDocs(x, "aws_kms_key."+label+" key policy", b.addr()+".policy", 0)
		if len(pols) == 0 {
			continue
		}
		for _, p := range pols[1:] {
			pols[0].Statements = append(pols[0].Statements, p.Statements...)
		}
		arn, _ := m.identity("aws_kms_key", label, "arn", 0)
		m.keys = append(m.keys, &project.ResourcePolicy{Resource: arn, Policy: pols[0], Required: true, What: "aws_kms_key." + label})
	}
	return m.keys
}

// namesRole reports whether an expression names the role: a reference to
// it, or its name written out.
func (m *tfModule) namesRole(x hexpr, label string) bool {
	if names := refNames(x.e); len(names) >= 2 && names[0] == "aws_iam_role" {
		return names[1] == label
	}
	v, ok := m.str(x, 0)
	if !ok || v == "" {
		return false
	}
	name, _ := m.identity("aws_iam_role", label, "name", 0)
	arn, _ := m.identity("aws_iam_role", label, "arn", 0)
	return v == name || v == arn
}

// addPolicies adds the documents of a policy argument to the role; one
// that cannot be read is named among the role's unknown policies.
func (m *tfModule) addPolicies(role *project.Role, x hexpr, name, lpath string) {
	pols, unknown := m.policyDocs(x, name, lpath, 0)
	role.Policies = append(role.Policies, pols...)
	role.Unknown = append(role.Unknown, unknown...)
}

// attach attaches a managed policy by ARN: one of the module's
// aws_iam_policy resources, or an AWS managed policy shipped here.
func (m *tfModule) attach(role *project.Role, x hexpr, lpath string) {
	pols, unknown := m.managed(x, lpath)
	role.Policies = append(role.Policies, pols...)
	if unknown != "" {
		role.Unknown = append(role.Unknown, unknown)
	}
}

// managed reads the policy a managed policy ARN names; unknown names it
// when its contents are not known here.
func (m *tfModule) managed(x hexpr, lpath string) ([]*iam.Policy, string) {
	if names := refNames(x.e); len(names) >= 3 && names[0] == "aws_iam_policy" && (names[2] == "arn" || names[2] == "id") {
		if pb := m.res["aws_iam_policy."+names[1]]; pb != nil {
			return m.customerPolicy(pb)
		}
	}
	v, ok := m.str(x, 0)
	if !ok {
		return nil, x.brief()
	}
	if pol := project.ManagedPolicy(v, x.f, rangeNode(x.e.Range(), v), lpath); pol != nil {
		return []*iam.Policy{pol}, ""
	}
	for _, pb := range m.blocks {
		if pb.kind == "resource" && pb.typ == "aws_iam_policy" {
			if arn, _ := m.identity(pb.typ, pb.name, "arn", 0); arn == v {
				return m.customerPolicy(pb)
			}
		}
	}
	return nil, iam.Display(v)
}

func (m *tfModule) customerPolicy(pb *tfBlock) ([]*iam.Policy, string) {
	px, ok := pb.attr("policy")
	if !ok {
		return nil, pb.addr()
	}
	pols, unknown := m.policyDocs(px, pb.addr(), pb.addr(), 0)
	return pols, strings.Join(unknown, ", ")
}

// policyDocs reads a policy argument: jsonencode() of an HCL object, JSON
// in a string or heredoc, an aws_iam_policy_document's json, file() or
// templatefile(). What cannot be read is returned by name.
func (m *tfModule) policyDocs(x hexpr, name, lpath string, depth int) ([]*iam.Policy, []string) {
	if depth > maxEvalDepth {
		return nil, []string{x.brief()}
	}
	read := func(f *project.File, doc *node.Node) []*iam.Policy {
		if doc == nil {
			return nil
		}
		return []*iam.Policy{m.p.ReadPolicy(f, doc, iam.PlainResolver, name, lpath)}
	}
	switch e := x.e.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return m.policyDocs(x.sub(e.Wrapped), name, lpath, depth+1)
	case *hclsyntax.ParenthesesExpr:
		return m.policyDocs(x.sub(e.Expression), name, lpath, depth+1)
	case *hclsyntax.TemplateExpr:
		r := e.Range()
		quoted := r.Start.Byte < len(x.f.Data) && x.f.Data[r.Start.Byte] == '"'
		rs, err := m.renderTemplate(x, quoted)
		if err != nil {
			return nil, []string{name}
		}
		return m.renderedPolicy(rs, name, lpath), nil
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "jsonencode":
			if len(e.Args) == 1 {
				return read(x.f, m.toNode(x.sub(e.Args[0]), 0)), nil
			}
		case "file", "templatefile":
			mc := &project.Machine{}
			f := m.fileArg(mc, x, e)
			if f == nil {
				return nil, []string{x.brief()}
			}
			if e.Name == "file" {
				root := f.Root
				if root == nil {
					return nil, nil // reported when the file was read
				}
				return read(f, root), nil
			}
			var vars map[string]hexpr
			if len(e.Args) == 2 {
				vars = m.templateVars(x.sub(e.Args[1]))
			}
			if f.Root == nil {
				m.p.DropProblems(f)
			}
			tmpl, diags := hclsyntax.ParseTemplate(f.Data, f.Path, hcl.InitialPos)
			if diags.HasErrors() {
				return nil, []string{x.brief()}
			}
			rs, err := m.renderTemplate(hexpr{f: f, e: tmpl, vars: vars}, false)
			if err != nil {
				return nil, []string{x.brief()}
			}
			return m.renderedPolicy(rs, name, lpath), nil
		default:
			if textFuncs[e.Name] {
				if rs, err := m.texts(&project.Machine{}, x, depth+1); err == nil {
					return m.renderedPolicy(rs, name, lpath), nil
				}
			}
		}
	case *hclsyntax.ScopeTraversalExpr:
		names := refNames(e)
		switch {
		case len(names) == 4 && names[0] == "data" && names[1] == "aws_iam_policy_document" && (names[3] == "json" || names[3] == "minified_json"):
			return m.policyDocument(names[2], name, lpath, depth+1)
		case x.vars == nil && len(names) == 2 && names[0] == "local":
			if l, ok := m.locals[names[1]]; ok {
				return m.policyDocs(l, name, lpath, depth+1)
			}
		}
	}
	s, _ := m.str(x, 0)
	if s == "" {
		return nil, []string{x.brief()}
	}
	return nil, []string{iam.Brief(iam.Display(s))}
}

// policyDocument builds the document of a data "aws_iam_policy_document"
// from its statement blocks, merged with its source and override
// documents.
func (m *tfModule) policyDocument(label, name, lpath string, depth int) ([]*iam.Policy, []string) {
	b := m.data["aws_iam_policy_document."+label]
	if b == nil || m.visiting[b.addr()] {
		return nil, []string{"data.aws_iam_policy_document." + label}
	}
	m.visiting[b.addr()] = true
	defer delete(m.visiting, b.addr())
	var unknown []string
	docs := func(attrs ...string) []*iam.Policy {
		var out []*iam.Policy
		for _, a := range attrs {
			x, ok := b.attr(a)
			if !ok {
				continue
			}
			list, ok := m.items(x, 0)
			if !ok {
				list = []hexpr{x}
			}
			for _, it := range list {
				pols, unk := m.policyDocs(it, name, lpath, depth+1)
				out = append(out, pols...)
				unknown = append(unknown, unk...)
			}
		}
		return out
	}
	sources := docs("source_policy_documents", "source_json")
	own := m.p.ReadPolicy(b.f, m.documentNode(b), iam.PlainResolver, name, lpath)
	overrides := docs("override_policy_documents", "override_json")
	if len(nested(b.body(), "dynamic")) > 0 {
		unknown = append(unknown, "the dynamic statements of "+b.addr())
	}
	// Statements with a Sid replace those with the same Sid before them;
	// documents from other files are kept apart, as their positions are
	// there.
	merged := &iam.Policy{Name: own.Name, File: own.File, Node: own.Node, Path: own.Path}
	var apart []*iam.Policy
	add := func(p *iam.Policy) {
		if p.File != merged.File {
			apart = append(apart, p)
			return
		}
		for _, s := range p.Statements {
			if i := slices.IndexFunc(merged.Statements, func(t *iam.Statement) bool { return s.Sid != "" && t.Sid == s.Sid }); i >= 0 {
				merged.Statements[i] = s
				continue
			}
			merged.Statements = append(merged.Statements, s)
		}
	}
	for _, p := range sources {
		add(p)
	}
	add(own)
	for _, p := range overrides {
		add(p)
	}
	for i, s := range merged.Statements {
		s.Index = i
	}
	return append([]*iam.Policy{merged}, apart...), unknown
}

// documentNode writes the statement blocks of an aws_iam_policy_document
// as the JSON document they stand for, each value at its HCL expression.
func (m *tfModule) documentNode(b *tfBlock) *node.Node {
	doc := b.node()
	stmts := &node.Node{Kind: node.Seq, Pos: doc.Pos, End: doc.End}
	doc.Keys = []*node.Node{rangeNode(b.b.TypeRange, "Statement")}
	doc.Values = []*node.Node{stmts}
	fields := []struct{ attr, key string }{
		{"sid", "Sid"}, {"effect", "Effect"}, {"actions", "Action"}, {"not_actions", "NotAction"},
		{"resources", "Resource"}, {"not_resources", "NotResource"},
	}
	for _, sb := range nested(b.body(), "statement") {
		sn := &node.Node{Kind: node.Map, Pos: sb.TypeRange.Start.Byte, End: sb.CloseBraceRange.End.Byte}
		put := func(k, v *node.Node) {
			sn.Keys = append(sn.Keys, k)
			sn.Values = append(sn.Values, v)
		}
		for _, fd := range fields {
			if a := sb.Body.Attributes[fd.attr]; a != nil {
				put(rangeNode(a.NameRange, fd.key), m.toNode(hexpr{f: b.f, e: a.Expr}, 0))
			} else if fd.key == "Effect" {
				// Allow is the default.
				put(rangeNode(sb.TypeRange, "Effect"), rangeNode(sb.TypeRange, "Allow"))
			}
		}
		if ps := nested(sb.Body, "principals"); len(ps) > 0 {
			pn := &node.Node{Kind: node.Map, Pos: ps[0].TypeRange.Start.Byte, End: ps[len(ps)-1].CloseBraceRange.End.Byte}
			for _, pb := range ps {
				typ, ids := pb.Body.Attributes["type"], pb.Body.Attributes["identifiers"]
				if typ == nil || ids == nil {
					continue
				}
				t, _ := m.str(hexpr{f: b.f, e: typ.Expr}, 0)
				pn.Keys = append(pn.Keys, rangeNode(typ.Expr.Range(), t))
				pn.Values = append(pn.Values, m.toNode(hexpr{f: b.f, e: ids.Expr}, 0))
			}
			put(rangeNode(ps[0].TypeRange, "Principal"), pn)
		}
		if cs := nested(sb.Body, "condition"); len(cs) > 0 {
			cn := &node.Node{Kind: node.Map, Pos: cs[0].TypeRange.Start.Byte, End: cs[len(cs)-1].CloseBraceRange.End.Byte}
			for _, cb := range cs {
				test, variable, values := cb.Body.Attributes["test"], cb.Body.Attributes["variable"], cb.Body.Attributes["values"]
				if test == nil || variable == nil || values == nil {
					continue
				}
				t, _ := m.str(hexpr{f: b.f, e: test.Expr}, 0)
				v, _ := m.str(hexpr{f: b.f, e: variable.Expr}, 0)
				tests := &node.Node{Kind: node.Map, Pos: cb.TypeRange.Start.Byte, End: cb.CloseBraceRange.End.Byte,
					Keys:   []*node.Node{rangeNode(variable.Expr.Range(), v)},
					Values: []*node.Node{m.toNode(hexpr{f: b.f, e: values.Expr}, 0)}}
				cn.Keys = append(cn.Keys, rangeNode(test.Expr.Range(), t))
				cn.Values = append(cn.Values, tests)
			}
			put(rangeNode(cs[0].TypeRange, "Condition"), cn)
		}
		stmts.Items = append(stmts.Items, sn)
	}
	return doc
}

// markShared records, once the machines of the module instance and of the
// modules it calls are read, what else runs with each of its roles.
func (m *tfModule) markShared() {
	for label, role := range m.roles {
		role.SharedWith = m.usersOf(label)
	}
}

// usersOf lists the resources and modules that run with the role besides
// the state machines read here that it is the role of: compute that
// assumes it (functions, ECS tasks, instance profiles, build projects,
// event targets...), state machines whose definitions are not read, and a
// state machine that passes the role on in its definition. Their needs may
// explain grants the state machines do not use. A resource that names the
// role only as a principal its policy grants to or trusts, and the IAM
// resources that attach policies to it, do not run with it.
func (m *tfModule) usersOf(label string) []string {
	own := map[string]bool{} // addresses of the machines read with this role
	role := m.roles[label]
	for _, mc := range m.p.Machines {
		if mc.Role != nil && mc.Role == role {
			own[mc.Path] = true
		}
	}
	var out []string
	for _, b := range m.blocks {
		if b.kind == "data" || strings.HasPrefix(b.typ, "aws_iam_") && b.typ != "aws_iam_instance_profile" || m.absent(b) {
			continue
		}
		if c := m.localChild(b); c != nil && m.run.isRelevant(c) {
			// A module read here passes the role to its machines, which
			// are read with it.
			continue
		}
		if refersToRole(b, label, own[m.addrPrefix()+b.addr()]) {
			out = append(out, b.addr())
		}
	}
	return out
}

// refersToRole reports whether a block refers to the role outside policies,
// principals and depends_on (and, for a machine of the role, outside its
// role_arn).
func refersToRole(b *tfBlock, label string, own bool) bool {
	var skip []hcl.Range
	used := false
	// The visitor reports no diagnostics of its own.
	_ = hclsyntax.VisitAll(b.body(), func(n hclsyntax.Node) hcl.Diagnostics {
		switch e := n.(type) {
		case *hclsyntax.Attribute:
			top := b.body().Attributes[e.Name] == e
			// depends_on orders the resource after the role; it does not use it.
			if project.PrincipalKey(e.Name) || top && (e.Name == "depends_on" || own && e.Name == "role_arn") {
				skip = append(skip, e.SrcRange)
			}
		case *hclsyntax.Block:
			if project.PrincipalKey(e.Type) {
				skip = append(skip, e.Range())
			}
		case *hclsyntax.ObjectConsExpr:
			for _, it := range e.Items {
				if k, ok := objectKey(hexpr{e: it.KeyExpr}); ok && project.PrincipalKey(k) {
					skip = append(skip, it.ValueExpr.Range())
				}
			}
		case *hclsyntax.ScopeTraversalExpr:
			names := refNames(e)
			if len(names) >= 2 && names[0] == "aws_iam_role" && names[1] == label && !within(e.SrcRange, skip) {
				used = true
			}
		}
		return nil
	})
	return used
}

// within reports whether r lies inside one of the ranges.
func within(r hcl.Range, ranges []hcl.Range) bool {
	for _, o := range ranges {
		if o.Start.Byte <= r.Start.Byte && r.End.Byte <= o.End.Byte {
			return true
		}
	}
	return false
}

// renderedPolicy reads a policy from the renderings of a template. Its
// statements are those of every rendering that parses; one that only some
// hold may be left out, and grants or denies only maybe.
func (m *tfModule) renderedPolicy(rs []rendering, name, lpath string) []*iam.Policy {
	roots, used, err := parseEach(rs)
	if len(roots) == 0 {
		m.jsonError(rs[0].f, err, "policy")
		return nil
	}
	pol := m.p.ReadPolicy(used[0].f, roots[0], iam.PlainResolver, name, lpath)
	if len(roots) == 1 {
		return []*iam.Policy{pol}
	}
	key := func(s *iam.Statement) string {
		var b strings.Builder
		writeJSON(&b, nil, s.Node)
		return fmt.Sprintf("%d\x00%s", s.Node.Pos, b.String())
	}
	all := [][]*iam.Statement{pol.Statements}
	for _, root := range roots[1:] {
		other, _ := iam.ParsePolicy(root, iam.PlainResolver)
		all = append(all, other.Statements)
	}
	stmts, n := gather(all, func(l []*iam.Statement) []*iam.Statement { return l }, key)
	for _, s := range stmts {
		if n[key(s)] < len(all) {
			s.Optional = leftOut(used, s.Node.Pos) + " may leave the statement out of the policy"
		}
	}
	pol.Statements = stmts
	return []*iam.Policy{pol}
}
