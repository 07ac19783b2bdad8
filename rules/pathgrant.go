package rules

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// PathInGrant reports policy resources that hold a JSONPath or JSONata
// expression: Step Functions evaluates them in a definition, but IAM reads
// them as plain text, which names no real resource.
var PathInGrant = &Rule{
	Code: "SFN414", Slug: "path-in-grant", Title: "PathInGrant", Severity: Warning, Tags: iamTags,
	run: checkPathGrants,
}

// grantUse is a policy of a role, with what the state machines need of
// that role.
type grantUse struct {
	policy *iam.Policy
	needs  []Need
}

// grantUses lists every policy of the roles machines run with or assume,
// boundaries included, once each.
func grantUses(proj *Project, mn *MachineNeeds) []*grantUse {
	var out []*grantUse
	index := map[*iam.Policy]*grantUse{}
	add := func(role *project.Role, needs []Need) {
		pols := role.Policies
		if role.Boundary != nil {
			pols = append(slices.Clip(pols), role.Boundary)
		}
		for _, pol := range pols {
			u := index[pol]
			if u == nil {
				u = &grantUse{policy: pol}
				index[pol] = u
				out = append(out, u)
			}
			u.needs = append(u.needs, needs...)
		}
	}
	for _, m := range proj.Machines {
		if m.Role == nil {
			continue
		}
		needs, _ := mn.Of(m)
		add(m.Role, executionNeeds(needs))
		for _, arn := range sortedKeys(m.Assumed) {
			add(m.Assumed[arn], slices.DeleteFunc(slices.Clone(needs), func(n Need) bool {
				return n.Credentials == nil || n.Credentials.Role.Dynamic || n.Credentials.Role.Value != arn
			}))
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func checkPathGrants(p *Pass) {
	proj := p.Project
	for _, u := range grantUses(proj, p.Needs) {
		f := proj.File(u.policy.File)
		if f == nil {
			continue
		}
		for _, s := range u.policy.Statements {
			if s.NotResource {
				continue // it leaves out nothing real, and grants the rest
			}
			for _, item := range s.Resources {
				if item.Node != nil && iam.PathIn(item.Value) != "" {
					reportPathGrant(p, f, u, s, item)
				}
			}
		}
	}
}

// pathKind names the kind of expression a path is, with its article.
func pathKind(path string) string {
	switch {
	case strings.HasPrefix(path, "{%"):
		return "a JSONata expression"
	case strings.HasPrefix(path, "States."):
		return "an intrinsic function"
	}
	return "a JSONPath"
}

// withoutPaths writes a resource with each path it holds as "*": the
// resource a task that takes it from its input needs.
func withoutPaths(v string) string {
	for range 10 {
		path := iam.PathIn(v)
		if path == "" {
			break
		}
		v = strings.Replace(v, path, "*", 1)
	}
	return v
}

func reportPathGrant(p *Pass, f *project.File, u *grantUse, s *iam.Statement, item iam.Item) {
	proj := p.Project
	path := iam.PathIn(item.Value)
	wild := withoutPaths(item.Value)
	// The needs the grant was meant for: those the statement's actions and
	// the resource, its paths read as wildcards, cover.
	var dynamic, static []Need
	for _, n := range u.needs {
		if s.ActionMatches(n.Action) != iam.Yes || matches(wild, n) == iam.No || iam.PathIn(n.Resource) != "" {
			continue
		}
		if n.Dynamic() {
			dynamic = append(dynamic, n)
		} else {
			static = append(static, n)
		}
	}
	msg := fmt.Sprintf("%q holds %s, %q, which IAM reads as plain text: it matches no real resource",
		iam.Display(item.Value), pathKind(path), iam.Brief(path))
	if path == item.Value {
		msg = fmt.Sprintf("%q is %s, which IAM reads as plain text: it matches no real resource", iam.Brief(path), pathKind(path))
	}
	var values []string
	var use *Need
	switch {
	case s.Deny:
		// What the Deny meant to keep from the role is not ours to guess.
		msg += ", so it denies nothing"
	case len(dynamic) > 0:
		// What the entry meant: the resource, with "*" where the input
		// decides, as Step Functions grants a resource the input names.
		use = &dynamic[0]
		values = []string{iam.Display(wild)}
		msg += fmt.Sprintf("; %s takes the resource from its input, so grant %q, with \"*\" where the input decides", use.Feature, values[0])
	case len(static) > 0:
		use = &static[0]
		values = displayed(static)
		msg += fmt.Sprintf("; grant %s, what %s uses", quoteList(values), use.Feature)
	default:
		msg += fmt.Sprintf("; grant %q where a task takes the resource from its input, or name the resource", iam.Display(wild))
	}
	pos, end := proj.Span(f, item.Node)
	d := analysis.Diagnostic{Pos: pos, End: end, Message: msg}
	if use != nil && use.File != nil {
		tp, te := proj.Span(use.File, use.Node)
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: tp, End: te, Message: "the " + use.Feature})
	}
	if use != nil && !u.policy.Generated {
		if text, ok := renderReplacement(f, idiomOf(proj, f), s.ResourceNode, item.Node, values); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "grant " + strings.Join(values, ", "),
				TextEdits: []analysis.TextEdit{{Pos: pos, End: end, NewText: []byte(text)}},
			}}
		}
	}
	p.Report(d)
}

// displayed writes the resources of needs as messages and fixes do, once
// each, in order.
func displayed(needs []Need) []string {
	var out []string
	for _, n := range needs {
		if r := iam.Display(n.Resource); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}
