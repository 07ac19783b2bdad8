// Package asl models an Amazon States Language definition as far as its
// permissions go: the Task states (also inside Parallel branches and Map
// processors), their resources and parameters, and which parameter values
// are static and which come from the state input.
package asl

import (
	"fmt"
	"strings"

	"github.com/sfn-lint/sfn-lint/node"
)

// Resolver turns a node into a string, applying the substitutions and
// intrinsic functions of the format the definition came from.
type Resolver func(*node.Node) (string, bool)

// StateMachine is a parsed definition.
type StateMachine struct {
	Root    *node.Node
	Tasks   []*Task
	Maps    []*Map
	States  int // how many states, nested ones included
	resolve Resolver
}

// Value reads a node of the definition the way its format does: with its
// substitutions and intrinsic functions applied.
func (sm *StateMachine) Value(n *node.Node) (string, bool) {
	if n == nil || sm.resolve == nil {
		return "", false
	}
	return sm.resolve(n)
}

// Task is one Task state.
type Task struct {
	Name         string
	Path         string     // logical path, such as "States.Fan.Branches[0].States.Work"
	Node         *node.Node // the state
	NameNode     *node.Node // its key
	ResourceNode *node.Node
	Resource     string     // resolved; may contain symbols
	Args         *node.Node // Parameters (JSONPath) or Arguments (JSONata)
	JSONata      bool
	// Credentials is the role the task assumes to make its call, when
	// it names one; nil when it runs with the state machine's role.
	Credentials *Credentials
	// When names what may leave the task out of the definition that
	// deploys, such as a template directive; empty when it is always in.
	When    string
	resolve Resolver
}

// Credentials is a Task's Credentials field: Step Functions assumes the
// role it names, with the state machine's role, and makes the task's call
// with that role.
type Credentials struct {
	Node *node.Node // the Credentials field's key
	// Role is the role's ARN: static, or taken from the input (RoleArn.$,
	// a JSONata expression, or a whole Credentials expression).
	Role Value
}

// Map is a Map state.
type Map struct {
	Name        string
	Path        string
	Node        *node.Node
	NameNode    *node.Node
	Distributed bool
	// Express is set when a Distributed Map runs its child workflows as
	// Express executions, which cannot be described or stopped.
	Express      bool
	ItemReader   *node.Node
	ResultWriter *node.Node
	JSONata      bool
	// When, as for a Task.
	When    string
	resolve Resolver
}

// Problem is a structural error in a definition.
type Problem struct {
	Node *node.Node
	Msg  string
}

// IsDefinition reports whether n looks like a state machine definition.
func IsDefinition(n *node.Node) bool {
	return n != nil && n.Kind == node.Map && n.Get("StartAt") != nil && n.Get("States") != nil
}

// Parse reads a definition.
func Parse(root *node.Node, resolve Resolver) (*StateMachine, []Problem) {
	sm := &StateMachine{Root: root, resolve: resolve}
	p := &parser{sm: sm, resolve: resolve}
	if !IsDefinition(root) {
		return sm, []Problem{{root, `not a state machine definition: "StartAt" and "States" are required`}}
	}
	ql, _ := resolve(root.Get("QueryLanguage"))
	p.states(root.Get("States"), "States", ql == "JSONata", 0)
	return sm, p.probs
}

type parser struct {
	sm      *StateMachine
	resolve Resolver
	probs   []Problem
}

// maxNesting bounds Parallel and Map nesting; real definitions stay far below.
const maxNesting = 100

func (p *parser) states(states *node.Node, path string, jsonata bool, depth int) {
	if states == nil {
		return
	}
	if states.Kind != node.Map {
		p.probs = append(p.probs, Problem{states, `"States" must be an object`})
		return
	}
	if depth > maxNesting {
		p.probs = append(p.probs, Problem{states, "states nested too deeply"})
		return
	}
	for i, key := range states.Keys {
		st := states.Values[i]
		name := key.Value
		spath := path + "." + name
		if st.Kind != node.Map {
			p.probs = append(p.probs, Problem{st, fmt.Sprintf("state %q must be an object", name)})
			continue
		}
		p.sm.States++
		typ, _ := p.resolve(st.Get("Type"))
		stJSONata := jsonata
		if ql, ok := p.resolve(st.Get("QueryLanguage")); ok {
			stJSONata = ql == "JSONata"
		}
		switch typ {
		case "Task":
			t := &Task{Name: name, Path: spath, Node: st, NameNode: key, JSONata: stJSONata, resolve: p.resolve}
			t.ResourceNode = st.Get("Resource")
			if r, ok := p.resolve(t.ResourceNode); ok {
				t.Resource = r
			} else {
				p.probs = append(p.probs, Problem{st, fmt.Sprintf("task %q has no string \"Resource\"", name)})
				continue
			}
			if stJSONata {
				t.Args = st.Get("Arguments")
			} else {
				t.Args = st.Get("Parameters")
			}
			if t.Args == nil {
				t.Args = firstOf(st, "Parameters", "Arguments")
			}
			t.Credentials = p.credentials(st)
			p.sm.Tasks = append(p.sm.Tasks, t)
		case "Parallel":
			for j, br := range st.Get("Branches").List() {
				p.states(br.Get("States"), fmt.Sprintf("%s.Branches[%d].States", spath, j), jsonata, depth+1)
			}
		case "Map":
			m := &Map{Name: name, Path: spath, Node: st, NameNode: key, JSONata: stJSONata, resolve: p.resolve}
			proc := firstOf(st, "ItemProcessor", "Iterator")
			if mode, ok := p.resolve(proc.Get("ProcessorConfig").Get("Mode")); ok && mode == "DISTRIBUTED" {
				m.Distributed = true
			}
			if et, ok := p.resolve(proc.Get("ProcessorConfig").Get("ExecutionType")); ok && et == "EXPRESS" {
				m.Express = true
			}
			m.ItemReader = st.Get("ItemReader")
			m.ResultWriter = st.Get("ResultWriter")
			p.sm.Maps = append(p.sm.Maps, m)
			sub := "ItemProcessor"
			if st.Get("ItemProcessor") == nil {
				sub = "Iterator"
			}
			p.states(proc.Get("States"), spath+"."+sub+".States", jsonata, depth+1)
		}
	}
}

// credentials reads a Task's Credentials field, or returns nil.
func (p *parser) credentials(st *node.Node) *Credentials {
	c := st.Get("Credentials")
	if c == nil {
		return nil
	}
	cr := &Credentials{Node: st.KeyNode("Credentials"), Role: Value{Dynamic: true, Node: c}}
	if vals := param(c, "RoleArn", p.resolve); len(vals) == 1 {
		cr.Role = vals[0]
	}
	return cr
}

func firstOf(n *node.Node, keys ...string) *node.Node {
	for _, k := range keys {
		if v := n.Get(k); v != nil {
			return v
		}
	}
	return nil
}

// Value is the value a parameter takes: static, or taken from the state
// input (a JSONPath ".$" key or a JSONata expression).
type Value struct {
	Value   string // resolved, when static
	Dynamic bool
	Node    *node.Node
}

// ValueOf reads a node of the task's arguments as a parameter value.
func (t *Task) ValueOf(n *node.Node) Value {
	if isExpr(n) {
		return Value{Dynamic: true, Node: n}
	}
	if s, ok := t.resolve(n); ok {
		return Value{Value: s, Node: n}
	}
	return Value{Dynamic: true, Node: n}
}

// Param returns the values of a parameter, following a dotted path;
// arrays along the way yield one value per element. Nothing is returned when
// the parameter is absent.
func (t *Task) Param(path string) []Value { return param(t.Args, path, t.resolve) }

// Param returns a parameter of the Map's ItemReader or ResultWriter.
func (m *Map) Param(block *node.Node, path string) []Value {
	if block == nil {
		return nil
	}
	args := block.Get("Parameters")
	if m.JSONata || args == nil {
		if a := block.Get("Arguments"); a != nil {
			args = a
		}
	}
	return param(args, path, m.resolve)
}

// Resource returns the Map's ItemReader or ResultWriter resource.
func (m *Map) Resource(block *node.Node) string {
	s, _ := m.resolve(block.Get("Resource"))
	return s
}

func param(args *node.Node, path string, resolve Resolver) []Value {
	if args == nil {
		return nil
	}
	if isExpr(args) {
		// The whole argument object is computed from the input.
		return []Value{{Dynamic: true, Node: args}}
	}
	key, rest, _ := strings.Cut(path, ".")
	var out []Value
	for _, cur := range args.List() {
		if cur.Kind != node.Map {
			if isExpr(cur) {
				out = append(out, Value{Dynamic: true, Node: cur})
			}
			continue
		}
		if dyn := cur.Get(key + ".$"); dyn != nil {
			out = append(out, Value{Dynamic: true, Node: dyn})
			continue
		}
		v := cur.Get(key)
		if v == nil {
			continue
		}
		if rest != "" {
			out = append(out, param(v, rest, resolve)...)
			continue
		}
		if isExpr(v) {
			out = append(out, Value{Dynamic: true, Node: v})
			continue
		}
		s, ok := resolve(v)
		if !ok {
			// An object or number where a string belongs: we cannot use it
			// to narrow anything, so treat it like an input value.
			out = append(out, Value{Dynamic: true, Node: v})
			continue
		}
		out = append(out, Value{Value: s, Node: v})
	}
	return out
}

// isExpr reports whether n is a JSONata expression string.
func isExpr(n *node.Node) bool {
	s, ok := n.Str()
	if !ok {
		return false
	}
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "{%") && strings.HasSuffix(s, "%}")
}
