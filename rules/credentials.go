package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// A Task with Credentials makes its call with the role they name: Step
// Functions assumes it with the state machine's role (which needs
// sts:AssumeRole on it, and which the role's trust policy must let assume
// it), then starts the work, polls a .sync job and stops it with the
// assumed role. A .sync task with Credentials is followed by polling only:
// the EventBridge rule is not used.

// Assume is the purpose of the permission a task's Credentials needs of
// the state machine's role: sts:AssumeRole on the role they name.
const Assume = "assume"

// TaskCredentials reports tasks whose Credentials name a role the state
// machine's role cannot assume, and notes the ones whose role is not in
// the files.
var TaskCredentials = func() *Rule {
	r := missingRule("SFN413", "task-credentials", "TaskCredentials", Error, Assume, "needed to assume the Credentials role of %s")
	r.run = func(p *Pass) {
		reportGaps(p, r)
		checkCredentials(p)
	}
	return r
}()

// withCredentials hands the needs of a task's call, needs[start:], to the
// role its Credentials name, and adds what the state machine's role needs
// to assume it.
func withCredentials(needs []Need, start int, t *asl.Task, at Need) []Need {
	c := t.Credentials
	if c == nil {
		return needs
	}
	out := needs[:start]
	for _, n := range needs[start:] {
		switch n.Purpose {
		case Events:
			continue // polled instead
		case Base, Poll, Cancel, PassRole, Other:
			n.Credentials = c
		}
		out = append(out, n)
	}
	n := at
	n.Purpose, n.Action, n.Resource, n.Source, n.Node = Assume, "sts:AssumeRole", c.Role.Value, "docs", c.Role.Node
	if c.Role.Dynamic {
		n.Resource = iam.Any
	}
	return append(out, n)
}

var roleAccountRE = regexp.MustCompile(`^arn:[^:]+:iam::([^:]+):role/`)

// assuming returns the environment of a task's resources: a task that
// assumes a role of another account names that account's resources.
func (e env) assuming(t *asl.Task) env {
	if c := t.Credentials; c != nil && !c.Role.Dynamic {
		if m := submatch(roleAccountRE, c.Role.Value); m != nil {
			e.account = m[1]
		}
	}
	return e
}

// roleOf returns the role a need is decided against: the state machine's,
// or the one its task assumes; nil when that one is not in the files.
func roleOf(m *project.Machine, n Need) *project.Role {
	if n.Credentials == nil {
		return m.Role
	}
	if n.Credentials.Role.Dynamic {
		return nil
	}
	return m.Assumed[n.Credentials.Role.Value]
}

// roleLabel names the role of a need in messages.
func roleLabel(m *project.Machine, n Need) string {
	if n.Credentials == nil {
		return m.Role.Label()
	}
	return assumedLabel(n.Credentials, roleOf(m, n))
}

// assumedLabel names a role Credentials name as they write it: by its ARN
// written out, or by the name of the role a reference to it resolves to.
func assumedLabel(c *asl.Credentials, role *project.Role) string {
	return fmt.Sprintf("the Credentials role %q", credentialsName(c, role))
}

// credentialsName is the role Credentials name (role, when it is in the
// files): an ARN written out, the role's name when the ARN is built from
// references, or the path or expression that takes it from the input.
func credentialsName(c *asl.Credentials, role *project.Role) string {
	switch {
	case c.Role.Dynamic:
		if s, ok := c.Role.Node.Str(); ok {
			return iam.Brief(s)
		}
		return "Credentials"
	case role != nil && iam.HasSym(c.Role.Value):
		return role.Name
	}
	return iam.Display(c.Role.Value)
}

// executionNeeds are the needs of the state machine's own role.
func executionNeeds(needs []Need) []Need {
	return slices.DeleteFunc(slices.Clone(needs), func(n Need) bool { return n.Credentials != nil })
}

// checkCredentials checks each role tasks assume: that its trust policy
// lets the state machine's role assume it, or, when it is not in the files
// or comes from the input, notes that it is not checked.
func checkCredentials(p *Pass) {
	for _, m := range p.Project.Machines {
		if m.Role == nil || m.Definition == nil {
			continue
		}
		var arns []string
		tasks := map[string][]*asl.Task{}
		for _, t := range m.Definition.Tasks {
			c := t.Credentials
			if c == nil || !c.Role.Dynamic && placeholderLeft(m, c.Role.Value) {
				continue // SFN101 reports a placeholder left as text
			}
			if c.Role.Dynamic || m.Assumed[c.Role.Value] == nil {
				notChecked(p, m, t)
				continue
			}
			if tasks[c.Role.Value] == nil {
				arns = append(arns, c.Role.Value)
			}
			tasks[c.Role.Value] = append(tasks[c.Role.Value], t)
		}
		for _, arn := range arns {
			if role := m.Assumed[arn]; role.Trust != nil {
				checkAssumedTrust(p, m, role, tasks[arn])
			}
		}
	}
}

func notChecked(p *Pass, m *project.Machine, t *asl.Task) {
	c := t.Credentials
	what := fmt.Sprintf("role %q, which is not defined in these files", credentialsName(c, nil))
	if c.Role.Dynamic {
		what = fmt.Sprintf("the role its input names (%q)", credentialsName(c, nil))
	}
	pos, end := p.Project.Span(m.DefFile(), c.Role.Node)
	p.Report(analysis.Diagnostic{Pos: pos, End: end, Category: Undecided, Message: fmt.Sprintf(
		"task %q assumes %s: what its call needs of that role, and whether that role trusts the state machine's role, are not checked", t.Name, what)})
}

// checkAssumedTrust looks for an Allow of sts:AssumeRole to the state
// machine's role in the trust policy of a role its tasks assume. Step
// Functions passes the state machine's ARN as the external ID.
func checkAssumedTrust(p *Pass, m *project.Machine, role *project.Role, tasks []*asl.Task) {
	exec := m.Role.ARN
	ctx := iam.Context{"sts:externalid": m.ARN}
	if exec != "" {
		ctx["aws:principalarn"] = exec
		if a := submatch(roleAccountRE, exec); a != nil {
			ctx["aws:principalaccount"] = a[1]
		}
	}
	best := iam.No
	var blocked, denied *iam.Statement // names the role, but its condition cannot hold; denies it
	service := false
	for _, s := range role.Trust.Statements {
		t := min(trusts(s, exec), s.ActionMatches("sts:AssumeRole"))
		service = service || !s.Deny && s.Allows("Service", "states.amazonaws.com") == iam.Yes
		if t == iam.No {
			continue
		}
		c := s.ConditionHolds(ctx)
		switch {
		case s.Deny && min(t, c) == iam.Yes:
			denied = s
		case s.Deny:
		case c == iam.No:
			blocked = s
		default:
			best = max(best, min(t, c))
		}
	}
	f := p.Project.File(role.Trust.File)
	if f == nil || denied == nil && best != iam.No {
		return
	}
	label := assumedLabel(tasks[0].Credentials, role)
	who := m.Role.Label()
	if len(m.Role.Files) > 0 {
		who = fmt.Sprintf("the role of state machine %q", m.Name) // policy files, not a role
	}
	what := "task " + quoteNames(tasks)
	if len(tasks) > 1 {
		what = "tasks " + quoteNames(tasks)
	}
	at, msg := role.Trust.Node, ""
	switch {
	case denied != nil:
		at, msg = denied.Node, fmt.Sprintf("the trust policy of %s denies %s sts:AssumeRole, so %s of state machine %q cannot run", label, who, what, m.Name)
	case blocked != nil:
		at = blocked.Node
		for _, c := range blocked.Conds {
			if c.Holds(ctx) == iam.No {
				at = c.Node
			}
		}
		msg = fmt.Sprintf("the trust policy of %s lets %s assume it only under a condition that state machine %q cannot meet, so %s cannot run", label, who, m.Name, what)
	default:
		msg = fmt.Sprintf("the trust policy of %s does not let %s assume it, so %s of state machine %q cannot run", label, who, what, m.Name)
		if service {
			msg += ": Step Functions assumes it with the state machine's role, not as states.amazonaws.com"
		}
	}
	pos, end := p.Project.Span(f, at)
	rp, re := p.Project.Span(m.DefFile(), tasks[0].Credentials.Role.Node)
	p.Report(analysis.Diagnostic{Pos: pos, End: end, Message: msg,
		Related: []analysis.RelatedInformation{{Pos: rp, End: re, Message: "the task that assumes it"}}})
}

func quoteNames(tasks []*asl.Task) string {
	names := make([]string, len(tasks))
	for i, t := range tasks {
		names[i] = fmt.Sprintf("%q", t.Name)
	}
	return strings.Join(names, ", ")
}

// trusts reports whether a trust policy statement names the state
// machine's role (ARN exec, "" when unknown) as a principal: itself, its
// account, or anyone.
func trusts(s *iam.Statement, exec string) iam.Tri {
	if s.Node.Get("NotPrincipal") != nil {
		return iam.Maybe
	}
	best := iam.No
	for _, pr := range s.Principals {
		if pr.Type == "AWS" || pr.Type == "*" {
			best = max(best, principalNames(pr.Value, exec))
		}
	}
	return best
}

var rootRE = regexp.MustCompile(`^arn:[^:]+:iam::([^:]+):root$|^(\d{12})$`)

// principalNames reports whether an AWS principal covers the role with
// ARN exec: the role itself, or its account.
func principalNames(v, exec string) iam.Tri {
	if v == "*" {
		return iam.Yes
	}
	e := submatch(roleAccountRE, exec)
	root := submatch(rootRE, v)
	switch {
	case e == nil:
		return iam.Maybe
	case root != nil:
		return iam.Match(root[1]+root[2], e[1], false)
	case wholeSym(v):
		// A parameter: the account or the role, not known here.
		return max(iam.Match(v, e[1], false), iam.Match(v, exec, true))
	case strings.Contains(v, ":role/"):
		return iam.Match(v, exec, true)
	case strings.Contains(v, ":user/"):
		return iam.No
	}
	return iam.Maybe
}

// wholeSym reports whether a value is one symbol, a value not known here.
func wholeSym(s string) bool {
	_, whole := iam.IsSym(s)
	return whole
}
