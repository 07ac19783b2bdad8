package project_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/internal/fuzzseed"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/formats"
	"github.com/sfn-lint/sfn-lint/rules"
)

// loadSeeds are small inputs for each kind of file Load recognises, written
// to reach the string-embedded definitions (whose offsets are mapped back
// into the template) and the policy forms that make evaluation three-valued.
var loadSeeds = []struct {
	data   string
	asYAML bool
}{
	// A template whose definition is an Fn::Sub string with a substitution
	// outside any JSON string, and whose role grants under a condition.
	{`{
  "Resources": {
    "Flow": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "RoleArn": {"Fn::GetAtt": ["FlowRole", "Arn"]},
        "DefinitionString": {"Fn::Sub": "{\"StartAt\": \"Run\", \"States\": {\"Run\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::ecs:runTask.sync\", \"Parameters\": {\"TaskDefinition\": \"${Def}\", \"Count\": ${Count}}, \"End\": true}}}"},
        "DefinitionSubstitutions": {"Def": {"Ref": "TaskDef"}}
      }
    },
    "FlowRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [
          {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": {"Ref": "TaskDef"}},
          {"Effect": "Allow", "Action": ["ecs:Describe*", "ecs:StopTask"], "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}
        ]}}]
      }
    },
    "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {}}
  }
}`, false},
	// A template whose definition is built with Fn::Join, one line a piece,
	// and a managed policy attached through Roles.
	{`{
  "Parameters": {"Queue": {"Type": "String"}},
  "Resources": {
    "Flow": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "RoleArn": {"Fn::GetAtt": ["FlowRole", "Arn"]},
        "DefinitionString": {"Fn::Join": ["\n", [
          "{\"StartAt\": \"Send\", \"States\": {\"Send\": {\"Type\": \"Task\",",
          "\"Resource\": \"arn:aws:states:::sqs:sendMessage\",",
          "\"Parameters\": {\"QueueUrl\": \"", {"Ref": "Queue"}, "\", \"MessageBody.$\": \"$\"}, \"End\": true}}}"
        ]]}
      }
    },
    "FlowRole": {"Type": "AWS::IAM::Role", "Properties": {"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSQSFullAccess", {"Ref": "Extra"}]}},
    "Extra": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {"Roles": [{"Ref": "FlowRole"}], "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}}}
    }
  }
}`, false},
	// The same shape in YAML with short-form tags and a literal block that
	// ends the file without a newline.
	{"Resources:\n  Flow:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      RoleArn: !GetAtt FlowRole.Arn\n" +
		"      DefinitionString: !Sub |\n        {\"StartAt\": \"Go\", \"States\": {\"Go\": {\"Type\": \"Task\",\n" +
		"          \"Resource\": \"arn:aws:states:::lambda:invoke\", \"Parameters\": {\"FunctionName\": \"${Fn.Arn}\"}, \"End\": true}}}",
		true},
	// A Definition object with Parallel branches, a distributed Map and
	// JSONata arguments.
	{"Resources:\n  Flow:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      RoleArn: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ext\n" +
		"      Definition:\n        QueryLanguage: JSONata\n        StartAt: P\n        States:\n          P:\n            Type: Parallel\n            End: true\n" +
		"            Branches:\n              - StartAt: M\n                States:\n                  M:\n                    Type: Map\n                    End: true\n" +
		"                    ItemReader:\n                      Resource: arn:aws:states:::s3:getObject\n                      Arguments: {Bucket: b, Key: k}\n" +
		"                    ItemProcessor:\n                      ProcessorConfig: {Mode: DISTRIBUTED}\n                      StartAt: T\n" +
		"                      States:\n                        T:\n                          Type: Task\n                          Resource: arn:aws:states:::glue:startJobRun.sync\n" +
		"                          Arguments: {JobName: '{% $states.input.job %}'}\n                          End: true\n",
		true},
	// A standalone definition.
	{`{"Comment": "x", "StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f:live", "Next": "B"},
  "B": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2", "Parameters": {"Bucket": "b"}, "Next": "C"},
  "C": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:act", "Next": "D"},
  "D": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child"}, "End": true}}}`, false},
	// A policy document with NotAction, NotResource, Deny and a condition.
	{`{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "NotAction": "iam:*", "NotResource": ["arn:aws:s3:::secret/*"]},
  {"Effect": "Deny", "Action": "s3:Delete?bject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
  {"Effect": "Maybe", "Action": "x:y"},
  "not a statement"
]}`, false},
	// Anchors, aliases and merge keys across statements.
	{"Statement:\n  - &s\n    Effect: Allow\n    Action: [states:StartExecution]\n    Resource: &r \"*\"\n  - <<: *s\n    Resource: *r\n    Action: states:Describe*\n", true},
	// Escapes only encoding/json reads.
	{`{"StartAt": "A\/B", "States": {"A\/B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t\ud83d\ude00"}, "End": true}}}`, false},
	// An alias bomb among the resources: it expands past the parser's
	// node budget, so the file is reported instead of read.
	{"Resources:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
		"  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
		"  g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n", true},
	// Malformed input, which an explicit file reports.
	{"Resources:\n  Flow: [\n", true},
	{`{"StartAt": "A", "States": {`, false},
}

func FuzzLoad(f *testing.F) {
	for _, s := range loadSeeds {
		f.Add([]byte(s.data), s.asYAML)
	}
	for _, s := range fuzzseed.Files(filepath.Join("..", "testdata")) {
		f.Add(s.Data, strings.ToLower(filepath.Ext(s.Path)) != ".json")
	}
	f.Fuzz(func(t *testing.T, data []byte, asYAML bool) {
		// The name decides whether YAML is allowed, and names standalone
		// machines.
		name := "f.json"
		if asYAML {
			name = "f.yaml"
		}
		read := func(p string) ([]byte, error) {
			if p != name {
				return nil, fs.ErrNotExist
			}
			return data, nil
		}
		p := project.Load([]string{name}, read, project.Options{Readers: formats.All(), Explicit: map[string]bool{name: true}})

		inFile := func(what string, pos, end int) {
			t.Helper()
			if pos < 0 || pos > end || end > len(data) {
				t.Fatalf("%s spans [%d, %d), the file has %d bytes", what, pos, end, len(data))
			}
		}
		for _, pr := range p.Problems {
			if pr.File == nil || pr.File.Path != name {
				t.Fatalf("problem %q is not about %s", pr.Msg, name)
			}
			inFile("problem "+pr.Msg, pr.Pos, pr.End)
		}

		// A .json file is read as JSON only; anything else may be YAML.
		parse := node.Parse
		if !asYAML {
			parse = node.ParseJSON
		}
		if _, err := parse(data); err != nil {
			var pe *node.Error
			if !errors.As(err, &pe) {
				t.Fatalf("parse error %v is a %T, want *node.Error", err, err)
			}
			// A malformed file is reported only when it holds one of the
			// words every input of ours has.
			want := 0
			if project.LooksRelevant(data) {
				want = 1
			}
			if len(p.Problems) != want {
				t.Fatalf("malformed file: %d problems, want %d: %+v", len(p.Problems), want, p.Problems)
			}
			if want == 0 {
				return
			}
			if pr := p.Problems[0]; pr.Pos != pe.Offset || pr.End != pe.Offset {
				t.Fatalf("malformed file: problem at [%d, %d), the parser says %d", pr.Pos, pr.End, pe.Offset)
			}
			if len(p.Machines) != 0 {
				t.Fatalf("malformed file yields %d machines", len(p.Machines))
			}
			return
		}

		for _, m := range p.Machines {
			if m.Definition != nil {
				for _, task := range m.Definition.Tasks {
					if rn := task.ResourceNode; rn != nil {
						inFile("resource of task "+task.Path, rn.Pos, rn.End)
					}
				}
			}
			// Expanding the catalog for every task and matching each need
			// against the role runs the symbolic matcher on whatever the
			// file contains.
			needs, _ := rules.Needs(p, m)
			if m.Role == nil {
				continue
			}
			for _, st := range statements(m.Role.Policies) {
				for _, items := range [][]iam.Item{st.Actions, st.Resources} {
					for _, it := range items {
						if it.Node != nil {
							inFile("policy item "+it.Value, it.Node.Pos, it.Node.End)
						}
					}
				}
			}
			for _, n := range needs {
				r := iam.Evaluate(m.Role.Policies, n.Action, n.Resource)
				// Every decision but the implicit deny is made by a statement.
				if (r.Decision == iam.ImplicitDeny) != (r.Statement == nil) {
					t.Fatalf("%s on %s: decision %v with statement %v", n.Action, n.Resource, r.Decision, r.Statement)
				}
			}
		}
	})
}

func statements(pols []*iam.Policy) []*iam.Statement {
	var out []*iam.Statement
	for _, p := range pols {
		out = append(out, p.Statements...)
	}
	return out
}
