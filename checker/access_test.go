package checker

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const samFlow = `Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: %s
      Policies: []
`

// TestReferencesStayInTheProject checks that a reference is followed
// inside the repository of the named file, even to a file the run did not
// name, and never out of it.
func TestReferencesStayInTheProject(t *testing.T) {
	dir := writeTestTree(t, map[string]string{
		"repo/.git/HEAD":             "ref: refs/heads/main\n",
		"repo/app/template.yaml":     fmt.Sprintf(samFlow, "../flows/flow.asl.json"),
		"repo/flows/flow.asl.json":   `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`,
		"repo/leak/template.yaml":    fmt.Sprintf(samFlow, "../../secret/flow.asl.json"),
		"secret/flow.asl.json":       `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`,
		"repo/other/template.yaml":   fmt.Sprintf(samFlow, "/etc/hostname"),
		"repo/symlink/template.yaml": fmt.Sprintf(samFlow, "flow.asl.json"),
		"repo/none/template.yaml":    fmt.Sprintf(samFlow, "../../nowhere/flow.asl.json"),
	})
	if err := os.Symlink(filepath.Join(dir, "secret/flow.asl.json"), filepath.Join(dir, "repo/symlink/flow.asl.json")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(dir, "repo"))

	a := newAccess(newSource(nil), []string{"app/template.yaml"})
	if want := filepath.Join(mustRealPath(t, dir), "repo"); len(a.roots) != 1 || a.roots[0] != want {
		t.Fatalf("roots %q, want %q", a.roots, want)
	}
	for name, wantErr := range map[string]error{
		"flows/flow.asl.json":          nil,
		"../secret/flow.asl.json":      errOutside,
		"/etc/hostname":                errOutside,
		"symlink/flow.asl.json":        errOutside,
		"flows/../flows/flow.asl.json": nil,
		"../nowhere/flow.asl.json":     errOutside, // whether it exists is not said
	} {
		if err := a.check(name); !errors.Is(err, wantErr) {
			t.Errorf("check(%s) = %v, want %v", name, err, wantErr)
		}
	}

	// A pre-commit run names the template alone: its definition is read.
	res := Run(Options{Args: []string{"app/template.yaml"}})
	if res.Summary.Files != 2 || res.Summary.StateMachines != 1 || res.Summary.Unbound != 0 {
		t.Errorf("app: summary %+v, want the template and its definition, one bound machine", res.Summary)
	}
	for tmpl, uri := range map[string]string{
		"leak/template.yaml": "../../secret/flow.asl.json", "other/template.yaml": "/etc/hostname",
		"symlink/template.yaml": "flow.asl.json", "none/template.yaml": "../../nowhere/flow.asl.json",
	} {
		res := Run(Options{Args: []string{tmpl}})
		if res.Summary.Files != 1 || res.Summary.Unbound != 1 {
			t.Errorf("%s: summary %+v: a reference that leaves the project was read", tmpl, res.Summary)
		}
		want := fmt.Sprintf("%s:6:22: SFN001 DefinitionUri %q leaves the project, so it is not read", tmpl, uri)
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].Rule != "SFN001" || diagLine(res.Diagnostics[0]) != want {
			t.Errorf("%s: diagnostics %v, want %s", tmpl, res.Diagnostics, want)
		}
	}
}

func diagLine(d Diagnostic) string {
	return fmt.Sprintf("%s:%d:%d: %s %s", d.File, d.Line, d.Column, d.Rule, d.Message)
}

func mustRealPath(t *testing.T, p string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestProjectRoot checks where a run's project ends: at the repository,
// else at the working directory, else at the directory named.
func TestProjectRoot(t *testing.T) {
	dir := mustRealPath(t, writeTestTree(t, map[string]string{
		"repo/.git/HEAD":  "x",
		"repo/a/b/x.json": "{}",
		"plain/c/x.json":  "{}",
		"away/x.json":     "{}",
	}))
	wd := filepath.Join(dir, "plain")
	for _, tt := range []struct{ arg, want string }{
		{filepath.Join(dir, "repo/a/b"), filepath.Join(dir, "repo")},
		{filepath.Join(dir, "plain/c"), wd},
		{filepath.Join(dir, "away"), filepath.Join(dir, "away")},
	} {
		if got := projectRoot(tt.arg, wd); got != tt.want {
			t.Errorf("projectRoot(%s) = %s, want %s", tt.arg, got, tt.want)
		}
	}
	for _, tt := range []struct{ arg, want string }{
		{"a/...", "a"}, {"...", "."}, {"a/**/*.json", "a"}, {"a/b/x.json", "a/b"}, {"", "."},
	} {
		t.Chdir(filepath.Join(dir, "repo"))
		if got := argDir(tt.arg); got != filepath.FromSlash(tt.want) {
			t.Errorf("argDir(%q) = %q, want %q", tt.arg, got, tt.want)
		}
	}
}

// TestWalkedLinksStayInTheProject checks that a walk keeps a link to a file
// of the project and passes over one that leads out of it: a pull request
// could plant a link to a secret to have its lines printed.
func TestWalkedLinksStayInTheProject(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.json")
	if err := os.WriteFile(outside, []byte(`{"Statement": "hunter2"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeTestTree(t, map[string]string{"repo/.git/HEAD": "x", "repo/a.json": "{}"})
	for name, target := range map[string]string{"repo/inside.json": "a.json", "repo/leak.json": outside} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("symlinks not supported: %v", err)
		}
	}
	t.Chdir(filepath.Join(dir, "repo"))
	files, _, errs := Discover([]string{"./..."}, DiscoverOptions{})
	if want := []string{"a.json", "inside.json"}; !slices.Equal(files, want) || len(errs) > 0 {
		t.Errorf("files %q, errors %v; want %q", files, errs, want)
	}
}

// TestNothingToLint checks that a directory or glob that yields no file is
// an error, not a clean run.
func TestNothingToLint(t *testing.T) {
	writeTestTree(t, map[string]string{"docs/readme.md": "# docs", "empty/.keep": ""})
	res := Run(Options{Args: []string{"docs", "empty/...", "docs/*.json"}})
	var got []string
	for _, err := range res.Errors {
		got = append(got, err.Error())
	}
	want := []string{
		"docs: holds no file sfn-lint reads (JSON, YAML or Terraform, outside excluded and tool directories)",
		"empty/...: holds no file sfn-lint reads (JSON, YAML or Terraform, outside excluded and tool directories)",
		"docs/*.json: matches no file",
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%q\nwant:\n%q", got, want)
	}
}

// TestNamedFileInContext checks that a file named alone, as a pre-commit
// run names a changed file, is checked as in a run over the whole tree:
// with the template that deploys it, the config above it that binds it,
// and the other .tf files of its module.
func TestNamedFileInContext(t *testing.T) {
	writeTestTree(t, map[string]string{
		"repo/.git/HEAD": "x",
		"repo/app/template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: ../flows/flow.asl.json
      Policies: []
`,
		"repo/flows/flow.asl.json":   pollDefinition,
		"repo/other/template.yaml":   "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: flow.asl.json}\n",
		"repo/.sfn-lint.yaml":        "bindings:\n  - definition: bound/*.asl.json\n    policies: [bound/role.json]\n",
		"repo/bound/flow.asl.json":   pollDefinition,
		"repo/bound/role.json":       startOnlyPolicy,
		"repo/tf/main.tf":            tfMachine,
		"repo/tf/iam.tf":             tfRole,
		"repo/tf/variables.tf":       `variable "x" { default = 1 }`,
		"repo/unrelated/readme.json": `{"title": "States"}`,
	})
	t.Chdir("repo")
	for _, tt := range []struct {
		name, file, want string
	}{
		{"a DefinitionUri file", "flows/flow.asl.json",
			`flows/flow.asl.json:2:15: error: role "FlowRole" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`},
		{"a definition bound by a config above it", "bound/flow.asl.json",
			`bound/flow.asl.json:2:15: error: policy "bound/role.json" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:us-east-1:123456789012:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`},
		{"a .tf file of a module", "tf/iam.tf",
			`tf/main.tf:8:22: error: role "flow" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:eu-west-1:111122223333:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := Run(Options{Args: []string{tt.file}})
			var lines []string
			for _, d := range res.Diagnostics {
				if d.Rule == "SFN402" {
					lines = append(lines, TextLine(d))
				}
			}
			if got := strings.Join(lines, "\n"); got != tt.want {
				t.Errorf("SFN402:\n%s\nwant:\n%s", got, tt.want)
			}
			if res.Summary.StateMachines != 1 || len(res.Errors) > 0 {
				t.Errorf("summary %+v, errors %v: want the one machine, in context", res.Summary, res.Errors)
			}
		})
	}
}

const tfMachine = `resource "aws_sfn_state_machine" "flow" {
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

const tfRole = `resource "aws_iam_role" "flow" {
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

// TestEveryReaderSaysAReferenceLeavesTheProject checks the message each
// format gives for a file reference that leaves the project, and for a
// Serverless variable file that is run rather than read.
func TestEveryReaderSaysAReferenceLeavesTheProject(t *testing.T) {
	dir := writeTestTree(t, map[string]string{
		"repo/.git/HEAD": "ref: refs/heads/main\n",
		"repo/tf/main.tf": `resource "aws_sfn_state_machine" "a" {
  name       = "a"
  role_arn   = "arn:aws:iam::111122223333:role/a"
  definition = file("/etc/shadow")
}
resource "aws_sfn_state_machine" "b" {
  name       = "b"
  role_arn   = "arn:aws:iam::111122223333:role/b"
  definition = templatefile("../../../flow.json", {})
}
`,
		"repo/sls/serverless.yml": `service: s
provider: {name: aws}
stepFunctions:
  stateMachines:
    a:
      role: arn:aws:iam::111122223333:role/a
      definition: ${file(../../elsewhere/flow.yml)}
    b:
      role: arn:aws:iam::111122223333:role/b
      definition: ${file(./flows.js):b}
`,
		"repo/sls/flows.js": "module.exports.b = () => ({})\n",
	})
	t.Chdir(filepath.Join(dir, "repo"))
	res := Run(Options{Args: []string{"./..."}})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, diagLine(d))
	}
	want := []string{
		`sls/serverless.yml:7:19: SFN001 the definition file "../../elsewhere/flow.yml" leaves the project, so it is not read`,
		`sls/serverless.yml:8:5: SFN601 state machine "b" is not checked: its definition comes from the JavaScript variable file "./flows.js", which is not evaluated here`,
		`tf/main.tf:4:21: SFN001 file(): "/etc/shadow" leaves the project, so it is not read`,
		`tf/main.tf:9:29: SFN001 templatefile(): "../../../flow.json" leaves the project, so it is not read`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestConfigPathsStayInTheProject checks that a binding's absolute path
// inside the project is read and one outside it is refused, as an
// invocation error that names the config line.
func TestConfigPathsStayInTheProject(t *testing.T) {
	dir := mustRealPath(t, writeTestTree(t, map[string]string{
		"repo/.git/HEAD":        "x",
		"repo/flows/a.asl.json": `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/1/q", "MessageBody": "x"}, "End": true}}}`,
		"repo/pol/p.json":       `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:1:q"}]}`,
		"secret.json":           `{"Version": "2012-10-17", "Statement": []}`,
	}))
	repo := filepath.Join(dir, "repo")
	cfg := fmt.Sprintf("bindings:\n  - definition: flows/a.asl.json\n    policies: [%s, %s]\n",
		filepath.ToSlash(filepath.Join(repo, "pol/p.json")), filepath.ToSlash(filepath.Join(dir, "secret.json")))
	if err := os.WriteFile(filepath.Join(repo, ".sfn-lint.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(repo)
	res := Run(Options{Args: []string{"."}})
	want := fmt.Sprintf(".sfn-lint.yaml:2: policy %s leaves the project, so it is not read", filepath.ToSlash(filepath.Join(dir, "secret.json")))
	if len(res.Errors) != 1 || res.Errors[0].Error() != want {
		t.Errorf("errors %q, want %q", res.Errors, want)
	}
	if res.Summary.StateMachines != 1 || res.Summary.Unbound != 0 || len(res.Diagnostics) != 0 {
		t.Errorf("summary %+v, diagnostics %v: want the machine checked against the policy inside", res.Summary, res.Diagnostics)
	}
}
