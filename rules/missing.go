package rules

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// BaseAction reports tasks whose role lacks the action that starts them.
var BaseAction = missingAnalyzer("SFN401", Base)

// SyncPoll reports .sync tasks whose role cannot poll the job.
var SyncPoll = missingAnalyzer("SFN402", Poll)

// SyncEvents reports .sync tasks whose role cannot set up the managed
// EventBridge rule that delivers the job's completion.
var SyncEvents = missingAnalyzer("SFN403", Events)

// SyncCancel reports .sync tasks whose role cannot stop the job when the
// execution stops.
var SyncCancel = missingAnalyzer("SFN404", Cancel)

func missingAnalyzer(code, purpose string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     code,
		Doc:      doc(code),
		URL:      docURL(code),
		Requires: []*analysis.Analyzer{Load},
		Run: func(pass *analysis.Pass) (any, error) {
			checkMissing(pass, purpose)
			return nil, nil
		},
	}
}

var purposeWords = map[string]string{
	Base:   "needed to run task %q",
	Poll:   "needed to poll task %q",
	Events: "needed to receive completion events for task %q",
	Cancel: "needed to stop the job of task %q when the execution stops",
}

// gap is a set of actions on one resource that one task lacks.
type gap struct {
	need    Need
	actions []string
	result  iam.Result
}

func checkMissing(pass *analysis.Pass, purpose string) {
	proj := pass.ResultOf[Load].(*Project)
	for _, m := range proj.Machines {
		if m.Role == nil {
			continue
		}
		needs, _ := Needs(m)
		var gaps []*gap
		for _, n := range needs {
			if n.Purpose != purpose || n.Task == nil {
				continue
			}
			r := iam.Evaluate(m.Role.Policies, n.Action, n.Resource)
			switch r.Decision {
			case iam.Allowed:
				continue
			case iam.Unknown:
				if n.Open() && !r.Condition {
					// Only a wildcard covers it for certain, and the role
					// grants something narrower: the input decides.
					continue
				}
			case iam.ImplicitDeny:
				if len(m.Role.Unknown) > 0 {
					r.Decision, r.Reason = iam.Unknown, fmt.Sprintf("it may be granted by %s, whose contents are not known here", quoteList(m.Role.Unknown))
				}
			}
			// Group actions a task lacks on the same resource for the same reason.
			i := slices.IndexFunc(gaps, func(g *gap) bool {
				return g.need.Task == n.Task && g.need.Resource == n.Resource && g.result.Decision == r.Decision && g.result.Statement == r.Statement && g.result.Reason == r.Reason
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
			reportGap(pass, proj, m, purpose, g)
		}
	}
}

func reportGap(pass *analysis.Pass, proj *Project, m *project.Machine, purpose string, g *gap) {
	t := g.need.Task
	why := fmt.Sprintf(purposeWords[purpose], t.Name)
	integ := integrationName(t.Resource)
	res := iam.Display(g.need.Resource)
	acts := quoteList(g.actions)
	var msg, category string
	var related []analysis.RelatedInformation
	switch g.result.Decision {
	case iam.Denied:
		msg = fmt.Sprintf("%s denies %s on %q, %s (%s)", m.Role.Label(), acts, res, why, integ)
		related = append(related, statementInfo(proj, g.result, "the statement that denies it"))
	case iam.ImplicitDeny:
		category = ""
		msg = fmt.Sprintf("%s lacks %s on %q, %s (%s)", m.Role.Label(), acts, res, why, integ)
		if g.need.Source == "docs-2022" {
			// Recommended, but the current documentation no longer lists it.
			category = "note"
			msg += "; only earlier editions of the AWS documentation list it, and without it completion is noticed by polling alone"
		}
		pos, end := proj.Span(m.Role.File, m.Role.Node)
		related = append(related, analysis.RelatedInformation{Pos: pos, End: end, Message: "the role that should grant it"})
	case iam.Unknown:
		category = "note"
		msg = fmt.Sprintf("cannot tell whether %s grants %s on %q, %s (%s): %s", m.Role.Label(), acts, res, why, integ, g.result.Reason)
		if g.result.Statement != nil {
			related = append(related, statementInfo(proj, g.result, "the statement that may grant it"))
		} else {
			pos, end := proj.Span(m.Role.File, m.Role.Node)
			related = append(related, analysis.RelatedInformation{Pos: pos, End: end, Message: "the role"})
		}
	}
	pos, end := proj.Span(m.DefFile(), t.ResourceNode)
	pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: category, Message: msg, Related: related})
}

func statementInfo(proj *Project, r iam.Result, msg string) analysis.RelatedInformation {
	f := proj.File(r.Policy.File)
	if f == nil {
		return analysis.RelatedInformation{Message: msg}
	}
	pos, end := proj.Span(f, r.Statement.Node)
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
