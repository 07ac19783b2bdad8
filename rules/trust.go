package rules

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// Trust reports roles whose trust policy does not let Step Functions
// assume them for the state machine.
var Trust = &Rule{
	Code: "SFN406", Slug: "trust-policy", Title: "TrustPolicy", Severity: Error, Tags: iamTags,
	run: func(p *Pass) {
		for _, m := range p.Project.Machines {
			// Each machine in turn: a condition on aws:SourceArn may let
			// one of the machines sharing a role assume it and not another.
			if m.Role != nil && m.Role.Trust != nil {
				checkTrust(p, m)
			}
		}
	},
}

// checkTrust looks for an Allow of sts:AssumeRole to the Step Functions
// service principal whose conditions can hold for this state machine:
// Step Functions sets aws:SourceArn to the machine's ARN and
// aws:SourceAccount to its account.
func checkTrust(pass *Pass, m *project.Machine) {
	proj := pass.Project
	role := m.Role
	e := machineEnv(m)
	ctx := iam.Context{"aws:sourcearn": m.ARN, "aws:sourceaccount": e.account}
	best := iam.No
	var blocked, denied *iam.Statement // allows the principal, but its condition cannot hold; denies it
	for _, s := range role.Trust.Statements {
		principal := max(s.Allows("Service", "states.amazonaws.com"), s.Allows("Service", "states."+e.region+".amazonaws.com"))
		t := min(principal, s.ActionMatches("sts:AssumeRole"))
		if t == iam.No {
			continue
		}
		c := s.ConditionHolds(ctx)
		if s.Deny {
			if min(t, c) == iam.Yes {
				denied = s
			}
			continue
		}
		if c == iam.No {
			blocked = s
		}
		best = max(best, min(t, c))
	}
	f := proj.File(role.Trust.File)
	if f == nil {
		return
	}
	if denied != nil {
		pos, end := proj.Span(f, denied.Node)
		pass.Report(analysis.Diagnostic{Pos: pos, End: end, Message: fmt.Sprintf(
			"the trust policy of %s denies states.amazonaws.com sts:AssumeRole, so state machine %q cannot run with it", role.Label(), m.Name)})
		return
	}
	if best != iam.No {
		return
	}
	if blocked != nil {
		at := blocked.Node
		for _, c := range blocked.Conds {
			if c.Holds(ctx) == iam.No {
				at = c.Node
			}
		}
		pos, end := proj.Span(f, at)
		pass.Report(analysis.Diagnostic{Pos: pos, End: end, Message: fmt.Sprintf(
			"the trust policy of %s lets states.amazonaws.com assume it only under a condition that state machine %q cannot meet", role.Label(), m.Name)})
		return
	}
	pos, end := proj.Span(f, role.Trust.Node)
	pass.Report(analysis.Diagnostic{Pos: pos, End: end, Message: fmt.Sprintf(
		"the trust policy of %s does not let states.amazonaws.com assume it, so state machine %q cannot run with it", role.Label(), m.Name)})
}
