package checker

import (
	"errors"
	"fmt"
	"go/token"
	"reflect"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/sfn-lint/sfn-lint/rules"
)

// TestSuiteValid checks the analyzers of a run against the go/analysis
// contract: identifier names, documentation, an acyclic Requires graph.
func TestSuiteValid(t *testing.T) {
	s := rules.NewSuite(rules.Options{})
	if err := analysis.Validate(s.Analyzers); err != nil {
		t.Fatal(err)
	}
	for _, a := range s.Analyzers {
		if r := s.Rule(a); r == nil || r.Code != a.Name {
			t.Errorf("analyzer %s checks rule %v", a.Name, r)
		}
	}
	analyzed := 0
	for _, r := range rules.All() {
		if !r.Meta {
			analyzed++
		}
	}
	if len(s.Analyzers) != analyzed {
		t.Errorf("%d analyzers for %d rules", len(s.Analyzers), analyzed)
	}
	// Two suites share no analyzer: options are per run.
	other := rules.NewSuite(rules.Options{})
	for i := range s.Analyzers {
		if s.Analyzers[i] == other.Analyzers[i] {
			t.Errorf("analyzer %s is shared between runs", s.Analyzers[i].Name)
		}
	}
}

// TestDriverOrder checks that the driver runs each analyzer once, after
// what it requires, hands it their results, and skips the dependents of a
// failed prerequisite.
func TestDriverOrder(t *testing.T) {
	var mu sync.Mutex
	var order []string
	count := func(name string) {
		mu.Lock()
		order = append(order, name)
		mu.Unlock()
	}
	intType := reflect.TypeFor[int]()
	base := &analysis.Analyzer{Name: "base", Doc: "base.", ResultType: intType,
		Run: func(*analysis.Pass) (any, error) { count("base"); return 1, nil }}
	mid := &analysis.Analyzer{Name: "mid", Doc: "mid.", ResultType: intType, Requires: []*analysis.Analyzer{base},
		Run: func(p *analysis.Pass) (any, error) { count("mid"); return p.ResultOf[base].(int) + 1, nil }}
	var got int
	top := &analysis.Analyzer{Name: "top", Doc: "top.", Requires: []*analysis.Analyzer{mid, base},
		Run: func(p *analysis.Pass) (any, error) { count("top"); got = p.ResultOf[mid].(int); return nil, nil }}
	failing := &analysis.Analyzer{Name: "failing", Doc: "failing.", ResultType: intType,
		Run: func(*analysis.Pass) (any, error) { count("failing"); return 0, errors.New("broken") }}
	panicking := &analysis.Analyzer{Name: "panicking", Doc: "panicking.", ResultType: intType,
		Run: func(*analysis.Pass) (any, error) { count("panicking"); panic("boom") }}
	after := &analysis.Analyzer{Name: "after", Doc: "after.", Requires: []*analysis.Analyzer{failing, panicking},
		Run: func(*analysis.Pass) (any, error) { count("after"); return nil, nil }}

	d := &driver{fset: token.NewFileSet()}
	actions, err := d.run([]*analysis.Analyzer{top, mid, after})
	if err != nil {
		t.Fatal(err)
	}
	if got != 2 {
		t.Errorf("top saw mid's result %d, want 2", got)
	}
	if s := strings.Join(order, " "); strings.Count(s, "base") != 1 || strings.Count(s, "mid") != 1 ||
		strings.Index(s, "base") > strings.Index(s, "mid") || strings.Index(s, "mid") > strings.Index(s, "top") {
		t.Errorf("run order %q: want base, mid, top, each once", s)
	}
	if strings.Contains(strings.Join(order, " "), "after") || !actions[after].skipped {
		t.Error("after ran although its prerequisites failed")
	}
	if err := actions[failing].err; err == nil || err.Error() != "broken" {
		t.Errorf("failing: err = %v", err)
	}
	if err := actions[panicking].err; err == nil || !strings.Contains(err.Error(), "internal error in panicking: boom") {
		t.Errorf("panicking: err = %v", err)
	}

	cycle := &analysis.Analyzer{Name: "cycle", Doc: "cycle.", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	cycle.Requires = []*analysis.Analyzer{cycle}
	if _, err := d.run([]*analysis.Analyzer{cycle}); err == nil {
		t.Error("a cycle in Requires was accepted")
	}
}

// TestConcurrentRuns runs the same definition with different policies at
// the same time: each run must see its own options.
func TestConcurrentRuns(t *testing.T) {
	writeTestTree(t, map[string]string{
		"flow.asl.json": pollDefinition,
		"partial.json":  startOnlyPolicy,
		"full.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"], "Resource": "arn:aws:glue:us-east-1:123456789012:job/clean"}]}`,
	})
	want := map[string]string{
		"partial.json": `flow.asl.json:2:15: error: policy "partial.json" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:us-east-1:123456789012:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`,
		"full.json":    ``,
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		pol := "partial.json"
		if i%2 == 1 {
			pol = "full.json"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := Run(Options{Args: []string{"flow.asl.json"}, Policies: []string{pol}})
			if got := textLines(res); got != want[pol] {
				errs <- fmt.Errorf("run with %s:\n%s\nwant:\n%s", pol, got, want[pol])
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestKeys checks that a finding's key names where it points, not what it
// says, and stays when lines are added above it.
func TestKeys(t *testing.T) {
	template := `Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      DefinitionString: |
        {"StartAt": "Run", "States": {"Run": {"Type": "Task",
          "Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": {"JobName": "clean"}, "End": true}}}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: run
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: ["glue:StartJobRun", "glue:Batch*"], Resource: "*"}
`
	keys := func(src string) []string {
		writeTestTree(t, map[string]string{"template.yaml": src})
		var out []string
		for _, d := range Run(Options{Args: []string{"template.yaml"}}).Diagnostics {
			out = append(out, d.Rule+" "+d.Key)
		}
		return out
	}
	got := keys(template)
	want := []string{
		`SFN402 machine "Machine": States.Run.Resource`,
		`SFN502 Resources.Role.Properties.Policies[0].PolicyDocument.Statement[0].Action[1]`,
		`SFN501 Resources.Role.Properties.Policies[0].PolicyDocument.Statement[0].Resource`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("keys:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if moved := keys("# a comment\n\n" + template); !reflect.DeepEqual(moved, got) {
		t.Errorf("keys after adding lines above:\n%s\nwant:\n%s", strings.Join(moved, "\n"), strings.Join(got, "\n"))
	}
}
