package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/rules"
)

// ecsTemplate is a template whose state machine runs an ECS task and waits
// for it (.sync); the role grants the given actions on the cluster's tasks.
// Waiting needs ecs:DescribeTasks (to poll) and ecs:StopTask (to stop the
// task when the execution stops).
func ecsTemplate(actions string) string {
	return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt FlowRole.Arn
      Definition:
        StartAt: Run
        States:
          Run:
            Type: Task
            Resource: arn:aws:states:::ecs:runTask.sync
            Parameters:
              Cluster: arn:aws:ecs:us-east-1:123456789012:cluster/jobs
              TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/job:3
            End: true
  FlowRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: states.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: run
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ecs:RunTask
                Resource: arn:aws:ecs:us-east-1:123456789012:task-definition/job:3
              - Effect: Allow
                Action: [` + actions + `]
                Resource: arn:aws:ecs:us-east-1:123456789012:task/jobs/*
              - Effect: Allow
                Action: [events:PutTargets, events:PutRule, events:DescribeRule]
                Resource: arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule
`
}

// The diagnostics the fixtures produce, exactly as the text output prints
// them: the position is the task's Resource value (line 12, column 23).
const (
	pollLine   = `template.yaml:12:23: error: role "FlowRole" lacks "ecs:DescribeTasks" on "arn:aws:ecs:us-east-1:123456789012:task/jobs/*", needed to poll task "Run" (ecs:runTask.sync) [SFN402]`
	cancelLine = `warn.yaml:12:23: warning: role "FlowRole" lacks "ecs:StopTask" on "arn:aws:ecs:us-east-1:123456789012:task/jobs/*", needed to stop the job of task "Run" when the execution stops (ecs:runTask.sync) [SFN404]`
	// pollContext is what the text output prints under pollLine: the line,
	// a caret under the Task's Resource, and the role that should grant it.
	pollContext = " 12 |             Resource: arn:aws:states:::ecs:runTask.sync\n" +
		"    |                       ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n" +
		"   = the role that should grant it: template.yaml:18:5\n" +
		"   = the role's statement for ecs actions: template.yaml:29:17\n"
)

// writeProject lays out a small project without version control: a
// template missing the poll permission, a complete one, one missing only
// the cancel permission, and files that are not ours, one of them broken.
func writeProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"template.yaml": ecsTemplate("ecs:StopTask"),
		"clean.yaml":    ecsTemplate("ecs:StopTask, ecs:DescribeTasks"),
		"warn.yaml":     ecsTemplate("ecs:DescribeTasks"),
		"package.json":  `{"name": "app", "version": "1.0.0", "scripts": {"test": "node test.js"}}` + "\n",
		// A tab cannot indent YAML: yaml.v3 stops at line 2, column 1.
		"broken.yaml": "Resources:\n\tFlow: x\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPreCommit runs the built command the way the pre-commit hook does:
// from the repository root, with the changed files named on the command
// line, so unnamed files (here a broken one) are not read.
func TestPreCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build with")
	}
	bin := filepath.Join(t.TempDir(), "sfn-lint")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := writeProject(t)

	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{
			name:   "finding",
			args:   []string{"template.yaml", "package.json"},
			code:   1,
			stdout: pollLine + "\n" + pollContext + "1 problem (1 error) in 2 files, 1 state machine\n",
		},
		{
			name:   "clean",
			args:   []string{"clean.yaml", "package.json"},
			code:   0,
			stdout: "no problems in 2 files, 1 state machine\n",
		},
		{
			// A file named explicitly is reported even though its content
			// cannot be recognised, and a parse error is exit status 2.
			name: "broken",
			args: []string{"broken.yaml"},
			code: 2,
			stdout: "broken.yaml:2:1: error: cannot parse: yaml: found character that cannot start any token [SFN001]\n" +
				" 2 | \tFlow: x\n" +
				"   | ^\n" +
				"1 problem (1 error) in 1 file, 0 state machines\n",
			stderr: "sfn-lint: no state machine in the file read, so no permission was checked\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Dir = dir
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code {
				t.Errorf("exit status %d, want %d", code, tt.code)
			}
			if got := stdout.String(); got != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, tt.stdout)
			}
			if got := stderr.String(); got != tt.stderr {
				t.Errorf("stderr: %q, want %q", got, tt.stderr)
			}
		})
	}
}

// runIn calls run with the working directory set to dir.
func runIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRunUnknownFormat(t *testing.T) {
	code, stdout, stderr := runIn(t, writeProject(t), "--format", "bogus", "template.yaml")
	if code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
	if stdout != "" {
		t.Errorf("stdout: %q, want nothing", stdout)
	}
	if want := "sfn-lint: --format: unknown format \"bogus\" (want text, json, sarif or github)\n"; stderr != want {
		t.Errorf("stderr: %q, want %q", stderr, want)
	}
}

func TestRunVersion(t *testing.T) {
	code, stdout, stderr := runIn(t, t.TempDir(), "--version")
	if code != 0 || stderr != "" {
		t.Errorf("exit status %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if v, ok := strings.CutPrefix(lines[0], "sfn-lint "); !ok || strings.TrimSpace(v) == "" {
		t.Errorf("first line %q, want \"sfn-lint VERSION\"", lines[0])
	}
	// The date of the managed policies sfn-lint knows, so a user can tell
	// how current its view of them is.
	last := lines[len(lines)-1]
	if !regexp.MustCompile(`^AWS managed policies of \d{4}-\d{2}-\d{2} \(iann0036/iam-dataset [0-9a-f]{7}, \d+ policies\)$`).MatchString(last) {
		t.Errorf("last line %q, want the managed policies' snapshot", last)
	}
}

func TestRunRules(t *testing.T) {
	code, stdout, stderr := runIn(t, t.TempDir(), "rules")
	if code != 0 || stderr != "" {
		t.Fatalf("exit status %d, stderr %q", code, stderr)
	}
	// The summaries come from the rule documentation; the first three
	// columns are fixed.
	want := [][3]string{
		{"CODE", "SLUG", "SEVERITY"},
		{"SFN001", "parse-error", "error"},
		{"SFN101", "unsubstituted-placeholder", "error"},
		{"SFN401", "task-permission", "error"},
		{"SFN402", "sync-poll", "error"},
		{"SFN403", "sync-events", "warning"},
		{"SFN404", "sync-cancel", "warning"},
		{"SFN405", "pass-role", "error"},
		{"SFN406", "trust-policy", "error"},
		{"SFN407", "distributed-map", "error"},
		{"SFN408", "task-resource", "error"},
		{"SFN409", "logging", "error"},
		{"SFN410", "tracing", "warning"},
		{"SFN411", "kms-key", "error"},
		{"SFN412", "http-connection", "error"},
		{"SFN413", "task-credentials", "error"},
		{"SFN414", "path-in-grant", "warning"},
		{"SFN501", "broad-resource", "warning"},
		{"SFN502", "broad-action", "warning"},
		{"SFN503", "unused-grant", "note"},
		{"SFN601", "unbound-machine", "note"},
		{"SFN602", "suppression", "warning"},
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), stdout)
	}
	for i, line := range lines {
		f := strings.Fields(line)
		if len(f) < 3 || [3]string(f[:3]) != want[i] {
			t.Errorf("line %d: %q, want it to start with %v", i+1, line, want[i])
		}
	}
}

func TestRunRuleDoc(t *testing.T) {
	var doc string
	for _, r := range rules.All() {
		if r.Code == "SFN402" {
			doc = r.Doc()
		}
	}
	if doc == "" {
		t.Fatal("no documentation for SFN402")
	}
	// A rule is named by its code, in any case, or by its slug.
	for _, name := range []string{"SFN402", "sfn402", "sync-poll"} {
		code, stdout, stderr := runIn(t, t.TempDir(), "rules", name)
		if code != 0 || stderr != "" {
			t.Errorf("rules %s: exit status %d, stderr %q", name, code, stderr)
		}
		if stdout != doc {
			t.Errorf("rules %s printed:\n%s\nwant:\n%s", name, stdout, doc)
		}
	}
	code, stdout, stderr := runIn(t, t.TempDir(), "rules", "SFN999")
	if code != 2 || stdout != "" || stderr != "sfn-lint: no rule \"SFN999\" (see sfn-lint rules)\n" {
		t.Errorf("rules SFN999: exit status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestRunFailOn(t *testing.T) {
	dir := writeProject(t)
	want := cancelLine + "\n1 problem (1 warning) in 1 file, 1 state machine\n"
	// One line per finding: this test is about exit statuses.
	// The default threshold is warning; the output is the same either way.
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"warn.yaml"}, 1},
		{[]string{"--fail-on", "warning", "warn.yaml"}, 1},
		{[]string{"--fail-on", "error", "warn.yaml"}, 0},
		{[]string{"--fail-on", "never", "warn.yaml"}, 0},
		{[]string{"--fail-on", "note", "warn.yaml"}, 1},
		// Flags may follow the paths.
		{[]string{"warn.yaml", "--fail-on", "error"}, 0},
		{[]string{"--fail-on", "note", "warn.yaml", "--fail-on=never"}, 0},
	} {
		code, stdout, stderr := runIn(t, dir, append([]string{"--brief"}, tt.args...)...)
		if code != tt.code {
			t.Errorf("%v: exit status %d, want %d", tt.args, code, tt.code)
		}
		if stdout != want || stderr != "" {
			t.Errorf("%v: stdout:\n%s\nstderr: %q", tt.args, stdout, stderr)
		}
	}
	code, _, stderr := runIn(t, dir, "--fail-on", "fatal", "warn.yaml")
	if code != 2 || !strings.HasPrefix(stderr, "sfn-lint: --fail-on: ") {
		t.Errorf("--fail-on fatal: exit status %d, stderr %q", code, stderr)
	}
	// After "--", a name that looks like a flag is a path.
	code, stdout, stderr := runIn(t, dir, "--", "warn.yaml", "--fail-on")
	if code != 2 || !strings.HasPrefix(stdout, cancelLine+"\n") || !strings.Contains(stderr, "--fail-on") {
		t.Errorf("-- warn.yaml --fail-on: exit status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestRunJSON(t *testing.T) {
	code, stdout, stderr := runIn(t, writeProject(t), "--format", "json", "template.yaml", "package.json")
	if code != 1 || stderr != "" {
		t.Errorf("exit status %d, stderr %q", code, stderr)
	}
	var out struct {
		Summary struct {
			Files         int `json:"files"`
			StateMachines int `json:"stateMachines"`
			Errors        int `json:"errors"`
		} `json:"summary"`
		Diagnostics []struct {
			Rule   string `json:"rule"`
			File   string `json:"file"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	if s := out.Summary; s.Files != 2 || s.StateMachines != 1 || s.Errors != 1 {
		t.Errorf("summary %+v, want 2 files, 1 state machine, 1 error", s)
	}
	if len(out.Diagnostics) != 1 {
		t.Fatalf("%d diagnostics, want 1", len(out.Diagnostics))
	}
	if d := out.Diagnostics[0]; d.Rule != "SFN402" || d.File != "template.yaml" || d.Line != 12 || d.Column != 23 {
		t.Errorf("diagnostic %+v, want SFN402 at template.yaml:12:23", d)
	}
}

func TestRunOutputFile(t *testing.T) {
	dir := writeProject(t)
	outFile := filepath.Join(t.TempDir(), "report.txt")
	code, stdout, stderr := runIn(t, dir, "-o", outFile, "template.yaml")
	if code != 1 || stdout != "" || stderr != "" {
		t.Errorf("exit status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	got, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if want := pollLine + "\n" + pollContext + "1 problem (1 error) in 1 file, 1 state machine\n"; string(got) != want {
		t.Errorf("%s holds:\n%s\nwant:\n%s", outFile, got, want)
	}
}

// TestSubcommandNames checks the subcommands beside paths of the same name:
// the subcommand runs, and says how to lint the path.
func TestSubcommandNames(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "rules"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIn(t, dir, "rules", "SYNC-POLL")
	if code != 0 || !strings.HasPrefix(stdout, "# SFN402: ") {
		t.Errorf("rules SYNC-POLL: exit status %d, stdout %.40q", code, stdout)
	}
	if want := "sfn-lint: \"rules\" is the rules subcommand; to lint the path, write ./rules\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	code, stdout, _ = runIn(t, dir, "version")
	if code != 0 || !strings.HasPrefix(stdout, "sfn-lint ") {
		t.Errorf("version: exit status %d, stdout %q", code, stdout)
	}
}

// TestBaseline records a project's findings, then adds lines above them
// and a new finding: only the new one is reported.
func TestBaseline(t *testing.T) {
	dir := writeProject(t)
	base := filepath.Join(t.TempDir(), "baseline.json")
	code, _, stderr := runIn(t, dir, "--write-baseline", base, "template.yaml", "warn.yaml")
	if code != 0 || stderr != "" {
		t.Fatalf("--write-baseline: exit status %d, stderr %q", code, stderr)
	}
	b, err := checker.ReadBaseline(base)
	if err != nil || len(b.Findings) != 2 {
		t.Fatalf("baseline %+v, %v: want the two findings", b, err)
	}
	// Lines added above the findings, and a new finding in another file.
	for name, content := range map[string]string{
		"template.yaml": "# moved down\n\n" + ecsTemplate("ecs:StopTask"),
		"new.yaml":      ecsTemplate("ecs:StopTask"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runIn(t, dir, "--brief", "--baseline", base, "template.yaml", "warn.yaml", "new.yaml")
	want := strings.Replace(pollLine, "template.yaml", "new.yaml", 1) + "\n" +
		"1 problem (1 error) in 3 files, 3 state machines; 2 findings in the baseline not shown\n"
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("exit status %d, stdout:\n%s\nwant:\n%s\nstderr %q", code, stdout, want, stderr)
	}
}

// TestFixAndDiff runs --diff (which changes nothing and exits 1 when there
// is something to fix) and --fix (which applies it, then reports what is
// left).
func TestFixAndDiff(t *testing.T) {
	dir := t.TempDir()
	policy := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:*", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts"}]}` + "\n"
	def := `{"StartAt": "P", "States": {"P": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message": "x"}, "End": true}}}` + "\n"
	for name, content := range map[string]string{"flow.asl.json": def, "role.json": policy} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runIn(t, dir, "--diff", "--policy", "role.json", "flow.asl.json")
	wantDiff := "--- role.json\n+++ role.json\n@@ -1 +1 @@\n" +
		`-{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:*", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts"}]}` + "\n" +
		`+{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts"}]}` + "\n"
	if code != 1 || stdout != wantDiff || stderr != "" {
		t.Errorf("--diff: exit status %d, stdout:\n%s\nwant:\n%s\nstderr %q", code, stdout, wantDiff, stderr)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "role.json")); string(got) != policy {
		t.Errorf("--diff changed the file: %s", got)
	}
	code, stdout, stderr = runIn(t, dir, "--fix", "--policy", "role.json", "flow.asl.json")
	if code != 0 || stdout != "no problems in 2 files, 1 state machine\n" || stderr != "sfn-lint: applied 1 fix to role.json\n" {
		t.Errorf("--fix: exit status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
