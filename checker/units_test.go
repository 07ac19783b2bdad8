package checker

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// runBoth lints the working directory unit by unit and as one project,
// and fails unless both give the same findings and summary.
func runBoth(t *testing.T, args ...string) *Result {
	t.Helper()
	units := Run(Options{Args: args})
	whole := Run(Options{Args: args, whole: true})
	if !reflect.DeepEqual(units.Errors, whole.Errors) {
		t.Errorf("errors %v, as one project %v", units.Errors, whole.Errors)
	}
	if units.Summary != whole.Summary {
		t.Errorf("summary %+v, as one project %+v", units.Summary, whole.Summary)
	}
	if !reflect.DeepEqual(units.Diagnostics, whole.Diagnostics) {
		t.Errorf("unit by unit:\n%s\nas one project:\n%s", textLines(units), textLines(whole))
	}
	return units
}

// TestUnitsTestdata checks that reading unit by unit gives what reading
// all of testdata at once gives, and each of its projects.
func TestUnitsTestdata(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("all", func(t *testing.T) {
		t.Chdir(root)
		runBoth(t, "./...")
	})
	var dirs []string
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "want.out" {
			dirs = append(dirs, filepath.Dir(p))
		}
		return nil
	})
	for _, dir := range dirs {
		rel, _ := filepath.Rel(root, dir)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Chdir(dir)
			runBoth(t, "./...")
		})
	}
}

// TestUnitsCorpora checks the same on the corpora kept beside the
// project, when they are there: real projects mix formats in ways the
// testdata projects may not.
func TestUnitsCorpora(t *testing.T) {
	for _, name := range []string{"corpus", "cdk-synth"} {
		t.Run(name, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join("..", "..", "shared", name))
			if err != nil {
				t.Fatal(err)
			}
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				t.Skipf("%s is not present: this test needs the shared corpora beside the project", dir)
			}
			t.Chdir(dir)
			runBoth(t, "./...")
		})
	}
}

const trustStates = `
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: states.amazonaws.com}
            Action: sts:AssumeRole`

// tfMachineWith is a Terraform state machine of one state, and its role.
func tfMachineWith(name, state string) string {
	return `resource "aws_sfn_state_machine" "` + name + `" {
  name     = "` + name + `"
  role_arn = aws_iam_role.` + name + `.arn
  definition = jsonencode({StartAt = "A", States = {A = ` + state + `}})
}
resource "aws_iam_role" "` + name + `" {
  name = "` + name + `"
  assume_role_policy = jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "states.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}
`
}

// samWithRole is a SAM template whose machine runs the shared definition
// with a role of these policy statements.
func samWithRole(statements string) string {
	return `Transform: AWS::Serverless-2016-10-31
Resources:
  M:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: !GetAtt R.Arn
      DefinitionUri: ../shared/flow.asl.yaml
  R:
    Type: AWS::IAM::Role
    Properties:` + trustStates + `
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:` + statements
}

// unitCases are runs whose units depend on each other.
var unitCases = map[string]map[string]string{
	// A parent starts a child another template defines as an Express
	// workflow: it needs no poll, events or cancel permissions.
	"express child": {
		"parent/template.yaml": `Resources:
  Parent:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt ParentRole.Arn
      Definition:
        StartAt: Enrich
        States:
          Enrich:
            Type: Task
            Resource: arn:aws:states:::states:startExecution.sync:2
            Parameters:
              StateMachineArn: arn:aws:states:us-east-1:111122223333:stateMachine:enrich
            End: true
  ParentRole:
    Type: AWS::IAM::Role
    Properties:` + trustStates + `
      Policies:
        - PolicyName: start
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: states:StartExecution
                Resource: arn:aws:states:us-east-1:111122223333:stateMachine:enrich
`,
		"child/template.json": `{"Resources": {"Enrich": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
  "StateMachineName": "enrich", "StateMachineType": "EXPRESS",
  "RoleArn": "arn:aws:iam::111122223333:role/child",
  "Definition": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}},
  "Tags": [{"Key": "arn", "Value": "arn:aws:states:us-east-1:111122223333:stateMachine:enrich"}]}}}}`,
	},
	// A task assumes a role another template defines: its findings point
	// into that template.
	"credentials elsewhere": {
		"a/template.yaml": `Resources:
  Transfer:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt TransferRole.Arn
      Definition:
        StartAt: Record
        States:
          Record:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Credentials:
              RoleArn: arn:aws:iam::111122223333:role/Ledger
            Parameters:
              FunctionName: record-transfer
            End: true
  TransferRole:
    Type: AWS::IAM::Role
    Properties:` + trustStates + `
      Policies:
        - PolicyName: assume
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: arn:aws:iam::111122223333:role/Ledger
`,
		"b/template.yaml": `Resources:
  LedgerRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: Ledger` + trustStates + `
`,
	},
	// A machine whose role another template defines, which a template
	// does not reach, with a copy of its definition beside it: neither is
	// checked, and each says so.
	"copy of a machine not checked": {
		"app/template.yaml": `Resources:
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/FlowRole
      Definition:
        StartAt: Notify
        States:
          Notify:
            Type: Task
            Resource: arn:aws:states:::sns:publish
            Parameters:
              TopicArn: arn:aws:sns:us-east-1:111122223333:alerts
              Message: done
            End: true
`,
		"app/statemachine/flow.asl.json": `{"StartAt": "Notify", "States": {"Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
  "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:111122223333:alerts", "Message": "done"}, "End": true}}}`,
		"roles/template.yaml": `Resources:
  FlowRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: FlowRole` + trustStates + `
      Policies:
        - PolicyName: publish
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sns:Publish
                Resource: "*"
`,
	},
	// A module calls another by a path a local value holds: the modules
	// are one unit, though the planner cannot tell.
	"terraform call through a local": {
		"root/main.tf": "locals { mod = \"../mod\" }\nmodule \"inner\" { source = local.mod }\n" +
			tfMachineWith("outer", `{Type = "Task", Resource = "arn:aws:states:::sqs:sendMessage", Parameters = {QueueUrl = "https://sqs.us-east-1.amazonaws.com/111122223333/q", MessageBody = "x"}, End = true}`),
		"mod/main.tf": tfMachineWith("inner", `{Type = "Task", Resource = "arn:aws:states:::sns:publish", Parameters = {TopicArn = "arn:aws:sns:us-east-1:111122223333:t", Message = "x"}, End = true}`),
	},
	// A config entry for a Sid one template has, and one no file has; a
	// comment in a definition two templates use, which silences a finding
	// of one and nothing of the other.
	"directives across units": {
		".sfn-lint.yaml": `ignore:
  - rule: SFN501
    sid: Wide
    reason: audited
  - rule: SFN501
    sid: Nowhere
    reason: stale
`,
		"one/template.yaml": samWithRole(`
              - Sid: Wide
                Effect: Allow
                Action: sqs:SendMessage
                Resource: "*"
`),
		"two/template.yaml": samWithRole(`
              - Effect: Allow
                Action: [sqs:SendMessage, lambda:InvokeFunction]
                Resource:
                  - arn:aws:sqs:us-east-1:111122223333:q
                  - arn:aws:lambda:us-east-1:111122223333:function:f
`),
		"shared/flow.asl.yaml": `StartAt: Call
States:
  Call:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke # sfn-lint-ignore SFN401: granted elsewhere
    Parameters:
      FunctionName: arn:aws:lambda:us-east-1:111122223333:function:f
    Next: Send
  Send:
    Type: Task
    Resource: arn:aws:states:::sqs:sendMessage
    Parameters:
      QueueUrl: https://sqs.us-east-1.amazonaws.com/111122223333/q
      MessageBody: x
    End: true
`,
	},
}

// unitWant are, for some cases, findings the case must give (or, after
// "!", must not give), each as part of its text line.
var unitWant = map[string][]string{
	"express child": {"!SFN402", "!SFN403", "!SFN404"},
	"copy of a machine not checked": {`app/template.yaml:2:3: note: state machine "Flow" is not checked`,
		`app/statemachine/flow.asl.json:1:2: note: state machine "flow" is not checked`},
	"credentials elsewhere": {"b/template.yaml:7:9: error: the trust policy"},
	"directives across units": {".sfn-lint.yaml:5:1: warning: sfn-lint-ignore SFN501 silences nothing",
		"!.sfn-lint.yaml:2:1", "!shared/flow.asl.yaml:5", "!SFN401", "!one/template.yaml"},
}

// TestUnitsDependent checks runs whose units depend on each other.
func TestUnitsDependent(t *testing.T) {
	for name, files := range unitCases {
		t.Run(name, func(t *testing.T) {
			writeTestTree(t, files)
			res := runBoth(t, "./...")
			if len(res.Diagnostics) == 0 {
				t.Error("no findings: the case checks nothing")
			}
			got := textLines(res)
			for _, w := range unitWant[name] {
				if absent, ok := strings.CutPrefix(w, "!"); ok && strings.Contains(got, absent) {
					t.Errorf("findings hold %q:\n%s", absent, got)
				} else if !ok && !strings.Contains(got, w) {
					t.Errorf("findings lack %q:\n%s", w, got)
				}
			}
		})
	}
}
