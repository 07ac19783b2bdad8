package snapshot

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// account is what the AccountDetails files of a run say: the roles and
// the managed policies of the accounts they were exported from, by ARN.
type account struct {
	p *project.Project
	// roles lists every entry of RoleDetailList with a given Arn; more
	// than one when two snapshots hold the same role.
	roles map[string][]entry
	// policies holds the Policies[] entry of each managed policy; the
	// first file (in path order) to list one is taken.
	policies map[string]entry
	// attachedTo lists, by policy ARN, the ARNs of the roles, users and
	// groups the snapshots show it attached to; attachCount is the
	// AttachmentCount IAM gave for it, which counts them all.
	attachedTo  map[string]map[string]bool
	attachCount map[string]int
	// read caches what has been read: roles by their entry, managed
	// policies by ARN (nil when the policy's contents are not there).
	read    map[*node.Node]*project.Role
	managed map[string]*iam.Policy
}

// entry is one item of a list in an AccountDetails file.
type entry struct {
	f *project.File
	n *node.Node
}

// readSnapshots reads state machines and roles exported from an account:
// each MachineSnapshot (describe-state-machine) is bound to the role its
// roleArn names in the AccountDetails files (get-account-authorization-
// details) of the run.
func readSnapshots(p *project.Project, files []*project.File) {
	a := &account{p: p, roles: map[string][]entry{}, policies: map[string]entry{},
		attachedTo: map[string]map[string]bool{}, attachCount: map[string]int{},
		read: map[*node.Node]*project.Role{}, managed: map[string]*iam.Policy{}}
	for _, f := range files {
		if f.Kind == AccountDetails && f.Root != nil {
			p.Guard(f, func() { a.index(f) })
		}
	}
	for _, f := range files {
		if f.Kind == MachineSnapshot && f.Root != nil {
			p.Guard(f, func() { a.readMachine(f) })
		}
	}
	for arn, entries := range a.roles {
		if len(entries) == 1 {
			p.AddRole(project.RoleSource{File: entries[0].f,
				Match: project.RoleMatch{Kind: project.MatchARN, Value: arn},
				Read:  func() *project.Role { return a.role(entries[0]) }})
		}
	}
	a.markShared()
}

// list returns the items of a list property, reporting anything else.
func (a *account) list(f *project.File, parent *node.Node, key string) []*node.Node {
	n := parent.Get(key)
	if n == nil || n.Kind == node.Scalar && n.Style == node.Null {
		return nil
	}
	if n.Kind != node.Seq {
		a.p.Problem(f, n, "%q must be a list", key)
		return nil
	}
	return n.Items
}

// index records the roles, managed policies and attachments of one
// AccountDetails file. Policy documents are read only for roles a state
// machine runs with.
func (a *account) index(f *project.File) {
	for _, r := range a.list(f, f.Root, "RoleDetailList") {
		arn, ok := r.Get("Arn").Str()
		if r.Kind != node.Map || !ok {
			a.p.Problem(f, r, "a RoleDetailList entry must be an object with an \"Arn\"")
			continue
		}
		a.roles[arn] = append(a.roles[arn], entry{f, r})
	}
	for _, pn := range a.list(f, f.Root, "Policies") {
		arn, ok := pn.Get("Arn").Str()
		if pn.Kind != node.Map || !ok {
			a.p.Problem(f, pn, "a Policies entry must be an object with an \"Arn\"")
			continue
		}
		if _, seen := a.policies[arn]; !seen {
			a.policies[arn] = entry{f, pn}
			if c := pn.Get("AttachmentCount"); c != nil && c.Style == node.Number {
				if count, err := strconv.Atoi(c.Value); err == nil {
					a.attachCount[arn] = count
				}
			}
		}
	}
	for _, list := range []string{"RoleDetailList", "UserDetailList", "GroupDetailList"} {
		l := f.Root.Get(list)
		if l == nil || l.Kind != node.Seq {
			continue // reported above, or absent
		}
		for _, e := range l.Items {
			who, _ := e.Get("Arn").Str()
			if who == "" {
				continue
			}
			for _, mp := range e.Get("AttachedManagedPolicies").List() {
				if arn, ok := mp.Get("PolicyArn").Str(); ok {
					if a.attachedTo[arn] == nil {
						a.attachedTo[arn] = map[string]bool{}
					}
					a.attachedTo[arn][who] = true
				}
			}
		}
	}
}

// readMachine reads the output of describe-state-machine (or of
// describe-state-machine-for-execution, which has the same fields).
func (a *account) readMachine(f *project.File) {
	p, root := a.p, f.Root
	arnNode := root.Get("stateMachineArn")
	arn, _ := arnNode.Str()
	m := &project.Machine{File: f, Node: root, NameNode: root.KeyNode("name"), ARN: iam.Sym("StateMachineArn"), TaskRoles: p.TaskRoles}
	if m.NameNode == nil {
		m.NameNode = root.KeyNode("stateMachineArn")
	}
	// arn:partition:states:region:account:stateMachine:name, with
	// :version or :alias after it for a qualified ARN.
	parts := strings.Split(arn, ":")
	partition := "aws"
	if len(parts) >= 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "stateMachine" && parts[6] != "" {
		m.ARN = strings.Join(parts[:7], ":")
		partition, m.Region, m.Account, m.Name = parts[1], parts[3], parts[4], parts[6]
	} else {
		p.Problem(f, arnNode, "stateMachineArn must be a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)")
	}
	if name, ok := root.Get("name").Str(); ok && name != "" {
		m.Name = name
	}
	if m.Name == "" {
		m.Name = f.Path
	}
	m.Path = m.ARN
	p.Machines = append(p.Machines, m)

	def := root.Get("definition")
	s, isStr := def.Str()
	isStr = isStr && def.Style == node.String
	switch {
	case def == nil:
		p.Problem(f, root, "a state machine snapshot must have a \"definition\"")
	case def.Kind == node.Map && len(def.Keys) == 0 || isStr && strings.TrimSpace(s) == "{}":
		// What describe-state-machine returns with --included-data METADATA_ONLY.
		m.Unbound = "its definition was not exported (describe-state-machine was run with --included-data METADATA_ONLY)"
	case def.Kind == node.Map:
		// Already decoded, as by jq's fromjson.
		m.Definition = p.ReadDefinition(f, def, iam.PlainResolver)
	case isStr:
		droot, err := project.ParseEmbedded(f, def, s, false)
		if err != nil {
			p.EmbedProblem(f, def, "definition", err)
		} else {
			m.Definition = p.ReadDefinition(f, droot, iam.PlainResolver)
		}
	default:
		p.Problem(f, def, "definition must be a string holding the state machine's JSON")
	}

	m.Unsubstituted = func(string) string { return "the deployed definition holds it as text" }
	lc := root.Get("loggingConfiguration")
	m.LoggingNode = root.KeyNode("loggingConfiguration")
	if lvl, _ := lc.Get("level").Str(); lvl != "" && lvl != "OFF" {
		m.Logging = true
	}
	m.TracingNode = root.KeyNode("tracingConfiguration")
	m.Tracing = root.Get("tracingConfiguration").Get("enabled").IsTrue()
	if typ, _ := root.Get("type").Str(); typ == "EXPRESS" {
		m.Express = true
	}
	if enc := root.Get("encryptionConfiguration"); enc != nil {
		if typ, _ := enc.Get("type").Str(); typ == "CUSTOMER_MANAGED_KMS_KEY" {
			m.EncryptionNode = root.KeyNode("encryptionConfiguration")
			id, _ := enc.Get("kmsKeyId").Str()
			region, acct := m.Region, m.Account
			if region == "" {
				region, acct = iam.Region, iam.AccountID
			}
			m.KMSKey = project.KeyARN(id, partition, region, acct)
		}
	}

	roleArn, ok := root.Get("roleArn").Str()
	switch entries := a.roles[roleArn]; {
	case m.Unbound != "":
	case !ok || roleArn == "":
		m.Unbound = "it has no roleArn"
	case len(entries) == 0:
		m.Unbound = "its role ARN is not in any account snapshot of this run"
	case len(entries) > 1:
		// Snapshots taken at different times may differ: which is live
		// is not known here.
		var files []string
		for _, e := range entries {
			if q := fmt.Sprintf("%q", e.f.Path); !slices.Contains(files, q) {
				files = append(files, q)
			}
		}
		m.Unbound = fmt.Sprintf("its role %q appears more than once in the account snapshots (%s)", roleArn, strings.Join(files, ", "))
	default:
		m.Role = a.role(entries[0])
	}
	if m.Definition == nil && m.Unbound == "" {
		m.Unbound = "its definition could not be read"
	}
}

// role reads a RoleDetailList entry once: its inline policies, attached
// managed policies, trust policy and permissions boundary.
func (a *account) role(e entry) *project.Role {
	if r, ok := a.read[e.n]; ok {
		return r
	}
	f, n := e.f, e.n
	name, _ := n.Get("RoleName").Str()
	arn, _ := n.Get("Arn").Str()
	if name == "" {
		name = arn
	}
	role := &project.Role{Name: name, ARN: arn, File: f, Node: n, Path: "RoleDetailList." + name}
	a.read[n] = role
	for i, pn := range a.list(f, n, "RolePolicyList") {
		pname, _ := pn.Get("PolicyName").Str()
		if pname == "" {
			pname = fmt.Sprintf("RolePolicyList[%d]", i)
		}
		if pol := a.document(f, pn.Get("PolicyDocument"), pname, role.Path+".RolePolicyList."+pname); pol != nil {
			role.Policies = append(role.Policies, pol)
		}
	}
	for _, mp := range a.list(f, n, "AttachedManagedPolicies") {
		parn, _ := mp.Get("PolicyArn").Str()
		if parn == "" {
			a.p.Problem(f, mp, "an AttachedManagedPolicies entry must have a \"PolicyArn\"")
			continue
		}
		if pol := a.managedPolicy(parn, f, mp, role.Path+".AttachedManagedPolicies."+parn); pol != nil {
			role.Policies = append(role.Policies, pol)
		} else {
			role.Unknown = append(role.Unknown, parn)
		}
	}
	if doc := n.Get("AssumeRolePolicyDocument"); doc != nil {
		role.Trust = a.document(f, doc, name+" trust policy", role.Path+".AssumeRolePolicyDocument")
	}
	role.SharedWith = trustedOthers(role.Trust)
	if b := n.Get("PermissionsBoundary"); b != nil {
		barn, _ := b.Get("PermissionsBoundaryArn").Str()
		if barn == "" {
			a.p.Problem(f, b, "PermissionsBoundary must have a \"PermissionsBoundaryArn\"")
		} else if pol := a.managedPolicy(barn, f, b, role.Path+".PermissionsBoundary"); pol != nil {
			role.Boundary = pol
		} else {
			role.BoundaryUnknown = barn
		}
	}
	return role
}

// assumeActions are the actions that let a principal act with a role.
var assumeActions = []string{"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"}

// trustedOthers lists the principals other than Step Functions that a
// trust policy lets assume the role: the role's grants may serve them. A
// statement that allows them only other actions (sts:TagSession) does not
// let them act with the role.
func trustedOthers(trust *iam.Policy) []string {
	if trust == nil {
		return nil
	}
	var out []string
	for _, s := range trust.Statements {
		if s.Deny || !slices.ContainsFunc(assumeActions, func(a string) bool { return s.ActionMatches(a) != iam.No }) {
			continue
		}
		for _, pr := range s.Principals {
			if pr.Type == "Service" && (pr.Value == "states.amazonaws.com" || strings.HasPrefix(pr.Value, "states.") && strings.HasSuffix(pr.Value, ".amazonaws.com")) {
				continue
			}
			who := pr.Value
			if pr.Type != "Service" {
				who = pr.Type + " " + pr.Value
			}
			if !slices.Contains(out, who) {
				out = append(out, who)
			}
		}
	}
	return out
}

// managedPolicy returns the default version of a managed policy: from the
// Policies of the AccountDetails files, else from the AWS managed policies
// shipped here (pointing at at, where it is attached in f), else nil.
func (a *account) managedPolicy(arn string, f *project.File, at *node.Node, lpath string) *iam.Policy {
	if e, ok := a.policies[arn]; ok {
		pol, done := a.managed[arn]
		if !done {
			pol = a.defaultVersion(arn, e)
			a.managed[arn] = pol
		}
		if pol != nil {
			return pol
		}
	}
	return project.ManagedPolicy(arn, f, at, lpath)
}

// defaultVersion reads the document of a managed policy's default version:
// the one marked IsDefaultVersion, or else the one DefaultVersionId names.
func (a *account) defaultVersion(arn string, e entry) *iam.Policy {
	versions := a.list(e.f, e.n, "PolicyVersionList")
	var doc *node.Node
	for _, v := range versions {
		if v.Get("IsDefaultVersion").IsTrue() {
			doc = v.Get("Document")
			break
		}
	}
	if doc == nil {
		if id, ok := e.n.Get("DefaultVersionId").Str(); ok {
			for _, v := range versions {
				if vid, _ := v.Get("VersionId").Str(); vid == id {
					doc = v.Get("Document")
				}
			}
		}
	}
	if doc == nil {
		return nil
	}
	name, _ := e.n.Get("PolicyName").Str()
	if name == "" {
		name = arn
	}
	pol := a.document(e.f, doc, name, "Policies."+arn)
	if pol != nil && project.AWSManagedARN.MatchString(arn) {
		pol.Generated = true
	}
	return pol
}

// document reads a policy document: an object, as the AWS CLI writes it,
// or a string holding the JSON, URL-encoded as the API returns it. Inside a
// URL-encoded document positions cannot be mapped, so everything points at
// the string; the policy is marked Generated, so that it is never called
// too broad: the narrowed text could not be written into the encoding.
func (a *account) document(f *project.File, n *node.Node, name, lpath string) *iam.Policy {
	if n == nil || n.Kind == node.Scalar && n.Style == node.Null {
		return nil
	}
	if n.Kind == node.Map {
		return a.p.ReadPolicy(f, n, iam.PlainResolver, name, lpath)
	}
	s, ok := n.Str()
	if !ok || n.Style != node.String {
		a.p.Problem(f, n, "a policy document must be an object or a string")
		return nil
	}
	if strings.HasPrefix(strings.TrimSpace(s), "{") {
		// Plain JSON in a string: it maps back exactly.
		doc, err := project.ParseEmbedded(f, n, s, false)
		if err != nil {
			a.p.EmbedProblem(f, n, "policy document", err)
			return nil
		}
		return a.p.ReadPolicy(f, doc, iam.PlainResolver, name, lpath)
	}
	doc, err := decodeDocument(s)
	if err != nil {
		a.p.Problem(f, n, "cannot read URL-encoded policy document: %v", err)
		return nil
	}
	node.Walk(doc, func(m *node.Node) bool {
		m.Pos, m.End = n.Pos, n.End
		return true
	})
	pol := a.p.ReadPolicy(f, doc, iam.PlainResolver, name, lpath)
	pol.Generated = true
	return pol
}

// decodeDocument URL-decodes a policy document (RFC 3986: "+" is itself,
// as the AWS CLI reads it) and parses the JSON.
func decodeDocument(s string) (*node.Node, error) {
	text, err := url.PathUnescape(s)
	if err != nil {
		return nil, err
	}
	doc, err := node.ParseJSON([]byte(text))
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, errors.New("empty document")
	}
	return doc, nil
}

// markShared marks the customer managed policies that also serve roles,
// users or groups other than those of the state machines read here: a
// grant that looks too broad for the state machines may be what the
// others need, and editing it for one changes it for all.
func (a *account) markShared() {
	bound := map[string]bool{} // ARNs of roles state machines run with
	for n := range a.read {
		if arn, ok := n.Get("Arn").Str(); ok {
			bound[arn] = true
		}
	}
	for arn, pol := range a.managed {
		if pol == nil || pol.Generated {
			continue
		}
		ours := 0
		for who := range a.attachedTo[arn] {
			if bound[who] {
				ours++
			} else {
				pol.Generated = true
			}
		}
		if c, ok := a.attachCount[arn]; ok && c > ours {
			pol.Generated = true
		}
	}
}
