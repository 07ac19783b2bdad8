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
			if actions {
				broadActions(pass, proj, u, s)
			} else {
				broadResources(pass, proj, u, s)
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

func broadResources(pass *Pass, proj *Project, u *policyUse, s *iam.Statement) {
	used, allUsed := uses(u, s)
	if !allUsed {
		return // an action the definition does not use: its resource is not ours to judge
	}
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
		msg := fmt.Sprintf("%s on %q can be narrowed to %s, the resources the definition uses", quoteList(actionValues(s)), iam.Display(item.Value), quoteList(narrowed))
		report(pass, proj, u, s.ResourceNode, item.Node, narrowed, msg, firstUse)
	}
}

func broadActions(pass *Pass, proj *Project, u *policyUse, s *iam.Statement) {
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
		msg := fmt.Sprintf("%q can be narrowed to %s, the actions the definition needs", item.Value, quoteList(exact))
		report(pass, proj, u, s.ActionNode, item.Node, exact, msg, firstUse)
	}
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

func report(pass *Pass, proj *Project, u *policyUse, list, item *node.Node, values []string, msg string, use *Need) {
	pos, end := proj.Span(u.file, item)
	d := analysis.Diagnostic{Pos: pos, End: end, Message: msg}
	if use != nil {
		for _, m := range u.machines {
			if slices.Contains(m.Definition.Tasks, use.Task) {
				p, e := proj.Span(m.DefFile(), use.Task.ResourceNode)
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: p, End: e, Message: fmt.Sprintf("used by task %q", use.Task.Name)})
				break
			}
		}
	}
	if text, ok := renderReplacement(u.file, idiomOf(proj, u.file), list, item, values); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "narrow to " + strings.Join(values, ", "),
			TextEdits: []analysis.TextEdit{{Pos: pos, End: end, NewText: []byte(text)}},
		}}
	}
	pass.Report(d)
}
