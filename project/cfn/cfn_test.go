package cfn

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/projecttest"
	"github.com/sfn-lint/sfn-lint/project/standalone"
)

func load(t *testing.T, name, src string) *project.Project {
	t.Helper()
	return project.Load([]string{name}, func(string) ([]byte, error) { return []byte(src), nil }, project.Options{Readers: []project.Reader{Reader{}, standalone.Reader{}}})
}

// at returns line:col of an offset in the project's only file.
func at(p *project.Project, off int) string {
	line, col := p.Files[0].Lines.Position(off)
	return fmt.Sprintf("%d:%d", line, col)
}

const role = `
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]
`

func TestEmbeddedPositions(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // line:col of the first task's Resource value
	}{
		{"sub literal block", `Resources:
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      DefinitionString: !Sub |
        {"StartAt": "A", "TimeoutSeconds": ${Timeout},
         "States": {"A": {"Type": "Task", "Resource": "arn:${AWS::Partition}:states:::lambda:invoke", "End": true}}}
` + role, "8:55"},
		{"json escaped string", `{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
  "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
  "DefinitionString": "{\"StartAt\":\"A\",\n\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sns:publish\",\"End\":true}}}"}},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {}}}}`, "3:95"},
		{"join pieces", `{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
  "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
  "DefinitionString": {"Fn::Join": ["", [
    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:",
    {"Ref": "AWS::Partition"},
    ":states:::sqs:sendMessage\",\"End\":true}}}"]]}}},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {}}}}`, "4:75"},
		{"join with a value outside strings", `{"Parameters": {"Timeout": {"Type": "Number"}},
 "Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
  "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
  "DefinitionString": {"Fn::Join": ["", [
    "{\"StartAt\":\"A\",\"TimeoutSeconds\":", {"Ref": "Timeout"},
    ",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage\",\"End\":true}}}"]]}}},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {}}}}`, "6:57"},
		{"substitutions outside strings", `Resources:
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      DefinitionSubstitutions: {Timeout: 60}
      DefinitionString: |
        {"StartAt": "A", "TimeoutSeconds": ${Timeout},
         "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}
` + role, "9:55"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := load(t, "t.template", tt.src)
			if len(p.Problems) > 0 {
				t.Fatalf("problems: %+v", p.Problems)
			}
			if len(p.Machines) != 1 || p.Machines[0].Definition == nil || len(p.Machines[0].Definition.Tasks) != 1 {
				t.Fatalf("machines: %+v", p.Machines)
			}
			task := p.Machines[0].Definition.Tasks[0]
			if got := at(p, task.ResourceNode.Pos); got != tt.want {
				t.Errorf("Resource at %s, want %s", got, tt.want)
			}
			if !strings.HasPrefix(task.Resource, "arn:aws:states:::") {
				t.Errorf("Resource = %q", task.Resource)
			}
			if p.Machines[0].Role == nil {
				t.Errorf("unbound: %s", p.Machines[0].Unbound)
			}
		})
	}
}

func TestEmbeddedErrorPosition(t *testing.T) {
	p := load(t, "t.yaml", `Resources:
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: |
        {"StartAt": "A",
         "States": {"A": {"Type": "Pass" "End": true}}}
`)
	if len(p.Problems) != 1 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	pr := p.Problems[0]
	if got := at(p, pr.Pos); got != "7:42" || !strings.HasPrefix(pr.Msg, "cannot parse DefinitionString: invalid character") {
		t.Errorf("problem %q at %s, want DefinitionString syntax error at 7:42", pr.Msg, got)
	}
}

func TestIdentityAndAttachments(t *testing.T) {
	p := load(t, "t.yaml", `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: worker}
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
    Properties: {QueueName: jobs}
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}"
      DefinitionSubstitutions:
        Fn: !GetAtt Fn.Arn
        Topic: !Ref Topic
        Queue: !Ref Queue
      Definition:
        StartAt: A
        States:
          A: {Type: Task, Resource: "${Fn}", End: true}
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: inline
          PolicyDocument: {Statement: [{Effect: Allow, Action: "sns:Publish", Resource: !GetAtt Topic.TopicArn}]}
  Attached:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Role
      PolicyDocument: {Statement: [{Effect: Allow, Action: "sqs:SendMessage", Resource: !GetAtt Queue.Arn}]}
  AsString:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Role]
      PolicyDocument: !Sub '{"Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "${Fn.Arn}"}]}'
`)
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	m := p.Machines[0]
	if m.Role == nil {
		t.Fatalf("unbound: %s", m.Unbound)
	}
	var got []string
	for _, pol := range m.Role.Policies {
		for _, s := range pol.Statements {
			got = append(got, iam.Display(s.Resources[0].Value))
		}
	}
	want := []string{
		"arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${Topic.TopicName}",
		"arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:jobs",
		"arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:worker",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("policy resources:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r := iam.Display(m.Definition.Tasks[0].Resource); r != want[2] {
		t.Errorf("task resource = %q, want %q", r, want[2])
	}
}

func TestRoleTrustBoundaryAndTaskRoles(t *testing.T) {
	p := load(t, "t.yaml", `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: "lambda:*", Resource: "*"}]}
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: render-task
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}]}
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: render
      TaskRoleArn: !GetAtt TaskRole.Arn
      ExecutionRoleArn: arn:aws:iam::111122223333:role/ecs-exec
  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]
  Other:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: arn:aws:iam::111122223333:policy/org-boundary
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      Definition: {StartAt: A, States: {A: {Type: Succeed}}}
  N:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Other.Arn
      Definition: {StartAt: A, States: {A: {Type: Succeed}}}
`)
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	role := p.Machines[0].Role
	if role.Trust == nil || len(role.Trust.Statements) != 1 || role.Trust.Statements[0].Principals[0].Value != "states.amazonaws.com" {
		t.Errorf("trust = %+v", role.Trust)
	}
	if role.Boundary == nil || role.Boundary.Statements[0].Actions[0].Value != "lambda:*" {
		t.Errorf("boundary = %+v", role.Boundary)
	}
	if other := p.Machines[1].Role; other.Boundary != nil || other.BoundaryUnknown != "arn:aws:iam::111122223333:policy/org-boundary" {
		t.Errorf("unknown boundary = %+v %q", other.Boundary, other.BoundaryUnknown)
	}
	var got []string
	for k, v := range p.TaskRoles {
		got = append(got, iam.Display(k)+" -> "+strings.Join(v, ", "))
	}
	want := "arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/render:${TaskDef.Revision} -> arn:aws:iam::${AWS::AccountId}:role/render-task, arn:aws:iam::111122223333:role/ecs-exec"
	if len(got) != 1 || iam.Display(got[0]) != want {
		t.Errorf("task roles = %q, want %q", got, want)
	}
}

// TestSAMTracingPolicy checks what SAM's transform adds to the role it
// creates for a traced state machine: the X-Ray managed policy its
// get_xray_managed_policy_name names for the partition, and nothing when
// Enabled is not the boolean true or when the machine names its Role.
func TestSAMTracingPolicy(t *testing.T) {
	machine := func(props string) string {
		return `Resources:
  M:
    Type: AWS::Serverless::StateMachine
    Properties:
` + props + `
      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
`
	}
	tests := []struct{ name, src, want string }{
		{"aws", machine("      Tracing: {Enabled: true}"), "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"},
		{"aws-cn, as the template's ARNs show", machine("      Tracing: {Enabled: True}\n      Policies: [arn:aws-cn:iam::aws:policy/AWSLambda_FullAccess]"),
			"arn:aws-cn:iam::aws:policy/AWSLambda_FullAccess arn:aws-cn:iam::aws:policy/AWSXRayDaemonWriteAccess"},
		{"aws-us-gov", machine("      Tracing: {Enabled: true}\n      Policies: [{Statement: [{Effect: Allow, Action: sns:Publish, Resource: arn:aws-us-gov:sns:us-gov-west-1:111122223333:t}]}]"),
			"Policies[0] arn:aws-us-gov:iam::aws:policy/AWSXRayDaemonWriteAccess"},
		{"a string, which SAM does not take for true", machine(`      Tracing: {Enabled: "true"}`), ""},
		{"off", machine("      Tracing: {Enabled: false}"), ""},
		{"a parameter", machine("      Tracing: {Enabled: !Ref Trace}"), ""},
		{"the template's own role", machine("      Role: !GetAtt Role.Arn\n      Tracing: {Enabled: true}") + role, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := load(t, "t.yaml", tt.src)
			if len(p.Problems) > 0 || len(p.Machines) != 1 || p.Machines[0].Role == nil {
				t.Fatalf("problems %+v, machines %+v", p.Problems, p.Machines)
			}
			var names []string
			for _, pol := range p.Machines[0].Role.Policies {
				names = append(names, pol.Name)
			}
			if got := strings.Join(names, " "); got != tt.want {
				t.Errorf("policies %q, want %q", got, tt.want)
			}
			if len(p.Machines[0].Role.Unknown) > 0 {
				t.Errorf("unknown policies %q", p.Machines[0].Role.Unknown)
			}
		})
	}
}

// TestRoleUsers checks what counts as running with a state machine's role
// in a template: compute that assumes it, an instance profile, a state
// machine whose definition is not read, and one that passes the role on in
// its definition; not the SAM or CloudFormation state machines read with
// it, nor the key, bucket, topic or Lambda permission that grant to it.
func TestRoleUsers(t *testing.T) {
	p := load(t, "t.yaml", `Resources:
  Sam:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: !GetAtt Role.Arn
      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
  Cfn:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
  InS3:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      DefinitionS3Location: {Bucket: b, Key: k}
  Passes:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Other.Arn
      Definition: {StartAt: A, States: {A: {Type: Task, Resource: "arn:aws:states:::glue:startJobRun", Parameters: {JobName: j, "Arguments": {"--role": !GetAtt Role.Arn}}, End: true}}}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Role: !GetAtt Role.Arn}
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties: {Roles: [!Ref Role]}
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: !GetAtt Role.Arn}, Action: "kms:*", Resource: "*"}]}
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "*", Condition: {ArnEquals: {"aws:PrincipalArn": !GetAtt Role.Arn}}}]}
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [t]
      PolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: !GetAtt Role.Arn}, Action: "sns:Publish", Resource: "*"}]}
  Permission:
    Type: AWS::Lambda::Permission
    Properties: {Action: "lambda:InvokeFunction", FunctionName: f, Principal: !GetAtt Role.Arn}
  Attached:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref Role]
      PolicyDocument: {Statement: [{Effect: Allow, Action: "sns:Publish", Resource: "*"}]}
  Other:
    Type: AWS::IAM::Role
    Properties: {}
`+role)
	for _, name := range []string{"Sam", "Cfn"} {
		m := projecttest.Machine(t, p, name)
		if m.Role == nil {
			t.Fatalf("%s unbound: %s", name, m.Unbound)
		}
		if want := []string{"InS3", "Passes", "Fn", "Profile"}; !slices.Equal(m.Role.SharedWith, want) {
			t.Errorf("%s: shared with %q, want %q", name, m.Role.SharedWith, want)
		}
	}
}

// TestDefinitionUriSubstitutions checks a DefinitionUri file whose
// placeholders stand outside strings: read whether or not
// DefinitionSubstitutions fill them in (what they leave is SFN101's), with
// what stays broken reported where it is.
func TestDefinitionUriSubstitutions(t *testing.T) {
	files := map[string]string{
		"sam.yaml": `Resources:
  Filled:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: filled.json
      DefinitionSubstitutions: {Timeout: 60}
  Broken:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: broken.json
      DefinitionSubstitutions: {Timeout: 60}
  Unfilled:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: unfilled.json
`,
		"filled.json":   `{"StartAt": "A", "TimeoutSeconds": ${Timeout}, "States": {"A": {"Type": "Pass", "End": true}}}`,
		"broken.json":   `{"StartAt": "A", "TimeoutSeconds": ${Timeout}, "States": {"A": {"Type": "Pass" "End": true}}}`,
		"unfilled.json": `{"StartAt": "A", "TimeoutSeconds": ${Timeout}, "States": {"A": {"Type": "Pass", "End": true}}}`,
	}
	names := []string{"broken.json", "filled.json", "sam.yaml", "unfilled.json"}
	p := project.Load(names, func(name string) ([]byte, error) { return []byte(files[name]), nil },
		project.Options{Readers: []project.Reader{Reader{}, standalone.Reader{}}})
	var got []string
	for _, pr := range p.Problems {
		got = append(got, fmt.Sprintf("%s:%s %s", pr.File.Path, projecttest.LineCol(p, pr.File.Path, pr.Pos), pr.Msg))
	}
	// A placeholder that nothing fills in is not a parse error: the
	// definition is read, and SFN101 reports what it leaves.
	want := []string{
		"broken.json:1:80 cannot parse: invalid character '\"' after object key:value pair",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for name, unbound := range map[string]bool{"Filled": false, "Broken": true, "Unfilled": false} {
		if m := projecttest.Machine(t, p, name); (m.Definition == nil) != unbound {
			t.Errorf("%s: definition %v, unbound %q", name, m.Definition, m.Unbound)
		}
	}
	if v := projecttest.Machine(t, p, "Filled").Definition.Root.Get("TimeoutSeconds").Value; v != "${Timeout}" {
		t.Errorf("TimeoutSeconds %q", v)
	}
}

// TestHTTPAPIs checks which of a template's APIs are read as HTTP APIs:
// those a call without a stage reaches at their $default stage.
func TestHTTPAPIs(t *testing.T) {
	p := load(t, "template.yaml", `Transform: AWS::Serverless-2016-10-31
Resources:
  Ledger:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: ledger, ProtocolType: HTTP}
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: chat, ProtocolType: WEBSOCKET}
  Reports:
    Type: AWS::Serverless::HttpApi
  Legacy:
    Type: AWS::ApiGateway::RestApi
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      InlineCode: "x"
      Events:
        Implicit: {Type: HttpApi, Properties: {Path: /x, Method: get}}
`)
	want := []string{iam.Sym("Ledger"), iam.Sym("Reports"), iam.Sym("ServerlessHttpApi")}
	if got := slices.Sorted(slices.Values(p.HTTPAPIs)); !slices.Equal(got, want) {
		t.Errorf("HTTPAPIs = %q, want %q", got, want)
	}
}

// TestExpressionValues checks that a function that is not evaluated is
// one value wherever it is written, in either form, and reads in messages
// as the template writes it.
func TestExpressionValues(t *testing.T) {
	p := load(t, "t.yaml", `Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      DefinitionSubstitutions:
        Table: !If [IsProd, orders, orders-staging]
      Definition:
        StartAt: A
        States:
          A: {Type: Task, Resource: arn:aws:states:::dynamodb:putItem, Parameters: {TableName: "${Table}"}, End: true}
`+role+`      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: dynamodb:PutItem
                Resource:
                  Fn::Sub:
                    - arn:aws:dynamodb:us-east-1:123456789012:table/${T}
                    - T: {"Fn::If": [IsProd, orders, orders-staging]}
`)
	m := p.Machines[0]
	table := m.Definition.Tasks[0].Param("TableName")[0].Value
	if got, want := iam.Display(table), "${Fn::If [IsProd, orders, orders-staging]}"; got != want {
		t.Errorf("table = %q, want %q", got, want)
	}
	res := m.Role.Policies[0].Statements[0].Resources[0].Value
	if !strings.HasSuffix(res, "table/"+table) {
		t.Errorf("the policy's Fn::If is another value: %q", iam.Display(res))
	}
}

// TestSelect checks Fn::Select of a list and of a Fn::Split whose part is
// sure, and that a part a parameter may shift stays an expression.
func TestSelect(t *testing.T) {
	p := load(t, "t.yaml", `Parameters:
  Prefix: {Type: String}
Resources:
  Data:
    Type: AWS::S3::Bucket
  Named:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub ${Prefix}-data
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      DefinitionSubstitutions:
        A: !Select [5, !Split [":", !GetAtt Data.Arn]]
        B: !Select [1, [a, b, c]]
        C: !Select [5, !Split [":", !GetAtt Named.Arn]]
      Definition:
        StartAt: A
        States:
          A: {Type: Task, Resource: "arn:aws:states:::sqs:sendMessage", Parameters: {A: "${A}", B: "${B}", C: "${C}"}, End: true}
`+role)
	task := p.Machines[0].Definition.Tasks[0]
	for param, want := range map[string]string{
		"A": iam.GenSym("Data"), // the bucket's generated name
		"B": "b",
		"C": "${Fn::Select [5, Fn::Split [':', Fn::GetAtt Named.Arn]]}",
	} {
		got := task.Param(param)[0].Value
		if param == "C" {
			got = iam.Display(got)
		}
		if got != want {
			t.Errorf("%s = %q, want %q", param, iam.Display(got), iam.Display(want))
		}
	}
}

// TestUnsubstitutedPlaceholders checks what fills ${Name} in each kind of
// definition: Fn::Sub its template's names, DefinitionSubstitutions their
// keys, and nothing else, which stays the text it is.
func TestUnsubstitutedPlaceholders(t *testing.T) {
	p := load(t, "t.yaml", `Parameters:
  Fn:
    Type: String
Resources:
  Sub:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionSubstitutions: {Other: x}
      DefinitionString: !Sub '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${Fn}", "Comment": "${!Other} ${!Gone}", "End": true}}}'
  Plain:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionSubstitutions: {fn: "${inner}", inner: x}
      Definition:
        StartAt: A
        States:
          A: {Type: Task, Resource: "${Fn}", Comment: {"Fn::Sub": "${!fn}"}, End: true}
  Sam:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: A
        States:
          A: {Type: Task, Resource: "arn:aws:lambda:${AWS::Region}:1:function:f", End: true}
`)
	tests := []struct{ machine, resource, comment, name, reason string }{
		// In Fn::Sub, a parameter is a value known at deploy, not text.
		{"Sub", iam.Sym("Fn"), "x ${Gone}", "Gone", `the DefinitionSubstitutions of "Sub" have no "Gone"`},
		{"Plain", "${Fn}", "x", "Fn", `the DefinitionSubstitutions of "Plain" have "fn", not "Fn", and keys are case-sensitive`},
		{"Sam", "arn:aws:lambda:${AWS::Region}:1:function:f", "", "AWS::Region", `state machine "Sam" has no DefinitionSubstitutions`},
	}
	for _, tt := range tests {
		m := projecttest.Machine(t, p, tt.machine)
		task := m.Definition.Tasks[0]
		if task.Resource != tt.resource {
			t.Errorf("%s: resource %q, want %q", tt.machine, task.Resource, tt.resource)
		}
		if c, _ := m.Definition.Value(task.Node.Get("Comment")); c != tt.comment {
			t.Errorf("%s: comment %q, want %q", tt.machine, c, tt.comment)
		}
		if got := m.Unsubstituted(tt.name); got != tt.reason {
			t.Errorf("%s: reason %q, want %q", tt.machine, got, tt.reason)
		}
	}
}

// TestConditionalRole checks a RoleArn written as Fn::If: bound when both
// branches name one role, and otherwise not checked, with the condition
// and what each branch names in the reason.
func TestConditionalRole(t *testing.T) {
	role := func(name string) string {
		return "  " + name + `:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]}
`
	}
	machine := func(name, roleArn string) string {
		return "  " + name + `:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: ` + roleArn + `
      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
`
	}
	p := load(t, "t.yaml", "Parameters:\n  Given: {Type: String}\nConditions:\n  IsProd: !Equals [a, b]\nResources:\n"+
		role("Prod")+role("Dev")+
		machine("Split", "!If [IsProd, !GetAtt Prod.Arn, !GetAtt Dev.Arn]")+
		machine("Same", "{'Fn::If': [IsProd, !GetAtt Prod.Arn, !Ref Prod]}")+
		machine("Param", "!If [IsProd, !GetAtt Prod.Arn, !Ref Given]"))
	for name, want := range map[string]string{
		"Split": `its RoleArn depends on the condition "IsProd" (Fn::If), which is decided at deploy: it is role "Prod" when true and role "Dev" when false`,
		"Same":  "",
		"Param": `its RoleArn depends on the condition "IsProd" (Fn::If), which is decided at deploy: it is role "Prod" when true and a role not read here (role ARN comes from the parameter "Given") when false`,
	} {
		m := projecttest.Machine(t, p, name)
		if m.Unbound != want {
			t.Errorf("%s: unbound %q, want %q", name, m.Unbound, want)
		}
		if want == "" && (m.Role == nil || m.Role.Name != "Prod") {
			t.Errorf("%s: role %v, want Prod", name, m.Role)
		}
	}
}
