package rules

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// Trust reports roles whose trust policy does not let Step Functions
// assume them for the state machine.
var Trust = &analysis.Analyzer{
	Name:     "SFN406",
	Doc:      doc("SFN406"),
	URL:      docURL("SFN406"),
	Requires: []*analysis.Analyzer{Load},
	Run: func(pass *analysis.Pass) (any, error) {
		proj := pass.ResultOf[Load].(*Project)
		seen := map[*project.Role]bool{}
		for _, m := range proj.Machines {
			if m.Role == nil || m.Role.Trust == nil || seen[m.Role] {
				continue
			}
			seen[m.Role] = true
			checkTrust(pass, proj, m)
		}
		return nil, nil
	},
}

// checkTrust looks for an Allow of sts:AssumeRole to the Step Functions
// service principal whose conditions can hold for this state machine:
// Step Functions sets aws:SourceArn to the machine's ARN and
// aws:SourceAccount to its account.
func checkTrust(pass *analysis.Pass, proj *Project, m *project.Machine) {
	role := m.Role
	e := machineEnv(m)
	ctx := iam.Context{"aws:sourcearn": m.ARN, "aws:sourceaccount": e.account}
	best := iam.No
	var blocked *iam.Statement // allows the principal, but its condition cannot hold
	for _, s := range role.Trust.Statements {
		if s.Deny {
			continue
		}
		principal := max(s.Allows("Service", "states.amazonaws.com"), s.Allows("Service", "states."+e.region+".amazonaws.com"))
		action := s.ActionMatches("sts:AssumeRole")
		t := min(principal, action)
		if t == iam.No {
			continue
		}
		c := s.ConditionHolds(ctx)
		if c == iam.No {
			blocked = s
		}
		best = max(best, min(t, c))
	}
	if best != iam.No {
		return
	}
	f := proj.File(role.Trust.File)
	if f == nil {
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
