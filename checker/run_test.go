package checker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const pollDefinition = `{"StartAt": "Run", "States": {"Run": {"Type": "Task",
  "Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": {"JobName": "clean"}, "End": true}}}`

const startOnlyPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["glue:StartJobRun", "glue:BatchStopJobRun"], "Resource": "arn:aws:glue:us-east-1:123456789012:job/clean"}]}`

func textLines(res *Result) string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, TextLine(d))
	}
	return strings.Join(out, "\n")
}

func TestPolicyFlag(t *testing.T) {
	writeTestTree(t, map[string]string{"flow.asl.json": pollDefinition, "policies/role.json": startOnlyPolicy})
	res := Run(Options{Args: []string{"flow.asl.json"}, Policies: []string{"policies/role.json"}})
	want := `flow.asl.json:2:15: error: policy "policies/role.json" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:us-east-1:123456789012:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`
	if got := textLines(res); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if res.Summary.StateMachines != 1 || res.Summary.Unbound != 0 || res.Summary.Files != 2 {
		t.Errorf("summary = %+v", res.Summary)
	}
	res = Run(Options{Args: []string{"flow.asl.json"}, Policies: []string{"missing.json"}})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "missing.json") {
		t.Errorf("errors = %v, want one about missing.json", res.Errors)
	}
}

// TestNestedConfigs checks that each config governs its own directory:
// its bindings, its excludes and its severities.
func TestNestedConfigs(t *testing.T) {
	writeTestTree(t, map[string]string{
		"a/.sfn-lint.yaml":       "bindings:\n  - definition: flow.asl.json\n    policies: [role.json]\nrules:\n  sync-poll: warning\n",
		"a/flow.asl.json":        pollDefinition,
		"a/role.json":            startOnlyPolicy,
		"b/.sfn-lint.yaml":       "bindings:\n  - definition: '*.asl.json'\n    policies: [role.json]\nexclude: [old.asl.json]\n",
		"b/flow.asl.json":        pollDefinition,
		"b/old.asl.json":         "{not json",
		"b/role.json":            startOnlyPolicy,
		"c/unbound.asl.json":     pollDefinition,
		"c/notes/readme.md.json": `{"title": "not ours"}`,
	})
	res := Run(Options{})
	want := strings.Join([]string{
		`a/flow.asl.json:2:15: warning: policy "a/role.json" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:us-east-1:123456789012:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`,
		`b/flow.asl.json:2:15: error: policy "b/role.json" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:us-east-1:123456789012:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`,
		`c/unbound.asl.json:1:2: note: state machine "unbound" is not checked: no policy is bound to this definition: add a binding to .sfn-lint.yaml or pass --policy [SFN601]`,
	}, "\n")
	if got := textLines(res); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if len(res.Errors) > 0 {
		t.Errorf("errors: %v", res.Errors)
	}
}

// TestLocalModuleFiles checks that naming only a root module's file, as a
// pre-commit run does, reads the modules it calls by local paths and the
// definition files its calls pass them.
func TestLocalModuleFiles(t *testing.T) {
	writeTestTree(t, map[string]string{
		"main.tf": `
resource "aws_iam_role" "flow" {
  name               = "flow"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

module "nightly" {
  source = "./modules/sfn"
  role   = aws_iam_role.flow.arn
  file   = "../../flows/nightly.asl.json"
}
`,
		"modules/sfn/main.tf": `
variable "role" {}
variable "file" {}

resource "aws_sfn_state_machine" "this" {
  name       = "nightly"
  role_arn   = var.role
  definition = file("${path.module}/${var.file}")
}
`,
		"flows/nightly.asl.json": pollDefinition,
	})
	res := Run(Options{Args: []string{"main.tf"}})
	want := strings.Join([]string{
		`flows/nightly.asl.json:2:15: error: role "flow" lacks "glue:StartJobRun" on "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/clean", needed to run task "Run" (glue:startJobRun.sync) [SFN401]`,
		`flows/nightly.asl.json:2:15: error: role "flow" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`,
		`flows/nightly.asl.json:2:15: warning: role "flow" lacks "glue:BatchStopJobRun" on "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/clean", needed to stop the job of task "Run" when the execution stops (glue:startJobRun.sync) [SFN404]`,
	}, "\n")
	if got := textLines(res); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if res.Summary.StateMachines != 1 || res.Summary.Unbound != 0 || res.Summary.Files != 3 {
		t.Errorf("summary = %+v", res.Summary)
	}
}

// TestDisableEnable checks that rules named on the command line are
// turned off or on over what the config says.
func TestDisableEnable(t *testing.T) {
	writeTestTree(t, map[string]string{
		".sfn-lint.yaml": "bindings:\n  - definition: flow.asl.json\n    policies: [role.json]\nrules:\n  SFN402: off\n",
		"flow.asl.json":  pollDefinition,
		"role.json":      startOnlyPolicy,
	})
	poll := `flow.asl.json:2:15: error: policy "role.json" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:us-east-1:123456789012:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`
	for _, tt := range []struct {
		name            string
		disable, enable []string
		want            string
		err             string
	}{
		{"the config turns it off", nil, nil, "", ""},
		{"--enable by code", nil, []string{"SFN402"}, poll, ""},
		{"--enable by slug, any case", nil, []string{"Sync-Poll"}, poll, ""},
		{"--enable wins over --disable", []string{"sync-poll"}, []string{"SFN402"}, poll, ""},
		{"--disable", []string{"sync-poll"}, nil, "", ""},
		{"an unknown rule", []string{"SFN999"}, nil, "", `--disable: unknown rule "SFN999" (see sfn-lint rules)`},
		{"the parse rule cannot be turned off", []string{"parse-error"}, nil, "", "--disable: parse-error reports input that cannot be read, and cannot be turned off"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := Run(Options{Args: []string{"flow.asl.json"}, Disable: tt.disable, Enable: tt.enable})
			if got := textLines(res); got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
			var errs []string
			for _, err := range res.Errors {
				errs = append(errs, err.Error())
			}
			if got := strings.Join(errs, "\n"); got != tt.err {
				t.Errorf("errors %q, want %q", got, tt.err)
			}
		})
	}
}

// TestBoundFilesThatAreNotPolicies checks that a file a binding or --policy
// names as a policy, but which is not one, is an error at that file, and a
// missing one is reported once.
func TestBoundFilesThatAreNotPolicies(t *testing.T) {
	writeTestTree(t, map[string]string{
		"flow.asl.json": pollDefinition,
		"notes.txt":     "grant glue to the flow\n",
		"version.json":  `{"Version": "2012-10-17"}`,
		"binary.json":   "\x00\x01\x02\xff",
		"empty.json":    "",
	})
	for _, tt := range []struct {
		policy, want, err string
	}{
		{"notes.txt", `notes.txt:1:1: error: not an IAM policy document: "Statement" is required [SFN001]`, ""},
		{"version.json", `version.json:1:1: error: not an IAM policy document: "Statement" is required [SFN001]`, ""},
		{"binary.json", `binary.json:1:1: error: cannot parse: invalid character '\x00' looking for beginning of value [SFN001]`, ""},
		{"empty.json", `empty.json:1:1: error: the file is empty, but it is named as a policy [SFN001]`, ""},
		{"missing.json", ``, "--policy missing.json: no such file or directory"},
	} {
		res := Run(Options{Args: []string{"flow.asl.json"}, Policies: []string{tt.policy}})
		var lines []string
		for _, d := range res.Diagnostics {
			if d.Rule == "SFN001" {
				lines = append(lines, TextLine(d))
			}
		}
		if got := strings.Join(lines, "\n"); got != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.policy, got, tt.want)
		}
		var errs []string
		for _, err := range res.Errors {
			errs = append(errs, err.Error())
		}
		if got := strings.Join(errs, "\n"); got != tt.err {
			t.Errorf("%s: errors %q, want %q", tt.policy, got, tt.err)
		}
	}
}

// TestConfigPartlyWrong checks that a config with a bad value keeps the
// rest, its bindings above all, and that absolute paths work.
func TestConfigPartlyWrong(t *testing.T) {
	dir := writeTestTree(t, map[string]string{
		"flow.asl.json": pollDefinition,
		"role.json":     startOnlyPolicy,
	})
	cfg := "bindings:\n  - definition: " + filepath.ToSlash(filepath.Join(dir, "*.asl.json")) +
		"\n    policies: [" + filepath.ToSlash(filepath.Join(dir, "role.json")) + "]\nrules:\n  sync-poll: loud\n  SFN999: off\n"
	if err := os.WriteFile(filepath.Join(dir, ".sfn-lint.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Run(Options{Args: []string{"flow.asl.json"}})
	role := filepath.ToSlash(filepath.Join(dir, "role.json"))
	want := `flow.asl.json:2:15: error: policy "` + role + `" lacks "glue:GetJobRun", "glue:GetJobRuns" on "arn:aws:glue:us-east-1:123456789012:job/clean", needed to poll task "Run" (glue:startJobRun.sync) [SFN402]`
	if got := textLines(res); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), `.sfn-lint.yaml:5:14: rule sync-poll: unknown value "loud"`) ||
		!strings.Contains(res.Errors[0].Error(), `.sfn-lint.yaml:6:3: unknown rule "SFN999"`) {
		t.Errorf("errors %v, want both bad lines reported", res.Errors)
	}
}

// TestEmptyFilesNamed checks that an empty file, or one of comments only,
// named as pre-commit names every changed file, is passed over: an empty
// document is not a broken one.
func TestEmptyFilesNamed(t *testing.T) {
	writeTestTree(t, map[string]string{"empty.json": "", "empty.yaml": "", "comments.yml": "# later\n", "flow.asl.json": pollDefinition})
	res := Run(Options{Args: []string{"empty.json", "empty.yaml", "comments.yml"}})
	if len(res.Diagnostics) != 0 || len(res.Errors) != 0 {
		t.Errorf("empty files were reported: %s %v", textLines(res), res.Errors)
	}
	if res.Summary.Files != 3 {
		t.Errorf("summary = %+v, want 3 files read", res.Summary)
	}
}
