package asl

import (
	"slices"
	"testing"

	"github.com/sfn-lint/sfn-lint/node"
)

func plain(n *node.Node) (string, bool) { return n.Str() }

func parse(t *testing.T, src string) *StateMachine {
	t.Helper()
	n, err := node.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	sm, probs := Parse(n, plain)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	return sm
}

func TestTasksEverywhere(t *testing.T) {
	sm := parse(t, `
StartAt: P
States:
  P:
    Type: Parallel
    Branches:
      - StartAt: A
        States:
          A: {Type: Task, Resource: "arn:aws:states:::lambda:invoke", End: true}
    Next: M
  M:
    Type: Map
    ItemProcessor:
      ProcessorConfig: {Mode: DISTRIBUTED}
      StartAt: B
      States:
        B: {Type: Task, Resource: "arn:aws:states:::sns:publish", End: true}
    Next: I
  I:
    Type: Map
    Iterator:
      StartAt: C
      States:
        C: {Type: Task, Resource: "arn:aws:states:::sqs:sendMessage", End: true}
    End: true
`)
	var names []string
	for _, task := range sm.Tasks {
		names = append(names, task.Path)
	}
	want := []string{"States.P.Branches[0].States.A", "States.M.ItemProcessor.States.B", "States.I.Iterator.States.C"}
	if !slices.Equal(names, want) {
		t.Errorf("task paths = %q, want %q", names, want)
	}
	if len(sm.Maps) != 2 || !sm.Maps[0].Distributed || sm.Maps[1].Distributed {
		t.Errorf("maps = %+v", sm.Maps)
	}
	if sm.States != 6 {
		t.Errorf("States = %d, want 6", sm.States)
	}
}

func TestParam(t *testing.T) {
	sm := parse(t, `{
  "QueryLanguage": "JSONata",
  "StartAt": "A",
  "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
          "Arguments": {"Entries": [{"EventBusName": "bus-a"}, {"EventBusName": "{% $states.input.bus %}"}, {"Detail": {}}]}, "Next": "B"},
    "B": {"Type": "Task", "QueryLanguage": "JSONPath", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName.$": "$.fn", "Payload": {"x": 1}}, "Next": "C"},
    "C": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Arguments": "{% $states.input %}", "End": true}
  }
}`)
	type got struct {
		value   string
		dynamic bool
	}
	collect := func(vs []Value) []got {
		var out []got
		for _, v := range vs {
			out = append(out, got{v.Value, v.Dynamic})
		}
		return out
	}
	tests := []struct {
		task, path string
		want       []got
	}{
		{"A", "Entries.EventBusName", []got{{"bus-a", false}, {"", true}}},
		{"B", "FunctionName", []got{{"", true}}},
		{"B", "Qualifier", nil},
		{"C", "QueueUrl", []got{{"", true}}},
	}
	for _, tt := range tests {
		var task *Task
		for _, tk := range sm.Tasks {
			if tk.Name == tt.task {
				task = tk
			}
		}
		if g := collect(task.Param(tt.path)); !slices.Equal(g, tt.want) {
			t.Errorf("%s.Param(%q) = %v, want %v", tt.task, tt.path, g, tt.want)
		}
	}
	if !sm.Tasks[0].JSONata || sm.Tasks[1].JSONata {
		t.Errorf("query languages: A JSONata=%v, B JSONata=%v", sm.Tasks[0].JSONata, sm.Tasks[1].JSONata)
	}
}

func TestProblems(t *testing.T) {
	n, _ := node.Parse([]byte(`{"StartAt":"A","States":{"A":[],"B":{"Type":"Task"}}}`))
	_, probs := Parse(n, plain)
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.Msg)
	}
	want := []string{`state "A" must be an object`, `task "B" has no string "Resource"`}
	if !slices.Equal(msgs, want) {
		t.Errorf("problems = %q, want %q", msgs, want)
	}
}

func TestCredentials(t *testing.T) {
	src := `{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/Target"}, "Next": "B"},
    "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Credentials": {"RoleArn.$": "$.role"}, "Next": "C"},
    "C": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
          "Credentials": {"RoleArn": "{% $states.input.role %}"}, "Next": "D"},
    "D": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
          "Credentials": "{% $states.input.credentials %}", "Next": "E"},
    "E": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}
  }
}`
	sm := parse(t, src)
	type got struct {
		value   string
		dynamic bool
		at      string // the text the role's node spans
	}
	want := map[string]*got{
		"A": {"arn:aws:iam::111122223333:role/Target", false, `"arn:aws:iam::111122223333:role/Target"`},
		"B": {"", true, `"$.role"`},
		"C": {"", true, `"{% $states.input.role %}"`},
		"D": {"", true, `"{% $states.input.credentials %}"`},
	}
	for _, task := range sm.Tasks {
		w, c := want[task.Name], task.Credentials
		if (c == nil) != (w == nil) {
			t.Errorf("%s: Credentials = %+v, want %+v", task.Name, c, w)
			continue
		}
		if c == nil {
			continue
		}
		if key := src[c.Node.Pos:c.Node.End]; key != `"Credentials"` {
			t.Errorf("%s: Credentials key spans %s", task.Name, key)
		}
		g := got{c.Role.Value, c.Role.Dynamic, src[c.Role.Node.Pos:c.Role.Node.End]}
		if g != *w {
			t.Errorf("%s: role = %+v, want %+v", task.Name, g, *w)
		}
	}
}
