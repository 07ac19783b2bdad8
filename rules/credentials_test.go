package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// TestCredentialsNeeds checks which needs of a task with Credentials go
// to the role it assumes: its call's, in the account of that role; the
// EventBridge rule of a .sync task is not used; the state machine's role
// needs sts:AssumeRole.
func TestCredentialsNeeds(t *testing.T) {
	src := `{"StartAt": "A", "States": {
  "A": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Next": "B",
        "Credentials": {"RoleArn": "arn:aws:iam::222222222222:role/Runner"},
        "Parameters": {"TaskDefinition": "app:3", "Overrides": {"TaskRoleArn": "arn:aws:iam::222222222222:role/App"}}},
  "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
        "Credentials": {"RoleArn.$": "$.role"}, "Parameters": {"FunctionName": "f"}}}}`
	root, err := node.ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	def, probs := asl.Parse(root, iam.PlainResolver)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	m := &project.Machine{Name: "M", Definition: def, Role: &project.Role{Name: "Exec"}, Region: "us-east-1", Account: "111111111111",
		ARN: "arn:aws:states:us-east-1:111111111111:stateMachine:M", Tracing: true}
	needs, _ := Needs(&project.Project{}, m)
	var got []string
	for _, n := range needs {
		role := "exec"
		if n.Credentials != nil {
			role = "assumed"
		}
		got = append(got, fmt.Sprintf("%s %s %s %s", role, n.Purpose, n.Action, iam.Display(n.Resource)))
	}
	want := []string{
		"assumed base ecs:RunTask arn:aws:ecs:us-east-1:222222222222:task-definition/app:3",
		"assumed poll ecs:DescribeTasks arn:aws:ecs:us-east-1:222222222222:task/default/*",
		"assumed cancel ecs:StopTask arn:aws:ecs:us-east-1:222222222222:task/default/*",
		"assumed other ecs:TagResource *",
		"assumed passrole iam:PassRole arn:aws:iam::222222222222:role/App",
		"exec assume sts:AssumeRole arn:aws:iam::222222222222:role/Runner",
		"assumed base lambda:InvokeFunction arn:aws:lambda:us-east-1:111111111111:function:f",
		"exec assume sts:AssumeRole *",
		"exec tracing xray:PutTraceSegments *",
		"exec tracing xray:PutTelemetryRecords *",
		"exec tracing xray:GetSamplingRules *",
		"exec tracing xray:GetSamplingTargets *",
	}
	if !slices.Equal(got, want) {
		t.Errorf("needs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPrincipalNames(t *testing.T) {
	exec := "arn:aws:iam::111111111111:role/Exec"
	sym := "arn:aws:iam::" + iam.AccountID + ":role/" + iam.GenSym("Exec")
	tests := []struct {
		principal, exec string
		want            iam.Tri
	}{
		{"*", "", iam.Yes},
		{exec, exec, iam.Yes},
		{"arn:aws:iam::111111111111:role/Other", exec, iam.No},
		{"arn:aws:iam::111111111111:root", exec, iam.Yes},
		{"111111111111", exec, iam.Yes},
		{"222222222222", exec, iam.No},
		{"arn:aws:iam::222222222222:root", exec, iam.No},
		{"arn:aws:iam::111111111111:user/alice", exec, iam.No},
		{"arn:aws:sts::111111111111:assumed-role/Exec/s", exec, iam.Maybe},
		{exec, "", iam.Maybe},
		{iam.AccountID, sym, iam.Yes},
		{"arn:aws:iam::" + iam.AccountID + ":root", sym, iam.Yes},
		{sym, sym, iam.Yes},
		{iam.Sym("TrustedRole"), exec, iam.Maybe},
		{"arn:aws:iam::111111111111:role/Stack-Exec-1AB2C3", sym, iam.Maybe},
	}
	for _, tt := range tests {
		if got := principalNames(tt.principal, tt.exec); got != tt.want {
			t.Errorf("principalNames(%q, %q) = %v, want %v", iam.Display(tt.principal), iam.Display(tt.exec), got, tt.want)
		}
	}
}
