package rules

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// What the roles lack is decided once for every purpose, so that what the
// files cannot settle is said once: a .sync task whose job is named by a
// parameter gets one note for starting, polling and stopping the job, not
// one per rule, and tasks that need the same undecided grant for the same
// reason share one note.

// gap is a set of actions on one resource that one task or feature lacks,
// for one purpose and one reason.
type gap struct {
	rule    *Rule
	need    Need
	actions []string
	result  iam.Result
	// narrower is the result the role would have if the part of the
	// resource AWS makes at run time were one fixed name: a grant it
	// finds covers only some of the names AWS may make.
	narrower *iam.Result
}

// undecided reports whether the files cannot settle the gap.
func (g *gap) undecided() bool {
	return g.result.Decision != iam.Denied && g.result.Decision != iam.ImplicitDeny
}

// finding is what one diagnostic reports: a definite gap, or the
// undecided gaps of one cause, of one task or feature (at[0]) and of the
// other tasks that lack exactly the same (at[1:]).
type finding struct {
	rule    *Rule
	machine *project.Machine
	gaps    []*gap
	at      []Need
}

// MachineGaps is the Gaps analyzer's result: the findings of each rule
// that reports what a role lacks, in the order of the machines.
type MachineGaps struct {
	findings map[*Rule][]*finding
}

// missingRules are the rules that report what a role lacks, by the
// purpose of the permissions each checks.
func missingRules() map[string]*Rule {
	out := map[string]*Rule{}
	for _, r := range All() {
		if r.need != "" {
			out[r.need] = r
		}
	}
	return out
}

// computeGaps decides every need of every bound machine. off says whether
// a rule is turned off for a file: its needs are not reported, nor carried
// by another rule's note.
func computeGaps(proj *Project, mn *MachineNeeds, off func(file, code string) bool) *MachineGaps {
	rules := missingRules()
	out := &MachineGaps{findings: map[*Rule][]*finding{}}
	for _, m := range proj.Machines {
		if m.Role == nil {
			continue
		}
		needs, _ := mn.Of(m)
		var notes []*finding
		for _, g := range machineGaps(m, needs, rules, off) {
			if !g.undecided() {
				out.findings[g.rule] = append(out.findings[g.rule], &finding{rule: g.rule, machine: m, gaps: []*gap{g}, at: []Need{g.need}})
				continue
			}
			notes = addNote(notes, m, g)
		}
		for _, f := range mergeNotes(notes) {
			out.findings[f.rule] = append(out.findings[f.rule], f)
		}
	}
	return out
}

// machineGaps decides a machine's needs and groups the actions a task or
// feature lacks on the same resource for the same reason and purpose.
func machineGaps(m *project.Machine, needs []Need, rules map[string]*Rule, off func(file, code string) bool) []*gap {
	var gaps []*gap
	for _, n := range needs {
		rule := rules[n.Purpose]
		if rule == nil || off != nil && n.File != nil && off(n.File.Path, rule.Code) {
			continue
		}
		role := roleOf(m, n)
		if role == nil {
			continue // an assumed role not in the files: TaskCredentials notes it
		}
		r := decideForms(role, m.ResourcePolicies, n)
		if w := n.when(); w != "" && (r.Decision == iam.ImplicitDeny || r.Decision == iam.Denied) {
			// A gap of what may not deploy at all.
			r = iam.Result{Decision: iam.Unknown,
				Reason: fmt.Sprintf("it is not granted, but %s may leave %s out of the definition", w, n.Feature)}
		}
		switch r.Decision {
		case iam.Allowed:
			continue
		case iam.Unknown:
			if n.Open() && !r.Condition {
				// Only a wildcard covers it for certain, and the role
				// grants something that may be narrower: the input, or
				// what the files do not show, decides. A grant that
				// cannot cover all a name AWS makes at run time may
				// take is not undecided: it is denied.
				continue
			}
		}
		narrower := runTimeGrant(role, m.ResourcePolicies, n, r)
		i := slices.IndexFunc(gaps, func(g *gap) bool {
			return g.rule == rule && g.need.Node == n.Node && g.need.Resource == n.Resource && slices.Equal(g.need.Alternatives, n.Alternatives) &&
				g.result.Decision == r.Decision && g.result.Statement == r.Statement && g.result.Reason == r.Reason &&
				(g.narrower == nil) == (narrower == nil)
		})
		if i < 0 {
			gaps = append(gaps, &gap{rule: rule, need: n, result: r, narrower: narrower})
			i = len(gaps) - 1
		}
		if !slices.Contains(gaps[i].actions, n.Action) {
			gaps[i].actions = append(gaps[i].actions, n.Action)
		}
	}
	return gaps
}

// subject is what a note is about: a task, a Distributed Map state, or a
// feature of the state machine.
func subject(n Need) any {
	switch {
	case n.Task != nil:
		return n.Task
	case n.Map != nil:
		return n.Map
	}
	return n.Feature
}

// sameCause reports whether two undecided gaps are so for the same reason,
// of the same role: the same condition of the same statement, the same
// values not known before deploy, the same policies whose contents are
// not known.
func sameCause(m *project.Machine, a, b *gap) bool {
	return roleLabel(m, a.need) == roleLabel(m, b.need) && cause(a) == cause(b)
}

// cause says why a gap is undecided, so that gaps with the same cause are
// told one.
func cause(g *gap) string {
	switch {
	case g.result.Condition:
		return fmt.Sprintf("%s\x00%p%p", g.result.Reason, g.result.Statement, g.result.Policy)
	case g.result.Reason == iam.ValuesUnknown:
		syms := iam.Symbols(g.need.Resource)
		slices.Sort(syms)
		return g.result.Reason + "\x00" + strings.Join(slices.Compact(syms), "\x00")
	}
	return g.result.Reason
}

// addNote adds an undecided gap to the note of its subject and cause, or
// starts one. A note is reported under the most basic rule it concerns.
func addNote(notes []*finding, m *project.Machine, g *gap) []*finding {
	for _, f := range notes {
		if subject(f.at[0]) == subject(g.need) && sameCause(m, f.gaps[0], g) {
			f.gaps = append(f.gaps, g)
			if basic(g.rule, f.rule) < 0 {
				f.rule = g.rule
			}
			return notes
		}
	}
	return append(notes, &finding{rule: g.rule, machine: m, gaps: []*gap{g}, at: []Need{g.need}})
}

// basic orders rules from the most basic: codes are in that order.
func basic(a, b *Rule) int { return strings.Compare(a.Code, b.Code) }

// statesOf names the kind of state a need is of, in the plural, or ""
// for a need of the state machine itself.
func statesOf(n Need) string {
	switch {
	case n.Task != nil:
		return "tasks"
	case n.Map != nil:
		return "Distributed Map states"
	}
	return ""
}

// stateName is the name of the state a need is of.
func stateName(n Need) string {
	if n.Task != nil {
		return n.Task.Name
	}
	return n.Map.Name
}

// mergeNotes makes the notes of states (tasks, or Distributed Map states)
// that lack exactly the same for the same reason one note, at the first
// of them.
func mergeNotes(notes []*finding) []*finding {
	var out []*finding
	for _, f := range notes {
		i := slices.IndexFunc(out, func(o *finding) bool {
			return statesOf(o.at[0]) != "" && statesOf(o.at[0]) == statesOf(f.at[0]) && o.rule == f.rule &&
				sameCause(f.machine, o.gaps[0], f.gaps[0]) && noteText(o, Need{}) == noteText(f, Need{})
		})
		if i < 0 {
			out = append(out, f)
			continue
		}
		out[i].at = append(out[i].at, f.at...)
	}
	return out
}

// noteEntry is what a note says is needed on one resource.
type noteEntry struct {
	actions []string
	res     string
}

// entries lists what a note's gaps need, by resource in the order the
// needs come.
func entries(gaps []*gap) []noteEntry {
	var out []noteEntry
	for _, g := range gaps {
		res := g.need.resources()
		i := slices.IndexFunc(out, func(e noteEntry) bool { return e.res == res })
		if i < 0 {
			out = append(out, noteEntry{res: res})
			i = len(out) - 1
		}
		for _, a := range g.actions {
			if !slices.Contains(out[i].actions, a) {
				out[i].actions = append(out[i].actions, a)
			}
		}
	}
	return out
}

// noteText is what a note says it lacks and what for, with at the task or
// feature it names: notes that say the same of different tasks are one.
func noteText(f *finding, at Need) string {
	var parts []string
	for _, e := range entries(f.gaps) {
		parts = append(parts, quoteList(e.actions)+" on "+e.res)
	}
	return joinAnd(parts) + ", " + neededFor(f, at)
}

// verbs say what each purpose of a task's permissions is for, where one
// note names several.
var verbs = map[string]string{
	Base:     "run",
	Poll:     "poll",
	Events:   "receive completion events for",
	Cancel:   "stop the job of",
	PassRole: "hand a role to the service in",
	Assume:   "assume the Credentials role of",
}

// neededFor says what a note's permissions are needed for, naming the
// task or feature as at does.
func neededFor(f *finding, at Need) string {
	var rules []*Rule
	for _, g := range f.gaps {
		if !slices.Contains(rules, g.rule) {
			rules = append(rules, g.rule)
		}
	}
	slices.SortFunc(rules, basic)
	if len(rules) == 1 || slices.ContainsFunc(rules, func(r *Rule) bool { return verbs[r.need] == "" }) {
		return fmt.Sprintf(rules[0].why, at.Feature)
	}
	var vs []string
	for _, r := range rules {
		vs = append(vs, verbs[r.need])
	}
	return "needed to " + joinAnd(vs) + " " + at.Feature
}

// joinAnd writes a list as "a", "a and b" or "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// reportGaps reports the findings of a rule that reports what a role
// lacks.
func reportGaps(p *Pass, rule *Rule) {
	for _, f := range p.Gaps.findings[rule] {
		if f.gaps[0].undecided() {
			reportNote(p, f)
		} else {
			reportGap(p, f.machine, f.gaps[0])
		}
	}
}

// reportNote reports what the files cannot settle: every action of its
// gaps, the tasks that need them, and why it cannot be told.
func reportNote(p *Pass, f *finding) {
	proj := p.Project
	first := f.gaps[0]
	n := f.at[0]
	at := n
	if len(f.at) > 1 {
		var names []string
		for _, o := range f.at {
			names = append(names, fmt.Sprintf("%q", stateName(o)))
		}
		at.Feature = statesOf(n) + " " + joinAnd(names)
	}
	msg := "cannot tell whether " + roleLabel(f.machine, n) + " grants " + noteText(f, at)
	if len(f.at) == 1 && n.Task != nil {
		msg += " (" + integrationName(n.Task.Resource) + ")"
	}
	msg += ": " + unknownValues(proj, first)
	var related []analysis.RelatedInformation
	var stmts []*iam.Statement
	for _, g := range f.gaps {
		if s := g.result.Statement; s != nil && !slices.Contains(stmts, s) {
			stmts = append(stmts, s)
			related = append(related, policyInfo(proj, g.result, "the statement that may grant it"))
		}
	}
	if role := roleOf(f.machine, n); len(stmts) == 0 && role != nil {
		related = append(related, roleInfo(proj, role, "the role"))
	}
	for _, o := range f.at[1:] {
		pos, end := proj.Span(o.File, o.Node)
		related = append(related, analysis.RelatedInformation{Pos: pos, End: end, Message: "also needed by " + o.Feature})
	}
	pos, end := proj.Span(n.File, n.Node)
	p.Report(analysis.Diagnostic{Pos: pos, End: end, Category: Undecided, Message: msg, Related: related})
}

// reportGap reports a definite gap: what the role lacks, or what a policy
// denies.
func reportGap(p *Pass, m *project.Machine, g *gap) {
	proj := p.Project
	n := g.need
	role, label := roleOf(m, n), roleLabel(m, n)
	why := fmt.Sprintf(g.rule.why, n.Feature)
	if n.Task != nil {
		why += " (" + integrationName(n.Task.Resource) + ")"
	}
	res := n.resources()
	acts := quoteList(g.actions)
	var msg, category string
	var related []analysis.RelatedInformation
	switch {
	case g.result.Decision == iam.Denied && g.result.Reason == "boundary":
		msg = fmt.Sprintf("the permissions boundary of %s does not allow %s on %s, %s", label, acts, res, why)
		related = append(related, policyInfo(proj, g.result, "the permissions boundary"))
	case g.result.Decision == iam.Denied:
		who := label
		if rp := resourcePolicyOf(m, g.result.Policy); rp != nil {
			who = policyOf(rp)
		}
		msg = fmt.Sprintf("%s denies %s on %s, %s", who, acts, res, why)
		related = append(related, policyInfo(proj, g.result, "the statement that denies it"))
	case g.result.Reason == keyPolicy:
		msg = fmt.Sprintf("%s neither allows %s %s on %s nor lets IAM policies allow it, %s",
			policyOf(resourcePolicyOf(m, g.result.Policy)), label, acts, res, why)
		related = append(related, policyInfo(proj, iam.Result{Policy: g.result.Policy}, "the key policy, which must allow it"))
	default:
		msg = fmt.Sprintf("%s lacks %s on %s, %s", label, acts, res, why)
		switch g.need.Source {
		case "docs-2022":
			// Recommended, but the current documentation no longer lists it.
			category = Unconfirmed
			msg += "; only earlier editions of the AWS documentation list it, and without it completion is noticed by polling alone"
		case "inferred":
			// Not confirmed by the documentation: never more than a note.
			category = Unconfirmed
			msg += "; the AWS documentation does not list it, so this is inferred from the integration's other APIs"
		case "docs-query":
			// Documented, but what the query needs is not in the files.
			category = Undecided
			msg += "; the AWS documentation lists it for the tables, data and results an Athena query reads and writes, which depend on the query and its workgroup rather than on these files"
		}
		if g.narrower != nil {
			msg += "; AWS makes the part written \"*\" at run time, and the role grants it on only some of the values it may take"
			related = append(related, policyInfo(proj, *g.narrower, "the statement that grants it on narrower resources"))
		}
		related = append(related, roleInfo(proj, role, "the role that should grant it"))
		if info, ok := editInfo(proj, role, g.actions); ok {
			related = append(related, info)
		}
		if g.result.Policy != nil {
			related = append(related, policyInfo(proj, iam.Result{Policy: g.result.Policy}, "the key policy, which may grant it to the role instead"))
		}
	}
	pos, end := proj.Span(n.File, n.Node)
	p.Report(analysis.Diagnostic{Pos: pos, End: end, Category: category, Message: msg, Related: related})
}

// unknownValues is the reason of an undecided gap, naming the values the
// deployment decides when a statement's resources and the need's hold
// them: "it depends on the parameter Prefix, not known before deploy".
func unknownValues(proj *Project, g *gap) string {
	r := g.result
	if r.Reason != iam.ValuesUnknown || r.Statement == nil || r.Policy == nil {
		return r.Reason
	}
	var syms []string
	add := func(s string) {
		for _, name := range iam.Symbols(s) {
			if iam.Placeholder(name) || strings.HasPrefix(name, "AWS::") || slices.Contains(syms, name) {
				continue
			}
			syms = append(syms, name)
		}
	}
	add(g.need.Resource)
	for _, it := range r.Statement.Resources {
		if iam.Match(it.Value, g.need.Resource, false) == iam.Maybe {
			add(it.Value)
		}
	}
	if len(syms) == 0 || len(syms) > 3 {
		return r.Reason
	}
	f := proj.File(r.Policy.File)
	names := make([]string, len(syms))
	for i, s := range syms {
		names[i] = project.ValueName(f, iam.Sym(s))
	}
	return "it depends on " + joinAnd(names) + ", not known before deploy"
}
