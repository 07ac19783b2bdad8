package rules

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// Rules that report what a role lacks. Each checks the needs of one
// purpose; why says what the permission is for, with the task or feature
// that needs it.
var (
	// BaseAction reports tasks whose role lacks the action that starts them.
	BaseAction = missingRule("SFN401", "task-permission", "TaskPermission", Error, Base, "needed to run %s")
	// SyncPoll reports .sync tasks whose role cannot poll the job.
	SyncPoll = missingRule("SFN402", "sync-poll", "SyncPoll", Error, Poll, "needed to poll %s")
	// SyncEvents reports .sync tasks whose role cannot set up the managed
	// EventBridge rule that delivers the job's completion.
	SyncEvents = missingRule("SFN403", "sync-events", "SyncEvents", Warning, Events, "needed to receive completion events for %s")
	// SyncCancel reports .sync tasks whose role cannot stop the job when
	// the execution stops.
	SyncCancel = missingRule("SFN404", "sync-cancel", "SyncCancel", Warning, Cancel, "needed to stop the job of %s when the execution stops")
	// PassRoleMissing reports roles a task hands to a service without the
	// state machine's role being allowed to pass them.
	PassRoleMissing = missingRule("SFN405", "pass-role", "PassRole", Error, PassRole, "needed to hand that role to the service in %s")
	// DistributedMap reports Distributed Map states whose role cannot start
	// and follow their child executions or read and write their S3 items.
	DistributedMap = missingRule("SFN407", "distributed-map", "DistributedMap", Error, MapRun, "needed by %s")
	// LoggingAccess reports state machines that log without the role being
	// allowed to set up log delivery.
	LoggingAccess = missingRule("SFN409", "logging", "Logging", Error, Logging, "needed by %s")
	// TracingAccess reports state machines that trace with X-Ray without
	// the role being allowed to send traces.
	TracingAccess = missingRule("SFN410", "tracing", "Tracing", Warning, Tracing, "needed by %s", "iam")
	// KMSAccess reports state machines encrypted with a customer managed
	// key that their role cannot use.
	KMSAccess = missingRule("SFN411", "kms-key", "KMSKey", Error, KMS, "needed by %s")
	// ConnectionAccess reports HTTP tasks whose role cannot read the
	// credentials of their EventBridge connection.
	ConnectionAccess = missingRule("SFN412", "http-connection", "HTTPConnection", Error, Connection, "needed to call the connection of %s")
)

// missingRule builds a rule that reports the needs of one purpose a role
// does not grant. Gaps the files cannot settle, and permissions the
// documentation does not confirm, are notes.
func missingRule(code, slug, title string, sev Severity, purpose, why string, tags ...string) *Rule {
	if tags == nil {
		tags = iamTags
	}
	r := &Rule{Code: code, Slug: slug, Title: title, Severity: sev, Tags: tags,
		Categories: map[string]Severity{Undecided: Note, Unconfirmed: Note},
		need:       purpose, why: why}
	r.run = func(p *Pass) { checkMissing(p, r) }
	return r
}

// gap is a set of actions on one resource that one task or feature lacks.
type gap struct {
	need    Need
	actions []string
	result  iam.Result
}

func checkMissing(p *Pass, rule *Rule) {
	for _, m := range p.Project.Machines {
		if m.Role == nil {
			continue
		}
		needs, _ := p.Needs.Of(m)
		var gaps []*gap
		for _, n := range needs {
			if n.Purpose != rule.need {
				continue
			}
			r := decideForms(m.Role, n)
			switch r.Decision {
			case iam.Allowed:
				continue
			case iam.Unknown:
				if n.Open() && !r.Condition {
					// Only a wildcard covers it for certain, and the role
					// grants something narrower: the input decides.
					continue
				}
			}
			// Group actions a task lacks on the same resource for the same reason.
			i := slices.IndexFunc(gaps, func(g *gap) bool {
				return g.need.Node == n.Node && g.need.Resource == n.Resource && slices.Equal(g.need.Alternatives, n.Alternatives) && g.result.Decision == r.Decision && g.result.Statement == r.Statement && g.result.Reason == r.Reason
			})
			if i < 0 {
				gaps = append(gaps, &gap{need: n, result: r})
				i = len(gaps) - 1
			}
			if !slices.Contains(gaps[i].actions, n.Action) {
				gaps[i].actions = append(gaps[i].actions, n.Action)
			}
		}
		for _, g := range gaps {
			reportGap(p, rule, m, g)
		}
	}
}

// decide evaluates a need against a role: its policies, then its
// permissions boundary, which must allow it too.
func decide(role *project.Role, n Need) iam.Result {
	r := iam.EvaluateIn(role.Policies, n.Action, n.Resource, n.Context)
	if r.Decision == iam.ImplicitDeny && len(role.Unknown) > 0 {
		return iam.Result{Decision: iam.Unknown, Reason: fmt.Sprintf("it may be granted by %s, whose contents are not known here", quoteList(role.Unknown))}
	}
	if r.Decision == iam.Denied || r.Decision == iam.ImplicitDeny {
		return r
	}
	switch {
	case role.BoundaryUnknown != "":
		if r.Decision == iam.Allowed {
			return iam.Result{Decision: iam.Unknown, Statement: r.Statement, Policy: r.Policy,
				Reason: fmt.Sprintf("the permissions boundary %q, whose contents are not known here, may not allow it", role.BoundaryUnknown)}
		}
	case role.Boundary != nil:
		b := iam.EvaluateIn([]*iam.Policy{role.Boundary}, n.Action, n.Resource, n.Context)
		switch b.Decision {
		case iam.Denied, iam.ImplicitDeny:
			b.Decision, b.Reason = iam.Denied, "boundary"
			if b.Statement == nil {
				b.Policy = role.Boundary
			}
			return b
		case iam.Unknown:
			if r.Decision == iam.Allowed {
				b.Reason = "the permissions boundary: " + b.Reason
				return b
			}
		}
	}
	return r
}

func reportGap(p *Pass, rule *Rule, m *project.Machine, g *gap) {
	proj := p.Project
	n := g.need
	why := fmt.Sprintf(rule.why, n.Feature)
	if n.Task != nil {
		why += " (" + integrationName(n.Task.Resource) + ")"
	}
	res := n.resources()
	acts := quoteList(g.actions)
	var msg, category string
	var related []analysis.RelatedInformation
	switch {
	case g.result.Decision == iam.Denied && g.result.Reason == "boundary":
		msg = fmt.Sprintf("the permissions boundary of %s does not allow %s on %s, %s", m.Role.Label(), acts, res, why)
		related = append(related, policyInfo(proj, g.result, "the permissions boundary"))
	case g.result.Decision == iam.Denied:
		msg = fmt.Sprintf("%s denies %s on %s, %s", m.Role.Label(), acts, res, why)
		related = append(related, policyInfo(proj, g.result, "the statement that denies it"))
	case g.result.Decision == iam.ImplicitDeny:
		msg = fmt.Sprintf("%s lacks %s on %s, %s", m.Role.Label(), acts, res, why)
		switch g.need.Source {
		case "docs-2022":
			// Recommended, but the current documentation no longer lists it.
			category = Unconfirmed
			msg += "; only earlier editions of the AWS documentation list it, and without it completion is noticed by polling alone"
		case "inferred":
			// Not confirmed by the documentation: never more than a note.
			category = Unconfirmed
			msg += "; the AWS documentation does not list it, so this is inferred from the integration's other APIs"
		}
		related = append(related, roleInfo(proj, m.Role, "the role that should grant it"))
	default:
		category = Undecided
		msg = fmt.Sprintf("cannot tell whether %s grants %s on %s, %s: %s", m.Role.Label(), acts, res, why, g.result.Reason)
		if g.result.Statement != nil {
			related = append(related, policyInfo(proj, g.result, "the statement that may grant it"))
		} else {
			related = append(related, roleInfo(proj, m.Role, "the role"))
		}
	}
	pos, end := proj.Span(n.File, n.Node)
	p.Report(analysis.Diagnostic{Pos: pos, End: end, Category: category, Message: msg, Related: related})
}

func roleInfo(proj *Project, role *project.Role, msg string) analysis.RelatedInformation {
	pos, end := proj.Span(role.File, role.Node)
	return analysis.RelatedInformation{Pos: pos, End: end, Message: msg}
}

// policyInfo points at the statement (or, without one, the policy) that
// decided a result.
func policyInfo(proj *Project, r iam.Result, msg string) analysis.RelatedInformation {
	if r.Policy == nil {
		return analysis.RelatedInformation{Message: msg}
	}
	f := proj.File(r.Policy.File)
	if f == nil {
		return analysis.RelatedInformation{Message: msg}
	}
	at := r.Policy.Node
	if r.Statement != nil {
		at = r.Statement.Node
	}
	pos, end := proj.Span(f, at)
	return analysis.RelatedInformation{Pos: pos, End: end, Message: msg}
}

// integrationName is the short form of a Task resource for messages.
func integrationName(res string) string {
	in := ParseResource(res)
	switch in.Kind {
	case Optimized, SDK:
		name := in.API
		switch in.Pattern {
		case Sync:
			name += ".sync"
		case Sync2:
			name += ".sync:2"
		case Callback:
			name += ".waitForTaskToken"
		}
		return name
	case LambdaARN:
		return "Lambda function"
	case Activity:
		return "activity"
	}
	return iam.Display(res)
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", iam.Display(s))
	}
	return strings.Join(q, ", ")
}
