package rules

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// Unsubstituted reports ${Name} placeholders that nothing fills in before
// Step Functions receives the definition (see project.Placeholders): a
// DefinitionSubstitutions key that is missing or spelled otherwise, a
// Terraform file() where templatefile() was meant, a Serverless definition
// the plugin does not wrap in Fn::Sub. Where the text stands decides what
// it costs: a task's Resource, its Credentials or a parameter that names
// what it acts on fail the task, and text outside a JSON string keeps the
// definition from deploying (errors); other parameters are sent as they are
// (warnings); a Comment or data the workflow keeps to itself may be meant
// literally (notes). The rules that check permissions leave out what such
// a value would name.
var Unsubstituted = &Rule{
	Code: "SFN101", Slug: "unsubstituted-placeholder", Title: "UnsubstitutedPlaceholder", Severity: Error,
	Tags:       []string{"correctness"},
	Categories: map[string]Severity{Literal: Warning, Advice: Note},
	run:        checkPlaceholders,
}

func checkPlaceholders(p *Pass) {
	for _, m := range p.Project.Machines {
		sm := m.Definition
		if sm == nil || sm.Root == nil || sm.Root.Kind != node.Map || m.Unsubstituted == nil {
			continue
		}
		w := &placeWalk{p: p, m: m, sm: sm, named: namedValues(m)}
		for i, k := range sm.Root.Keys {
			if k.Value == "States" {
				w.states(sm.Root.Values[i])
				continue
			}
			w.leaf(sm.Root.Values[i], k.Value, spot{category: Advice})
		}
	}
}

// placeWalk walks a definition for placeholders left as text.
type placeWalk struct {
	p     *Pass
	m     *project.Machine
	sm    *asl.StateMachine
	named map[*node.Node]bool
}

// spot is where in a definition a value stands, and what its text costs
// there.
type spot struct {
	category string // "" for an error
	state    string // the state it belongs to; "" for the definition itself
	kind     string // "task" or "Map state"
	resource bool   // it is what the state calls: a Resource
	role     bool   // it is the role a task assumes
}

func (w *placeWalk) states(states *node.Node) {
	if states == nil || states.Kind != node.Map {
		return
	}
	for i, k := range states.Keys {
		w.state(k.Value, states.Values[i])
	}
}

func (w *placeWalk) state(name string, st *node.Node) {
	if st.Kind != node.Map {
		return
	}
	typ, _ := w.sm.Value(st.Get("Type"))
	for i, k := range st.Keys {
		v, field := st.Values[i], k.Value
		at := spot{category: Advice, state: name}
		switch {
		case typ == "Task" && field == "Resource":
			at = spot{state: name, kind: "task", resource: true}
		case typ == "Task" && field == "Credentials":
			at = spot{state: name, kind: "task", role: true}
		case typ == "Task" && (field == "Parameters" || field == "Arguments"):
			at = spot{category: Literal, state: name, kind: "task"}
		case typ == "Parallel" && field == "Branches":
			for _, br := range v.List() {
				w.states(br.Get("States"))
			}
			continue
		case typ == "Map" && (field == "ItemProcessor" || field == "Iterator" || field == "ItemReader" || field == "ResultWriter"):
			w.mapPart(name, field, v)
			continue
		}
		w.leaf(v, field, at)
	}
}

// mapPart walks a Map state's processor, item reader or result writer.
func (w *placeWalk) mapPart(name, field string, v *node.Node) {
	for j, k := range v.Keys {
		sub := field + "." + k.Value
		at := spot{category: Advice, state: name}
		switch {
		case k.Value == "States" && (field == "ItemProcessor" || field == "Iterator"):
			w.states(v.Values[j])
			continue
		case field == "ItemProcessor" || field == "Iterator":
		case k.Value == "Resource":
			at = spot{state: name, kind: "Map state", resource: true}
		case k.Value == "Parameters" || k.Value == "Arguments":
			at = spot{category: Literal, state: name, kind: "Map state"}
		}
		w.leaf(v.Values[j], sub, at)
	}
}

// leaf reports the placeholders of every value below n.
func (w *placeWalk) leaf(n *node.Node, field string, at spot) {
	if _, ok := w.sm.Value(n); ok && n.Kind != node.Scalar {
		// An intrinsic function, read as the value it gives.
		w.scalar(n, field, at)
		return
	}
	switch n.Kind {
	case node.Map:
		for i, k := range n.Keys {
			w.leaf(n.Values[i], field+"."+k.Value, at)
		}
	case node.Seq:
		for i, it := range n.Items {
			w.leaf(it, fmt.Sprintf("%s[%d]", field, i), at)
		}
	case node.Scalar:
		if n.Style != node.Null {
			w.scalar(n, field, at)
		}
	}
}

func (w *placeWalk) scalar(n *node.Node, field string, at spot) {
	v, ok := w.sm.Value(n)
	if !ok {
		return
	}
	f := w.m.DefFile()
	from := n.Pos
	for _, loc := range project.Placeholders(v) {
		ph := v[loc[0]:loc[1]]
		shown := iam.Display(v)
		if len(shown) > 120 {
			shown = ph
		}
		category, effect := at.category, ""
		switch {
		case n.Kind == node.Scalar && n.Style != node.String:
			// Standing for a value outside a JSON string, it leaves text
			// that is not JSON.
			category, effect = "", "the definition is not JSON with it there, so the state machine is not created"
		case at.resource:
			effect = fmt.Sprintf("%s %q names %q as its %s, which Step Functions cannot run", at.kind, at.state, shown, field)
		case at.role:
			effect = fmt.Sprintf("task %q cannot assume the role %q its %s names", at.state, shown, field)
		case w.named[n]:
			category = ""
			effect = fmt.Sprintf("%s %q sends %q as %s, which names what its call acts on, so the call fails", at.kind, at.state, shown, field)
		case at.kind != "":
			effect = fmt.Sprintf("%s %q sends the text %q as %s", at.kind, at.state, shown, field)
		case at.state != "":
			effect = fmt.Sprintf("%s of state %q is the text %q", field, at.state, shown)
		default:
			effect = fmt.Sprintf("the definition's %s is the text %q", field, shown)
		}
		msg := fmt.Sprintf("%q is not substituted: %s; %s", ph, w.m.Unsubstituted(ph[2:len(ph)-1]), effect)
		pos, end := w.p.Project.Span(f, n)
		if n.Pos >= 0 && n.End <= len(f.Data) && from < n.End {
			if i := strings.Index(string(f.Data[from:n.End]), ph); i >= 0 {
				pos, end = w.p.Project.Pos(f, from+i), w.p.Project.Pos(f, from+i+len(ph))
				from += i + len(ph)
			}
		}
		w.p.Report(analysis.Diagnostic{Pos: pos, End: end, Category: category, Message: msg})
	}
}

// namedValues are the values of a machine's tasks and Map states that the
// catalog reads to name what they act on, and the roles AWS SDK calls
// hand over: text there fails the call.
func namedValues(m *project.Machine) map[*node.Node]bool {
	named := map[*node.Node]bool{}
	mark := func(vals []asl.Value) {
		for _, v := range vals {
			if !v.Dynamic && v.Node != nil {
				named[v.Node] = true
			}
		}
	}
	for _, t := range m.Definition.Tasks {
		in := ParseResource(t.Resource)
		switch in.Kind {
		case Optimized:
			for _, r := range catalog[in.API] {
				for _, param := range r.params() {
					mark(t.Param(param))
				}
			}
		case SDK:
			node.Walk(t.Args, func(n *node.Node) bool {
				for i, k := range n.Keys {
					if roleParamRE.MatchString(k.Value) && !strings.HasSuffix(k.Value, ".$") {
						named[n.Values[i]] = true
					}
				}
				return true
			})
		}
	}
	for _, mp := range m.Definition.Maps {
		for block, api := range map[*node.Node]string{mp.ItemReader: "map:itemReader:", mp.ResultWriter: "map:resultWriter:"} {
			if block == nil {
				continue
			}
			for _, r := range catalog[api+ParseResource(mp.Resource(block)).API] {
				for _, param := range r.params() {
					mark(mp.Param(block, param))
				}
			}
		}
	}
	return named
}
