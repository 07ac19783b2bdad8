// Package policygen writes the least-privilege policy each state machine
// needs: what the rules check a role for, turned into policy statements and
// written in the format of the project that defines the machine.
package policygen

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/rules"
)

// Kinds of statement: what confirms the permissions a statement grants.
// Permissions the current AWS documentation does not list stand in
// statements of their own, so that a reviewer sees them apart.
const (
	// Documented permissions are those the AWS documentation lists (or
	// the Service Authorization Reference, or the CDK for what the
	// documentation leaves out).
	Documented = ""
	// EarlierDocs permissions are listed by the 2022 edition of the
	// documentation only: the managed EventBridge rules of EMR's .sync
	// tasks, without which completion is noticed by polling alone.
	EarlierDocs = "docs-2022"
	// QueryData permissions are those the documentation lists for the
	// data an Athena query reads and writes: the files do not say which
	// tables, buckets and results a query uses.
	QueryData = "docs-query"
	// Inferred permissions are not documented, but follow from the
	// integration's other APIs.
	Inferred = "inferred"
)

// kindOrder orders the kinds of statement in a document.
var kindOrder = []string{Documented, EarlierDocs, QueryData, Inferred}

// Condition is one test of a statement's Condition block.
type Condition struct {
	Op    string // StringEquals
	Key   string // as the AWS documentation writes it
	Value string // symbolic
}

// Statement is one Allow statement of a generated policy.
type Statement struct {
	Sid       string
	Actions   []string // sorted
	Resources []string // symbolic; "*" stands where the value is not known
	// Conditions are sorted by key.
	Conditions []Condition
	// Kind says what confirms the statement's permissions.
	Kind string
}

// Document is the policy one role needs for one state machine: its own
// role, or a role its tasks assume through their Credentials.
type Document struct {
	Machine *project.Machine
	// Credentials is set for the document of a role tasks assume: the
	// first task's Credentials. Nil for the state machine's own role.
	Credentials *asl.Credentials
	// Tasks are the tasks that assume the role, for an assumed role.
	Tasks []string
	// Role is the role the document is for, when the files define it.
	Role       *project.Role
	Statements []*Statement
	// grants are what the statements grant, one action and resource
	// each, for formats that write some of them otherwise (SAM's policy
	// templates).
	grants []grant
	// Notes say what the document may not grant: tasks whose needs are
	// not fully known.
	Notes []string
}

// Label names the document in output.
func (d *Document) Label() string {
	if d.Credentials == nil {
		return fmt.Sprintf("state machine %q", d.Machine.Name)
	}
	return fmt.Sprintf("state machine %q, the role task %s assumes (%s)", d.Machine.Name, quoteAll(d.Tasks), credentialsName(d.Credentials))
}

// credentialsName is how Credentials name their role: the ARN, or the
// expression that takes it from the input.
func credentialsName(c *asl.Credentials) string {
	if c.Role.Dynamic {
		if s, ok := c.Role.Node.Str(); ok {
			return "from the input: " + iam.Brief(s)
		}
		return "from the input"
	}
	return iam.Display(c.Role.Value)
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// grant is one action on one resource, under conditions.
type grant struct {
	action, resource string
	conds            []Condition
	kind, purpose    string
}

func (g grant) condKey() string {
	var b strings.Builder
	for _, c := range g.conds {
		b.WriteString(c.Op + "\x00" + c.Key + "\x00" + c.Value + "\x01")
	}
	return b.String()
}

// Generate returns the documents a machine's definition needs: its own
// role's first, then one per role its tasks assume. A machine without a
// definition needs nothing that can be told.
func Generate(p *project.Project, m *project.Machine) []*Document {
	if m.Definition == nil {
		return nil
	}
	needs, _ := rules.Needs(p, m)
	exec := &Document{Machine: m, Role: m.Role}
	docs := []*Document{exec}
	byRole := map[string]*Document{}
	docOf := func(c *asl.Credentials, task string) *Document {
		if c == nil {
			return exec
		}
		key := c.Role.Value
		if c.Role.Dynamic {
			key = "\x00" + credentialsName(c)
		}
		d := byRole[key]
		if d == nil {
			d = &Document{Machine: m, Credentials: c}
			if !c.Role.Dynamic {
				d.Role = m.Assumed[c.Role.Value]
			}
			byRole[key] = d
			docs = append(docs, d)
		}
		if task != "" && !slices.Contains(d.Tasks, task) {
			d.Tasks = append(d.Tasks, task)
		}
		return d
	}
	grants := map[*Document][]grant{}
	recommended := map[*Document]map[string][]string{} // actions left out, by feature
	for _, n := range needs {
		task := ""
		if n.Task != nil {
			task = n.Task.Name
		}
		d := docOf(n.Credentials, task)
		if n.Purpose == rules.Other {
			// Recommended, not needed by what the definition shows: see
			// the README.
			if recommended[d] == nil {
				recommended[d] = map[string][]string{}
			}
			if !slices.Contains(recommended[d][n.Feature], n.Action) {
				recommended[d][n.Feature] = append(recommended[d][n.Feature], n.Action)
			}
			continue
		}
		conds := conditions(n.Context)
		kind := kindOf(n.Source)
		for _, r := range append([]string{n.Resource}, n.Alternatives...) {
			r = Written(r)
			if path := iam.PathIn(r); path != "" {
				// IAM reads a path as plain text, which names nothing: what
				// the task means to take from its input may be anything.
				d.Notes = append(d.Notes, fmt.Sprintf("task %q writes %q as plain text where IAM needs a name: \"*\" stands for it", task, path))
				r = Written(strings.Replace(r, path, iam.Any, 1))
			}
			grants[d] = append(grants[d], grant{action: n.Action, resource: r, conds: conds, kind: kind, purpose: n.Purpose})
		}
	}
	for _, t := range m.Definition.Tasks {
		d := docOf(t.Credentials, t.Name)
		if note := taskNote(t); note != "" {
			d.Notes = append(d.Notes, note)
		}
		if rules.PassesUnnamedRoles(t, needs) {
			d.Notes = append(d.Notes, fmt.Sprintf("task %q may hand the service roles the files do not name (an ECS task definition not in them, say): grant iam:PassRole on those roles", t.Name))
		}
	}
	for _, d := range docs {
		for feature, actions := range recommended[d] {
			slices.SortFunc(actions, compareFold)
			d.Notes = append(d.Notes, fmt.Sprintf("%s: left out as only recommended (not needed by what the definition shows): %s", feature, strings.Join(actions, ", ")))
		}
		slices.Sort(d.Notes)
		d.Notes = slices.Compact(d.Notes)
		d.grants = uncovered(grants[d])
		d.Statements = statements(d.grants)
	}
	return docs
}

// taskNote says why a task's needs may be more than the document grants.
func taskNote(t *asl.Task) string {
	in := rules.ParseResource(t.Resource)
	switch {
	case in.Kind == rules.SDK:
		return fmt.Sprintf("task %q calls %s, an AWS SDK integration: the call may need more than its own action (a key that encrypts what it reads, say)", t.Name, strings.TrimPrefix(in.API, "aws-sdk:"))
	case !rules.Known(t.Resource):
		return fmt.Sprintf("task %q runs %q, which sfn-lint does not know: nothing is granted for it", t.Name, iam.Display(t.Resource))
	}
	return ""
}

// Written is a need's resource as a policy writes it: "*" where the
// value is taken from the input, is made by AWS at run time, or is one the
// AWS documentation writes as a wildcard.
func Written(r string) string {
	r = strings.NewReplacer(iam.Any, "*", iam.Wild, "*", iam.RunTime, "*").Replace(r)
	for strings.Contains(r, "**") {
		r = strings.ReplaceAll(r, "**", "*")
	}
	return r
}

func kindOf(source string) string {
	switch source {
	case EarlierDocs, QueryData, Inferred:
		return source
	}
	return Documented
}

// conditionKeys writes the condition keys the catalog gives in lower case
// as the AWS documentation writes them.
var conditionKeys = map[string]string{}

func init() {
	for _, k := range []string{"iam:PassedToService", "kms:EncryptionContext:aws:states:stateMachineArn",
		"states:StateMachineQualifier", "emr-containers:ExecutionRoleArn", "states:HTTPEndpoint",
		"states:HTTPMethod", "aws:ResourceTag/ManagedByService"} {
		conditionKeys[strings.ToLower(k)] = k
	}
}

// conditions turns the condition keys a request carries into the tests
// that allow it.
func conditions(ctx iam.Context) []Condition {
	var out []Condition
	for _, k := range slices.Sorted(maps.Keys(ctx)) {
		out = append(out, Condition{Op: "StringEquals", Key: cmp.Or(conditionKeys[k], k), Value: ctx[k]})
	}
	return out
}

// statements merges grants into statements: the actions of each resource
// are gathered, and resources with
// the same actions share a statement. Grants of different kinds or under
// different conditions never share one.
func statements(gs []grant) []*Statement {
	type group struct {
		kind  string
		conds []Condition
		// actions by resource, and the purposes of its grants
		actions  map[string][]string
		purposes map[string][]string
	}
	groups := map[string]*group{}
	for _, g := range gs {
		key := g.kind + "\x02" + g.condKey()
		gr := groups[key]
		if gr == nil {
			gr = &group{kind: g.kind, conds: g.conds, actions: map[string][]string{}, purposes: map[string][]string{}}
			groups[key] = gr
		}
		if !slices.ContainsFunc(gr.actions[g.resource], func(a string) bool { return strings.EqualFold(a, g.action) }) {
			gr.actions[g.resource] = append(gr.actions[g.resource], g.action)
		}
		if !slices.Contains(gr.purposes[g.resource], g.purpose) {
			gr.purposes[g.resource] = append(gr.purposes[g.resource], g.purpose)
		}
	}
	var out []*Statement
	purposes := map[*Statement][]string{}
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		gr := groups[key]
		bySet := map[string]*Statement{}
		for _, res := range slices.Sorted(maps.Keys(gr.actions)) {
			acts := slices.Clone(gr.actions[res])
			slices.SortFunc(acts, compareFold)
			set := strings.ToLower(strings.Join(acts, ","))
			s := bySet[set]
			if s == nil {
				s = &Statement{Actions: acts, Conditions: gr.conds, Kind: gr.kind}
				bySet[set] = s
				out = append(out, s)
			}
			s.Resources = append(s.Resources, res)
			for _, p := range gr.purposes[res] {
				if !slices.Contains(purposes[s], p) {
					purposes[s] = append(purposes[s], p)
				}
			}
		}
	}
	slices.SortFunc(out, compareStatements)
	name(out, purposes)
	return out
}

// uncovered leaves out the grants another grant covers: the same action
// on a resource that matches it for certain, with no condition or the same
// conditions, and no less confirmed.
func uncovered(gs []grant) []grant {
	var out []grant
	for i, g := range gs {
		covered := false
		for j, o := range gs {
			if i == j || !strings.EqualFold(g.action, o.action) {
				continue
			}
			if len(o.conds) > 0 && o.condKey() != g.condKey() || slices.Index(kindOrder, o.kind) > slices.Index(kindOrder, g.kind) {
				continue
			}
			if o.resource == g.resource && o.condKey() == g.condKey() && o.kind == g.kind {
				covered = j < i // the first of equal grants stays
			} else {
				covered = iam.Match(o.resource, g.resource, false) == iam.Yes
			}
			if covered {
				break
			}
		}
		if !covered {
			out = append(out, g)
		}
	}
	return out
}

func compareFold(a, b string) int {
	return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
}

func compareStatements(a, b *Statement) int {
	return cmp.Or(
		cmp.Compare(slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, b.Kind)),
		compareFold(strings.Join(a.Actions, ","), strings.Join(b.Actions, ",")),
		strings.Compare(strings.Join(a.Resources, ","), strings.Join(b.Resources, ",")),
		cmp.Compare(len(a.Conditions), len(b.Conditions)),
		strings.Compare(fmt.Sprint(a.Conditions), fmt.Sprint(b.Conditions)),
	)
}

// purposeWords name the purposes of a statement's permissions in its Sid,
// in this order.
var purposeWords = []struct{ purpose, word string }{
	{rules.Base, "Run"}, {rules.Poll, "Poll"}, {rules.Cancel, "Cancel"}, {rules.Events, "ManagedRule"},
	{rules.PassRole, "PassRole"}, {rules.MapRun, "DistributedMap"}, {rules.Logging, "LogDelivery"},
	{rules.Tracing, "Tracing"}, {rules.KMS, "Key"}, {rules.Connection, "Connection"}, {rules.Assume, "AssumeRole"},
}

var kindWords = map[string]string{EarlierDocs: "EarlierDocs", QueryData: "QueryData", Inferred: "Inferred"}

// name gives each statement a Sid made of what it grants: the service
// and action of a single action, or the services and purposes of several;
// a number tells statements that would be named alike apart.
func name(stmts []*Statement, purposes map[*Statement][]string) {
	seen := map[string]int{}
	for _, s := range stmts {
		var services []string
		for _, a := range s.Actions {
			svc, _, _ := strings.Cut(a, ":")
			if w := camel(svc); !slices.Contains(services, w) {
				services = append(services, w)
			}
		}
		sid := strings.Join(services, "")
		if len(s.Actions) == 1 {
			_, act, _ := strings.Cut(s.Actions[0], ":")
			sid += camel(act)
		} else {
			for _, pw := range purposeWords {
				if slices.Contains(purposes[s], pw.purpose) {
					sid += pw.word
				}
			}
		}
		sid += kindWords[s.Kind]
		seen[sid]++
		if n := seen[sid]; n > 1 {
			sid += fmt.Sprint(n)
		}
		s.Sid = sid
	}
}

// camel writes a service prefix or an action as a Sid's part: letters
// and digits, each word capitalised.
func camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			if up && r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}
