package rules

import (
	"cmp"
	"fmt"
	"maps"
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
// documentation does not confirm, are notes; a gap the files cannot settle
// is noted once per task and cause, under the most basic rule it concerns
// (see computeGaps).
func missingRule(code, slug, title string, sev Severity, purpose, why string, tags ...string) *Rule {
	if tags == nil {
		tags = iamTags
	}
	r := &Rule{Code: code, Slug: slug, Title: title, Severity: sev, Tags: tags,
		Categories: map[string]Severity{Undecided: Note, Unconfirmed: Note},
		need:       purpose, why: why}
	r.run = func(p *Pass) { reportGaps(p, r) }
	return r
}

// runTimeGrant returns, for a need whose resource has text AWS makes at
// run time and that the role does not grant, what the role would grant if
// that text were one name: when a statement may grant it then, the role
// grants the action on some of the names AWS may make but not on all of
// them. It returns nil otherwise.
func runTimeGrant(role *project.Role, rps []*project.ResourcePolicy, n Need, r iam.Result) *iam.Result {
	if r.Decision != iam.ImplicitDeny || !strings.Contains(n.Resource, iam.RunTime) {
		return nil
	}
	one := n
	one.Resource = strings.ReplaceAll(n.Resource, iam.RunTime, iam.Wild)
	one.Alternatives = nil
	for _, a := range n.Alternatives {
		one.Alternatives = append(one.Alternatives, strings.ReplaceAll(a, iam.RunTime, iam.Wild))
	}
	if fixed := decideForms(role, rps, one); fixed.Decision == iam.Allowed || fixed.Decision == iam.Unknown && fixed.Statement != nil {
		return &fixed
	}
	return nil
}

// decide evaluates a need against a role the way IAM evaluates a request
// within one account: the role's policies and the resource-based policies
// of the resource it names (rps, those beside the machine) each may allow
// it, an explicit Deny in either wins, a KMS key policy must let the IAM
// policies count, and the permissions boundary must allow it too.
func decide(role *project.Role, rps []*project.ResourcePolicy, n Need) iam.Result {
	// A role whose ARN is not known (the one a plugin generates) is in the
	// account of what it serves.
	g := iam.Grantee{ARN: role.ARN, Account: cmp.Or(iam.ARNAccount(role.ARN), iam.AccountID)}
	ctx := requestContext(n.Context, g)
	id := iam.Judge(role.Policies, n.Action, n.Resource, ctx, nil)
	if id.Allow == iam.No && len(role.Unknown) > 0 {
		id.Allow, id.AllowWhy = iam.Maybe, fmt.Sprintf("it may be granted by %s, whose contents are not known here", quoteList(role.Unknown))
	}
	rp := resourceVerdict(rps, n, ctx, g)
	v := iam.Verdict{Allow: max(rp.own.Allow, min(id.Allow, rp.iam)), Deny: max(id.Deny, rp.own.Deny)}
	switch {
	case rp.own.Allow > iam.No && rp.own.Allow >= min(id.Allow, rp.iam):
		v.Allowing, v.AllowWhy = rp.own.Allowing, rp.own.AllowWhy
	case rp.iam < id.Allow:
		// The role's policies would grant it if the key policy lets them.
		v.Allowing, v.AllowWhy = rp.lets, rp.letsWhy
	default:
		v.Allowing, v.AllowWhy = id.Allowing, id.AllowWhy
	}
	if rp.own.Deny > id.Deny {
		v.Denying, v.DenyWhy = rp.own.Denying, rp.own.DenyWhy
	} else {
		v.Denying, v.DenyWhy = id.Denying, id.DenyWhy
	}
	r := v.Result()
	if r.Decision == iam.ImplicitDeny && !rp.found && strings.HasPrefix(strings.ToLower(n.Action), "kms:") {
		// The key's policy is not in the files: it may grant the role the
		// key on its own, as the documented key policy for Step Functions
		// does.
		return iam.Result{Decision: iam.Unknown, Reason: "the key's policy is not in these files, and it may grant it to the role directly"}
	}
	if r.Decision == iam.ImplicitDeny && rp.required != nil {
		r.Policy = rp.required.Policy
		if id.Allow > iam.No && rp.iam == iam.No {
			// The role's policies grant it, but they do not count.
			r.Reason = keyPolicy
		}
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
		// A boundary limits what a resource-based policy grants to a role
		// (its ARN) as it limits the role's own policies.
		b := iam.EvaluateIn([]*iam.Policy{role.Boundary}, n.Action, n.Resource, ctx)
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

// notKnown says why a result depends on what only the deployment knows.
const notKnown = "it depends on values not known before deploy"

// keyPolicy is the Reason of a result that the role's policies would allow
// but a key policy keeps from counting.
const keyPolicy = "key policy"

// requestContext adds to a need's condition keys those every request of
// the role carries: its ARN and account.
func requestContext(ctx iam.Context, g iam.Grantee) iam.Context {
	if g.ARN == "" {
		return ctx
	}
	out := iam.Context{"aws:principalarn": g.ARN, "aws:principalaccount": g.Account, "kms:calleraccount": g.Account}
	maps.Copy(out, ctx)
	return out
}

// resourceSide is what the resource-based policies of a need's resource
// say: own, what they grant the role itself; iam, whether the role's own
// policies count (Yes but where a KMS key policy decides), with lets, the
// statement that decides it, and why not for certain.
type resourceSide struct {
	own      iam.Verdict
	iam      iam.Tri
	lets     iam.Result
	letsWhy  string
	required *project.ResourcePolicy
	// found is set when a policy of the files is attached to the resource.
	found bool
}

func resourceVerdict(rps []*project.ResourcePolicy, n Need, ctx iam.Context, g iam.Grantee) resourceSide {
	side := resourceSide{iam: iam.Yes}
	for _, rp := range rps {
		on := iam.Match(rp.Resource, n.Resource, false)
		if on == iam.No {
			continue
		}
		side.found = true
		pols := []*iam.Policy{rp.Policy}
		own := iam.Judge(pols, n.Action, n.Resource, ctx, func(s *iam.Statement) iam.Tri {
			direct, account := s.Names(g)
			if s.Deny {
				// A Deny for the account applies to everyone in it.
				return max(direct, account)
			}
			return direct
		})
		if on == iam.Maybe {
			// The resource may be another one, whose policy is not here.
			own.Allow, own.Deny = min(own.Allow, on), min(own.Deny, on)
			own.AllowWhy, own.DenyWhy = cmp.Or(own.AllowWhy, notKnown), cmp.Or(own.DenyWhy, notKnown)
		}
		if own.Allow > side.own.Allow {
			why := ""
			switch {
			case own.Allow == iam.Yes:
			case strings.Contains(own.AllowWhy, "condition"):
				why = policyOf(rp) + " grants it only under a condition"
			default:
				why = policyOf(rp) + " may grant it: " + own.AllowWhy
			}
			side.own.Allow, side.own.Allowing, side.own.AllowWhy = own.Allow, own.Allowing, why
		}
		if own.Deny > side.own.Deny {
			side.own.Deny, side.own.Denying, side.own.DenyWhy = own.Deny, own.Denying, own.DenyWhy
		}
		if !rp.Required {
			continue
		}
		lets := iam.Judge(pols, n.Action, n.Resource, ctx, func(s *iam.Statement) iam.Tri {
			if s.Deny {
				return iam.No
			}
			_, account := s.Names(g)
			return account
		})
		t, why := lets.Allow, policyOf(rp)+" may not let IAM policies grant it"
		if on == iam.Maybe {
			// The key may be another, whose policy is not in the files.
			t = max(t, iam.Maybe)
		} else if strings.Contains(lets.AllowWhy, "condition") {
			why = policyOf(rp) + " lets IAM policies grant it only under a condition"
		}
		if side.required == nil || t < side.iam {
			side.iam, side.lets, side.letsWhy, side.required = t, lets.Allowing, why, rp
			if side.lets.Policy == nil {
				side.lets.Policy = rp.Policy
			}
		}
	}
	return side
}

// policyOf names a resource-based policy in messages.
func policyOf(rp *project.ResourcePolicy) string {
	if rp.Required {
		return "the key policy of " + rp.What
	}
	return "the policy of " + rp.What
}

// resourcePolicyOf returns the resource-based policy beside the machine
// that pol is, or nil.
func resourcePolicyOf(m *project.Machine, pol *iam.Policy) *project.ResourcePolicy {
	for _, rp := range m.ResourcePolicies {
		if pol != nil && rp.Policy == pol {
			return rp
		}
	}
	return nil
}

func roleInfo(proj *Project, role *project.Role, msg string) analysis.RelatedInformation {
	pos, end := proj.Span(role.File, role.Node)
	return analysis.RelatedInformation{Pos: pos, End: end, Message: msg}
}

// editInfo points at where a grant the role lacks would be written: the
// first statement that allows actions of the same service, or else the
// first policy the user writes. It reports false when the role has none
// in the files (only managed or generated policies).
func editInfo(proj *Project, role *project.Role, actions []string) (analysis.RelatedInformation, bool) {
	service, _, _ := strings.Cut(actions[0], ":")
	var doc *iam.Policy
	for _, pol := range role.Policies {
		if pol.Generated || proj.File(pol.File) == nil || pol.Node == nil {
			continue
		}
		if doc == nil {
			doc = pol
		}
		for _, st := range pol.Statements {
			if st.Deny || st.NotAction || st.Node == nil {
				continue
			}
			for _, a := range st.Actions {
				if s, _, _ := strings.Cut(a.Value, ":"); strings.EqualFold(s, service) {
					return policyInfo(proj, iam.Result{Policy: pol, Statement: st}, "the role's statement for "+service+" actions"), true
				}
			}
		}
	}
	if doc == nil {
		return analysis.RelatedInformation{}, false
	}
	return policyInfo(proj, iam.Result{Policy: doc}, "the policy to add it to"), true
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
