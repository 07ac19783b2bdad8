package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRealPreCommit installs this repository's hook with the real
// pre-commit (pre-commit try-repo, which builds it as pre-commit builds
// golang hooks) in a new repository, and stages one file at a time, as a
// commit does: each is checked with what deploys or binds it.
func TestRealPreCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the hook with pre-commit")
	}
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("pre-commit is not installed (Debian: apt-get install pre-commit): the end-to-end hook test is skipped")
	}
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	self, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	files := map[string]string{
		"app/template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: flow.asl.json
      Policies: []
`,
		"app/flow.asl.json": `{"StartAt": "Run", "States": {"Run": {"Type": "Task",
  "Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": {"JobName": "clean"}, "End": true}}}
`,
		".sfn-lint.yaml":      "bindings:\n  - definition: bound/*.asl.json\n    policies: [bound/role.json]\n",
		"bound/flow.asl.json": `{"StartAt": "P", "States": {"P": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m"}, "End": true}}}` + "\n",
		"bound/role.json":     `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}` + "\n",
		"tf/main.tf":          tfMain,
		"tf/iam.tf":           tfIAM,
		"notes/settings.json": `{"theme": "dark"}` + "\n",
	}
	for name, content := range files {
		p := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		cmd := exec.Command(gitBin, args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "project")
	home := t.TempDir()
	for _, tt := range []struct {
		file string
		pass bool
		want string
	}{
		{"app/flow.asl.json", false, `app/flow.asl.json:2:15: error: role "FlowRole" lacks "glue:GetJobRun", "glue:GetJobRuns"`},
		{"bound/flow.asl.json", false, `bound/flow.asl.json:1:63: error: policy "bound/role.json" lacks "sns:Publish"`},
		{"tf/iam.tf", false, `tf/main.tf:8:22: error: role "flow" lacks "glue:GetJobRun", "glue:GetJobRuns"`},
		{"notes/settings.json", true, "no state machine in the 2 files read"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			cmd := exec.Command(preCommit, "try-repo", self, "sfn-lint", "--verbose", "--files", tt.file)
			cmd.Dir = repo
			cmd.Env = append(os.Environ(), "PRE_COMMIT_HOME="+home, "NO_COLOR=1")
			out, err := cmd.CombinedOutput()
			if (err == nil) != tt.pass {
				t.Errorf("pre-commit passed: %v, want %v\n%s", err == nil, tt.pass, out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("the hook's output lacks %q:\n%s", tt.want, out)
			}
		})
	}
}

const tfMain = `resource "aws_sfn_state_machine" "flow" {
  name     = "flow"
  role_arn = aws_iam_role.flow.arn
  definition = jsonencode({
    StartAt = "Run"
    States = {
      Run = {
        Resource   = "arn:aws:states:::glue:startJobRun.sync"
        Type       = "Task"
        Parameters = { JobName = "clean" }
        End        = true
      }
    }
  })
}
`

const tfIAM = `resource "aws_iam_role" "flow" {
  name = "flow"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "flow"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = ["glue:StartJobRun", "glue:BatchStopJobRun"], Resource = "arn:aws:glue:eu-west-1:111122223333:job/clean" }]
    })
  }
}
`
