package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

var leastPrivilegeTags = []string{"security", "iam", "least-privilege"}

// BroadResource reports wildcard resources that the definition shows could
// be the exact resources its tasks use.
var BroadResource = &Rule{
	Code: "SFN501", Slug: "broad-resource", Title: "BroadResource", Severity: Warning, Tags: leastPrivilegeTags,
	run: func(p *Pass) { checkBroad(p, false) },
}

// BroadAction reports action wildcards that could be the exact actions the
// definition needs.
var BroadAction = &Rule{
	Code: "SFN502", Slug: "broad-action", Title: "BroadAction", Severity: Warning, Tags: leastPrivilegeTags,
	run: func(p *Pass) { checkBroad(p, true) },
}

// policyUse is a policy with every need of the state machines whose roles
// have it.
type policyUse struct {
	policy   *iam.Policy
	file     *project.File
	machines []*project.Machine
	needs    []Need
	// skip: the policy also serves something whose needs are not fully
	// known, so no grant in it can be called too broad.
	skip bool
}

func policyUses(proj *Project, machineNeeds *MachineNeeds) []*policyUse {
	var out []*policyUse
	index := map[*iam.Policy]*policyUse{}
	for _, m := range proj.Machines {
		if m.Role == nil {
			continue
		}
		needs, opaque := machineNeeds.Of(m)
		for _, p := range m.Role.Policies {
			u := index[p]
			if u == nil {
				u = &policyUse{policy: p, file: proj.File(p.File)}
				index[p] = u
				out = append(out, u)
			}
			u.machines = append(u.machines, m)
			u.needs = append(u.needs, executionNeeds(needs)...)
			if opaque || m.Definition == nil || len(m.Role.SharedWith) > 0 {
				u.skip = true
			}
		}
	}
	return out
}

// maxPolicyChars is how many characters a narrowed list may take in a
// fix: IAM's limit for a customer managed policy (6,144 characters, white
// space aside). A list that long is summarised and not offered as a fix,
// which could not deploy.
const maxPolicyChars = 6144

// maxListed is how many narrowed values a message writes before it
// summarises the rest.
const maxListed = 10

// narrowing is one wildcard of a statement that can be narrowed.
type narrowing struct {
	list, item *node.Node // the statement's Action or Resource, and the wildcard in it
	values     []string   // what it can be narrowed to
	msg        string
	use        *Need  // a task that needs it, for the related location
	kind       string // "actions" or "resources"
}

func checkBroad(pass *Pass, actions bool) {
	proj := pass.Project
	for _, u := range policyUses(proj, pass.Needs) {
		if u.skip || u.file == nil || u.policy.Generated {
			continue
		}
		for _, s := range u.policy.Statements {
			if s.Deny || s.NotAction || s.NotResource {
				continue
			}
			// Both rules offer the same fix for a statement both find too
			// broad, so that least privilege takes one round: the
			// actions narrowed and the resources narrowed, unless the
			// other rule is off for the file.
			own, other, otherCode := broadResources(u, s), broadActions(u, s), "SFN502"
			if actions {
				own, other, otherCode = other, own, "SFN501"
			}
			if pass.Off != nil && pass.Off(u.file.Path, otherCode) {
				other = nil
			}
			for _, n := range own {
				report(pass, proj, u, n, other)
			}
		}
	}
}

// uses returns the needs a statement grants, and whether every action of
// the statement is used by at least one of them.
func uses(u *policyUse, s *iam.Statement) ([]Need, bool) {
	var out []Need
	allUsed := true
	for _, a := range s.Actions {
		used := false
		for _, n := range u.needs {
			if iam.Match(a.Value, n.Action, true) != iam.Yes {
				continue
			}
			for _, r := range s.Resources {
				if matches(r.Value, n) == iam.Yes {
					used = true
					out = append(out, n)
					break
				}
			}
		}
		allUsed = allUsed && used
	}
	return out, allUsed
}

func broadResources(u *policyUse, s *iam.Statement) []narrowing {
	if !slices.ContainsFunc(s.Resources, func(r iam.Item) bool { return strings.Contains(r.Value, "*") }) {
		return nil // nothing broad to narrow
	}
	used, allUsed := uses(u, s)
	if !allUsed {
		return nil // an action the definition does not use: its resource is not ours to judge
	}
	var out []narrowing
	for _, item := range s.Resources {
		if !strings.Contains(item.Value, "*") {
			continue
		}
		var narrowed []string
		var firstUse *Need
		ok := true
		for _, n := range used {
			if matches(item.Value, n) != iam.Yes {
				continue
			}
			if n.Dynamic() || len(n.Alternatives) > 0 || !expressible(n.Resource, u.machines) || iam.PathIn(n.Resource) != "" {
				// Only the input, or the form of a value the files do not
				// say, decides what the resource is: no narrowing is sure.
				// A path the definition writes as plain text (a key
				// without ".$") names no real resource either.
				ok = false
				break
			}
			written := strings.NewReplacer(iam.Wild, "*", iam.RunTime, "*").Replace(n.Resource)
			if iam.Match(written, item.Value, false) == iam.Yes {
				ok = false // the item is what the need takes
				break
			}
			r := iam.Display(n.Resource)
			if firstUse == nil && n.Task != nil {
				firstUse = &n
			}
			narrowed = append(narrowed, r)
		}
		if !ok || len(narrowed) == 0 {
			continue
		}
		slices.Sort(narrowed)
		narrowed = slices.Compact(narrowed)
		if allWeak(narrowed) || len(narrowed) == 1 && iam.Display(item.Value) == narrowed[0]+"*" {
			// Narrowing to "every workgroup" or from "name*" to "name" is
			// not worth a warning.
			continue
		}
		msg := fmt.Sprintf("%s on %q can be narrowed to %s, the resources the definition uses", quoteList(actionValues(s)), iam.Display(item.Value), summarised(narrowed, "resources"))
		out = append(out, narrowing{list: s.ResourceNode, item: item.Node, values: narrowed, msg: msg, use: firstUse, kind: "resources"})
	}
	return out
}

func broadActions(u *policyUse, s *iam.Statement) []narrowing {
	var out []narrowing
	for _, item := range s.Actions {
		if !strings.ContainsAny(item.Value, "*?") {
			continue
		}
		var exact []string
		var firstUse *Need
		for _, n := range u.needs {
			if iam.Match(item.Value, n.Action, true) != iam.Yes {
				continue
			}
			covered := false
			for _, r := range s.Resources {
				if matches(r.Value, n) != iam.No {
					covered = true
				}
			}
			if !covered {
				continue
			}
			if firstUse == nil && n.Task != nil {
				firstUse = &n
			}
			exact = append(exact, n.Action)
		}
		if len(exact) == 0 {
			continue
		}
		slices.Sort(exact)
		exact = slices.Compact(exact)
		msg := fmt.Sprintf("%q can be narrowed to %s, the actions the definition needs", item.Value, summarised(exact, "actions"))
		out = append(out, narrowing{list: s.ActionNode, item: item.Node, values: exact, msg: msg, use: firstUse, kind: "actions"})
	}
	return out
}

// summarised quotes a list for a message, writing the first maxListed
// values and how many more there are.
func summarised(values []string, what string) string {
	if len(values) <= maxListed {
		return quoteList(values)
	}
	return fmt.Sprintf("%d %s: %s and %d more", len(values), what, quoteList(values[:maxListed]), len(values)-maxListed)
}

// fits reports whether a narrowed list is short enough to be a policy's.
func fits(values []string) bool {
	n := 0
	for _, v := range values {
		n += len(v) + 3 // quotes and a comma
	}
	return n <= maxPolicyChars
}

// matches matches a policy resource against a need's resource, in either
// of its forms.
func matches(pattern string, n Need) iam.Tri {
	t := iam.Match(pattern, n.Resource, false)
	for _, a := range n.Alternatives {
		t = max(t, iam.Match(pattern, a, false))
	}
	return t
}

// weakRE matches resources that name every resource of a type: nothing
// but the type stands before the final wildcard.
var weakRE = regexp.MustCompile(`^arn:[^:]*:[^:]*:[^:]*:[^:]*:[A-Za-z-]*[/:]?\*$|^arn:[^:]*:s3:::\*$|^\*$`)

func allWeak(resources []string) bool {
	for _, r := range resources {
		if !weakRE.MatchString(r) {
			return false
		}
	}
	return true
}

func actionValues(s *iam.Statement) []string {
	var out []string
	for _, a := range s.Actions {
		out = append(out, a.Value)
	}
	return out
}

var subNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(::[A-Za-z]+)?(\.[A-Za-z0-9.]+)?$`)

// expressible reports whether a resource can be written in the policy:
// every symbol must be a parameter, pseudo parameter or attribute Fn::Sub
// can name, and none may name the state machine itself (its role cannot
// refer to it without a circular dependency).
func expressible(res string, machines []*project.Machine) bool {
	for _, name := range iam.Symbols(res) {
		if iam.Placeholder(name) {
			continue
		}
		if !subNameRE.MatchString(name) {
			return false
		}
		base, _, _ := strings.Cut(name, ".")
		for _, m := range machines {
			if m.Name == base && m.Path != "" || !strings.HasPrefix(name, "AWS::") && slices.Contains(iam.Symbols(m.ARN), name) {
				return false
			}
		}
	}
	return true
}

// report reports a narrowing, with a fix that makes it and the others
// found on the same statement.
func report(pass *Pass, proj *Project, u *policyUse, n narrowing, others []narrowing) {
	pos, end := proj.Span(u.file, n.item)
	d := analysis.Diagnostic{Pos: pos, End: end, Message: n.msg}
	if use := n.use; use != nil {
		for _, m := range u.machines {
			if slices.Contains(m.Definition.Tasks, use.Task) {
				p, e := proj.Span(m.DefFile(), use.Task.ResourceNode)
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: p, End: e, Message: fmt.Sprintf("used by task %q", use.Task.Name)})
				break
			}
		}
	}
	if !fits(n.values) {
		d.Message += "; that many do not fit in one policy, so no fix is offered"
		pass.Report(d)
		return
	}
	// The edits in the order they appear in the file, so that every
	// finding on the statement offers the same fix.
	all := append([]narrowing{n}, others...)
	slices.SortFunc(all, func(a, b narrowing) int { return a.item.Pos - b.item.Pos })
	var fix analysis.SuggestedFix
	var what []string
	for _, x := range all {
		text, ok := renderReplacement(u.file, idiomOf(proj, u.file), x.list, x.item, x.values)
		if !ok || !fits(x.values) {
			if x.item == n.item {
				pass.Report(d)
				return
			}
			continue
		}
		p, e := proj.Span(u.file, x.item)
		fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: p, End: e, NewText: []byte(text)})
		what = append(what, "the "+x.kind+" to "+strings.Join(x.values, ", "))
	}
	fix.Message = "narrow to " + strings.Join(n.values, ", ")
	if len(fix.TextEdits) > 1 {
		fix.Message = "narrow " + strings.Join(what, ", and ")
	}
	d.SuggestedFixes = []analysis.SuggestedFix{fix}
	pass.Report(d)
}
