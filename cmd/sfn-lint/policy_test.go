package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// policyProject is a definition that publishes to a topic and the
// policy file bound to it, which grants more than it needs.
func policyProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"flow.asl.json":  `{"StartAt": "P", "States": {"P": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message": "x"}, "End": true}}}` + "\n",
		"role.json":      `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:*", "Resource": "*"}]}` + "\n",
		".sfn-lint.yaml": "bindings:\n  - definition: flow.asl.json\n    policies: [role.json]\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// wantFlowPolicy is the policy flow.asl.json needs.
const wantFlowPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SnsPublish",
      "Effect": "Allow",
      "Action": [
        "sns:Publish"
      ],
      "Resource": [
        "arn:aws:sns:us-east-1:123456789012:alerts"
      ]
    }
  ]
}
`

func TestPolicyCommand(t *testing.T) {
	dir := policyProject(t)
	code, stdout, stderr := runIn(t, dir, "policy")
	if code != 0 || stdout != wantFlowPolicy || stderr != "" {
		t.Errorf("policy: exit status %d, stdout:\n%s\nwant:\n%s\nstderr %q", code, stdout, wantFlowPolicy, stderr)
	}
	code, stdout, _ = runIn(t, dir, "policy", "--machine", "flow", "--format", "cfn", ".")
	wantCFN := "# state machine \"flow\", flow.asl.json\nPolicyDocument:\n  Version: \"2012-10-17\"\n  Statement:\n" +
		"    - Sid: SnsPublish\n      Effect: Allow\n      Action:\n        - sns:Publish\n      Resource:\n" +
		"        - arn:aws:sns:us-east-1:123456789012:alerts\n"
	if code != 0 || stdout != wantCFN {
		t.Errorf("policy --format cfn: exit status %d, stdout:\n%s\nwant:\n%s", code, stdout, wantCFN)
	}
	for _, args := range [][]string{
		{"policy", "--format", "hcl"},
		{"policy", "--machine", "nope"},
		{"policy", "--write", "--format", "json"},
	} {
		if code, _, stderr := runIn(t, dir, args...); code != 2 || !strings.HasPrefix(stderr, "sfn-lint: policy") {
			t.Errorf("%v: exit status %d, stderr %q, want 2 and a message", args, code, stderr)
		}
	}
}

// TestPolicyWrite writes the policy into the bound file, then lints: the
// broad grant is gone; writing again changes nothing.
func TestPolicyWrite(t *testing.T) {
	dir := policyProject(t)
	code, stdout, stderr := runIn(t, dir, "policy", "--write")
	if code != 0 || stdout != "" || stderr != "sfn-lint: wrote the policy of policy \"role.json\" to role.json\n" {
		t.Errorf("policy --write: exit status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "role.json"))
	if string(got) != wantFlowPolicy {
		t.Errorf("role.json:\n%s\nwant:\n%s", got, wantFlowPolicy)
	}
	code, stdout, _ = runIn(t, dir)
	if code != 0 || stdout != "no problems in 2 files, 1 state machine\n" {
		t.Errorf("lint after --write: exit status %d, stdout %q", code, stdout)
	}
	runIn(t, dir, "policy", "--write")
	if again, _ := os.ReadFile(filepath.Join(dir, "role.json")); string(again) != string(got) {
		t.Errorf("a second --write changed role.json:\n%s", again)
	}
}

// TestPolicyWriteRefused: a definition bound to no policy has nowhere to
// write its policy; --write says so and exits 2.
func TestPolicyWriteRefused(t *testing.T) {
	dir := policyProject(t)
	if err := os.Remove(filepath.Join(dir, ".sfn-lint.yaml")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runIn(t, dir, "policy", "--write", "flow.asl.json")
	want := "sfn-lint: policy --write: not written: state machine \"flow\": no role is bound to it (no policy is bound to this definition: add a binding to .sfn-lint.yaml or pass --policy), so there is nowhere to write its policy\n"
	if code != 2 || stderr != want {
		t.Errorf("exit status %d, stderr %q, want %q", code, stderr, want)
	}
}

// TestPolicyWritePlaceholders writes the policy of a definition whose
// Region and account no file says: the policy file names them
// ${AWS::Region} and ${AWS::AccountId}, which sfn-lint reads as the
// deployment's, so the lint that follows is clean.
func TestPolicyWritePlaceholders(t *testing.T) {
	dir := policyProject(t)
	def := `{"StartAt": "E", "States": {"E": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "enrich", "Payload.$": "$"}, "End": true}}}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "flow.asl.json"), []byte(def), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runIn(t, dir, "policy", "--write"); code != 0 {
		t.Fatalf("policy --write: exit status %d, stderr %q", code, stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "role.json"))
	if !strings.Contains(string(got), `"arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:enrich"`) {
		t.Errorf("role.json:\n%s", got)
	}
	if code, stdout, _ := runIn(t, dir); code != 0 || stdout != "no problems in 2 files, 1 state machine\n" {
		t.Errorf("lint after --write: exit status %d, stdout %q", code, stdout)
	}
}
