package policygen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles lays out files in a new directory and makes it the working
// directory.
func writeFiles(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

const blockScalarTemplate = `Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      Definition:
        StartAt: Run
        States:
          Run:
            Type: Task
            Resource: arn:aws:states:::states:startExecution.sync:2
            Parameters:
              StateMachineArn: arn:aws:states:us-east-1:123456789012:stateMachine:child
            End: true
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: events
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: events:PutRule
                Resource: !Sub >-
                  arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule

  Other:
    Type: AWS::SNS::Topic
`

// TestWriteAfterBlockScalar adds the sfn-lint policy after a role's last
// policy, whose value is a folded block scalar: after its text, before the
// blank line and the next resource.
func TestWriteAfterBlockScalar(t *testing.T) {
	writeFiles(t, map[string]string{"template.yaml": blockScalarTemplate})
	p, _ := lint(t, nil)
	changes, refused := Write(p, p.Machines)
	if len(refused) > 0 || len(changes) != 1 {
		t.Fatalf("changes %d, refused %q", len(changes), refused)
	}
	got := string(changes[0].New)
	want := "StepFunctionsGetEventsForStepFunctionsExecutionRule\n        - PolicyName: sfn-lint\n          PolicyDocument:\n"
	if !strings.Contains(got, want) || !strings.HasSuffix(got, "\n\n  Other:\n    Type: AWS::SNS::Topic\n") {
		t.Errorf("written template:\n%s", got)
	}
}

// TestWriteModuleCalledTwice refuses a role of a module that two calls
// instantiate: each call's state machine needs its own names.
func TestWriteModuleCalledTwice(t *testing.T) {
	writeFiles(t, map[string]string{
		"main.tf": `module "a" {
  source = "./flow"
  topic  = "a"
}
module "b" {
  source = "./flow"
  topic  = "b"
}
`,
		"flow/main.tf": `variable "topic" {}
resource "aws_sfn_state_machine" "m" {
  name     = "flow-${var.topic}"
  role_arn = aws_iam_role.r.arn
  definition = jsonencode({StartAt = "P", States = {P = {Type = "Task", Resource = "arn:aws:states:::sns:publish",
    Parameters = {TopicArn = "arn:aws:sns:us-east-1:123456789012:${var.topic}", Message = "x"}, End = true}}})
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "states.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}
`,
	})
	p, _ := lint(t, nil)
	changes, refused := Write(p, p.Machines)
	if len(changes) != 0 || len(refused) != 2 || !strings.Contains(refused[0], "called more than once") {
		t.Errorf("changes %d, refused %q", len(changes), refused)
	}
}
