package rules

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/terraform"
)

// UnusedGrant reports the actions and resources a role grants that no
// state machine that runs with it needs, where the role serves those
// state machines alone and their needs are fully known.
var UnusedGrant = &Rule{
	Code: "SFN503", Slug: "unused-grant", Title: "UnusedGrant", Severity: Note, Tags: leastPrivilegeTags,
	run: checkUnused,
}

// roleUse is a role with the state machines that run with it and all they
// need of it.
type roleUse struct {
	role     *project.Role
	machines []*project.Machine
	needs    []Need
	// skip: something about the role or its machines is not known well
	// enough to call a grant unused.
	skip bool
	// passUnknown: a task hands the service roles the files do not name
	// (an ECS task definition not in them, a role given by name), so no
	// iam:PassRole grant can be called unused.
	passUnknown bool
}

func checkUnused(p *Pass) {
	proj := p.Project
	var uses []*roleUse
	byRole := map[*project.Role]*roleUse{}
	assumed := map[*project.Role]bool{}
	for _, m := range proj.Machines {
		for _, r := range m.Assumed {
			assumed[r] = true
		}
		if m.Role == nil {
			continue
		}
		u := byRole[m.Role]
		if u == nil {
			u = &roleUse{role: m.Role}
			byRole[m.Role] = u
			uses = append(uses, u)
		}
		needs, opaque := p.Needs.Of(m)
		u.machines = append(u.machines, m)
		u.needs = append(u.needs, executionNeeds(needs)...)
		u.skip = u.skip || opaque || m.Definition == nil
		u.passUnknown = u.passUnknown || m.Definition != nil && passesUnlisted(m, needs)
	}
	for _, u := range uses {
		if u.skip || assumed[u.role] || len(u.role.SharedWith) > 0 || !statesOnly(u.role, u.machines) {
			continue
		}
		for _, pol := range u.role.Policies {
			f := proj.File(pol.File)
			if pol.Generated || f == nil || !exclusive(f, u.role, pol) {
				continue
			}
			for _, s := range pol.Statements {
				if !s.Deny && !s.NotAction && !s.NotResource && len(s.Principals) == 0 && !s.NotPrincipal {
					unusedIn(p, u, f, pol, s)
				}
			}
		}
	}
}

// statesOnly reports whether only Step Functions runs with the role: its
// trust policy lets states.amazonaws.com alone assume it, or SAM writes it
// for its state machine.
func statesOnly(r *project.Role, machines []*project.Machine) bool {
	if r.Trust == nil {
		return len(machines) == 1 && strings.HasPrefix(r.Path, machines[0].Path+".")
	}
	found := false
	for _, s := range r.Trust.Statements {
		if s.Deny {
			continue
		}
		if s.NotPrincipal || len(s.Principals) == 0 {
			return false
		}
		for _, pr := range s.Principals {
			if pr.Type != "Service" || !strings.HasPrefix(pr.Value, "states.") || !strings.HasSuffix(pr.Value, ".amazonaws.com") {
				return false
			}
			found = true
		}
	}
	return found
}

// exclusive reports whether a policy belongs to the role alone: an inline
// policy of it, or a policy resource attached to it and to nothing else.
func exclusive(f *project.File, r *project.Role, pol *iam.Policy) bool {
	switch {
	case len(r.Files) > 0:
		return false // a policy file may be bound to other roles
	case strings.Contains(pol.Path, ".Policies["), strings.Contains(pol.Path, ".RolePolicyList."),
		strings.Contains(pol.Path, ".inline_policy["), strings.HasPrefix(pol.Path, "aws_iam_role_policy."):
		return true
	}
	id, ok := strings.CutPrefix(pol.Path, "Resources.")
	if !ok || strings.Contains(id, ".") || f.Root == nil {
		return false
	}
	res := f.Root.Get("Resources").Get(id)
	props := res.Get("Properties")
	switch typ, _ := res.Get("Type").Str(); typ {
	case "AWS::IAM::RolePolicy":
		return true
	case "AWS::IAM::Policy":
		return len(props.Get("Roles").List()) == 1 && props.Get("Users") == nil && props.Get("Groups") == nil
	}
	return false
}

// used reports whether a need may be the request an action and a
// resource of a statement allow.
func used(a, r string, n Need) bool {
	return iam.Match(a, n.Action, true) != iam.No && matches(r, n) != iam.No
}

// unusedIn reports the actions and resources of a statement that no need
// of the role's machines uses: the whole statement when none is used. A
// resource that holds a path is PathInGrant's to report.
func unusedIn(p *Pass, u *roleUse, f *project.File, pol *iam.Policy, s *iam.Statement) {
	var actions, resources []iam.Item
	for _, a := range s.Actions {
		if u.passUnknown && iam.Match(a.Value, "iam:PassRole", true) != iam.No {
			return // which roles it passes is not known
		}
		if !slices.ContainsFunc(u.needs, func(n Need) bool {
			return slices.ContainsFunc(s.Resources, func(r iam.Item) bool { return used(a.Value, r.Value, n) })
		}) {
			actions = append(actions, a)
		}
	}
	for _, r := range s.Resources {
		if iam.PathIn(r.Value) == "" && !slices.ContainsFunc(u.needs, func(n Need) bool {
			return slices.ContainsFunc(s.Actions, func(a iam.Item) bool { return used(a.Value, r.Value, n) })
		}) {
			resources = append(resources, r)
		}
	}
	label, acts := u.role.Label(), quoteList(itemValues(s.Actions))
	if len(actions) == len(s.Actions) && len(actions) > 0 {
		if slices.ContainsFunc(s.Resources, func(r iam.Item) bool { return iam.PathIn(r.Value) != "" }) {
			return
		}
		msg := fmt.Sprintf("%s grants %s on %s, %s", label, acts, quoteList(itemValues(s.Resources)), u.unneeded(s.Actions))
		reportUnused(p, u, f, pol.Node.Get("Statement"), []iam.Item{{Value: "", Node: s.Node}}, msg, "remove the statement")
		return
	}
	// One note for the entries of a statement that one reason leaves
	// unused: a long list of grants nothing needs is one finding.
	var reasons []string
	byReason := map[string][]iam.Item{}
	for _, a := range actions {
		why := u.unneeded([]iam.Item{a})
		if byReason[why] == nil {
			reasons = append(reasons, why)
		}
		byReason[why] = append(byReason[why], a)
	}
	for _, why := range reasons {
		items := byReason[why]
		msg := fmt.Sprintf("%s grants %s, %s", label, listed(items, "actions"), why)
		reportUnused(p, u, f, s.ActionNode, items, msg, removeWhat(items, "actions"))
	}
	if len(resources) > 0 {
		msg := fmt.Sprintf("%s grants %s on %s, %s", label, acts, listed(resources, "resources"), u.unneeded(s.Actions))
		reportUnused(p, u, f, s.ResourceNode, resources, msg, removeWhat(resources, "resources"))
	}
}

// listed quotes the values of a statement's entries for a message.
func listed(items []iam.Item, what string) string {
	if len(items) == 1 {
		return fmt.Sprintf("%q", iam.Display(items[0].Value))
	}
	return summarised(itemValues(items), what)
}

// removeWhat is the message of the fix that removes a statement's entries.
func removeWhat(items []iam.Item, what string) string {
	if len(items) == 1 {
		return "remove " + iam.Display(items[0].Value)
	}
	return fmt.Sprintf("remove the %d %s", len(items), what)
}

func itemValues(items []iam.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Value
	}
	return out
}

// unneeded says that the state machines that run with a role do not need
// a grant, or need its actions on other resources only.
func (u *roleUse) unneeded(actions []iam.Item) string {
	who, verb := fmt.Sprintf("state machine %q", u.machines[0].Name), "needs"
	if len(u.machines) > 1 {
		var names []string
		for _, m := range u.machines {
			names = append(names, fmt.Sprintf("%q", m.Name))
		}
		who, verb = "state machines "+joinAnd(names), "need"
	}
	var where []string
	for _, n := range u.needs {
		if slices.ContainsFunc(actions, func(a iam.Item) bool { return iam.Match(a.Value, n.Action, true) != iam.No }) {
			where = append(where, strings.NewReplacer(iam.Any, "*", iam.Wild, "*", iam.RunTime, "*").Replace(n.Resource))
		}
	}
	if len(where) == 0 {
		if len(u.machines) > 1 {
			return "which none of " + who + " needs"
		}
		return "which " + who + " does not need"
	}
	slices.Sort(where)
	where = slices.Compact(where)
	if len(where) > 3 {
		where = append(where[:3], "…")
	}
	return "which " + who + " " + verb + " on " + quoteList(where) + " only"
}

// reportUnused reports unused grants at the first of them, with the fix
// that removes them from list (the statement from the Statement list,
// actions or resources from their statement) where the file's syntax
// allows.
func reportUnused(p *Pass, u *roleUse, f *project.File, list *node.Node, items []iam.Item, msg, fix string) {
	proj := p.Project
	pos, end := proj.Span(f, items[0].Node)
	d := analysis.Diagnostic{Pos: pos, End: end, Message: msg}
	for _, m := range u.machines {
		mp, me := proj.Span(m.File, m.Node)
		if m.NameNode != nil {
			mp, me = proj.Span(m.File, m.NameNode)
		}
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: mp, End: me, Message: fmt.Sprintf("state machine %q runs with the role", m.Name)})
	}
	// The other entries the note names, each where it is written.
	for _, it := range items[1:] {
		ip, ie := proj.Span(f, it.Node)
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: ip, End: ie, Message: fmt.Sprintf("the grant of %q", iam.Display(it.Value))})
	}
	nodes := make([]*node.Node, len(items))
	for i, it := range items {
		nodes[i] = it.Node
	}
	if spans, ok := removals(f, list, nodes); ok {
		fx := analysis.SuggestedFix{Message: fix}
		for _, sp := range spans {
			fx.TextEdits = append(fx.TextEdits, analysis.TextEdit{Pos: proj.Pos(f, sp[0]), End: proj.Pos(f, sp[1])})
		}
		d.SuggestedFixes = []analysis.SuggestedFix{fx}
	}
	p.Report(d)
}

// removal returns the bytes to delete to remove item from list: with the
// comma that separates it in a flow list (JSON, YAML [...], HCL), or its
// whole lines in a YAML block list or for an HCL statement block. ok is
// false when the item is the only one (what holds it must go instead),
// or the text around it is not what the syntax writes plainly (a policy
// embedded in a string).
func removal(f *project.File, list, item *node.Node) (int, int, bool) {
	data := f.Data
	if f.Kind == terraform.Plan || list == nil || item == nil || item.End > len(data) {
		return 0, 0, false
	}
	i := slices.Index(list.Items, item)
	if i < 0 || len(list.Items) < 2 {
		return 0, 0, false
	}
	if bytes.HasPrefix(data[item.Pos:], []byte("statement")) || list.Pos < len(data) && data[list.Pos] != '[' {
		// Whole lines: a YAML block item from its dash, an HCL block.
		start := item.Pos
		if !bytes.HasPrefix(data[item.Pos:], []byte("statement")) {
			for start > 0 && data[start-1] != '-' {
				start--
				if data[start] == '\n' {
					return 0, 0, false
				}
			}
			start--
		}
		lineStart := bytes.LastIndexByte(data[:start], '\n') + 1
		end := item.End
		if nl := bytes.IndexByte(data[end:], '\n'); nl >= 0 {
			end += nl + 1
		} else {
			end = len(data)
		}
		if strings.TrimSpace(string(data[lineStart:start])) != "" || strings.TrimSpace(string(data[item.End:end])) != "" {
			return 0, 0, false
		}
		return lineStart, end, true
	}
	// A flow list: up to the next item, or from the previous one.
	from, to := item.Pos, item.End
	if i+1 < len(list.Items) {
		to = list.Items[i+1].Pos
	} else {
		from = list.Items[i-1].End
	}
	if !plainSeparators(data, from, to, []*node.Node{item}) {
		return 0, 0, false
	}
	return from, to, true
}

// removals returns the byte ranges to delete to remove items from list,
// each item as removal removes it alone, except that in a flow list the
// items in a row go with the separators between them in one range, so
// that no two ranges overlap. ok is false when any cannot be removed, or
// the items are all the list holds.
func removals(f *project.File, list *node.Node, items []*node.Node) ([][2]int, bool) {
	if list == nil || len(items) == 0 || len(items) >= len(list.Items) {
		return nil, false
	}
	data := f.Data
	flow := list.Pos < len(data) && data[list.Pos] == '[' && !bytes.HasPrefix(data[items[0].Pos:], []byte("statement"))
	if len(items) == 1 || !flow {
		var out [][2]int
		for _, it := range items {
			from, to, ok := removal(f, list, it)
			if !ok {
				return nil, false
			}
			out = append(out, [2]int{from, to})
		}
		return out, true
	}
	if f.Kind == terraform.Plan {
		return nil, false
	}
	gone := make([]bool, len(list.Items))
	for _, it := range items {
		i := slices.Index(list.Items, it)
		if i < 0 || it.End > len(data) {
			return nil, false
		}
		gone[i] = true
	}
	var out [][2]int
	for a := 0; a < len(gone); a++ {
		if !gone[a] {
			continue
		}
		b := a
		for b+1 < len(gone) && gone[b+1] {
			b++
		}
		run := list.Items[a : b+1]
		from, to := run[0].Pos, list.Items[min(b+1, len(gone)-1)].Pos
		if b == len(gone)-1 {
			from, to = list.Items[a-1].End, run[len(run)-1].End
		}
		if !plainSeparators(data, from, to, run) {
			return nil, false
		}
		out = append(out, [2]int{from, to})
		a = b
	}
	return out, true
}

// plainSeparators reports whether what a removal deletes besides a run of
// items is a comma for each item and white space.
func plainSeparators(data []byte, from, to int, run []*node.Node) bool {
	var rest strings.Builder
	at := from
	for _, it := range run {
		rest.Write(data[at:it.Pos])
		at = it.End
	}
	rest.Write(data[at:to])
	r := rest.String()
	return strings.Count(r, ",") == len(run) && strings.TrimSpace(strings.ReplaceAll(r, ",", "")) == ""
}

// passesUnlisted reports whether a task of the machine may hand the
// service a role the needs do not list (see PassesUnnamedRoles).
func passesUnlisted(m *project.Machine, needs []Need) bool {
	return slices.ContainsFunc(m.Definition.Tasks, func(t *asl.Task) bool { return PassesUnnamedRoles(t, needs) })
}

// PassesUnnamedRoles reports whether a task may hand the service a role
// that none of the needs names: its integration passes roles (the catalog
// has iam:PassRole rows for it, or it is an AWS SDK call with a role
// parameter) but no PassRole need came from it, as when its ECS task
// definition is not in the files.
func PassesUnnamedRoles(t *asl.Task, needs []Need) bool {
	in := ParseResource(t.Resource)
	passes := false
	if in.Kind == SDK {
		eachRoleParam(t.Args, 0, func(string, *node.Node) { passes = true })
	}
	for _, r := range catalog[in.API] {
		passes = passes || r.purpose == PassRole && r.paramsGiven(t.Param)
	}
	return passes && !slices.ContainsFunc(needs, func(n Need) bool { return n.Task == t && n.Purpose == PassRole })
}
