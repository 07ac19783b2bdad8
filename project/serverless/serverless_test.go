package serverless

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/cfn"
	"github.com/sfn-lint/sfn-lint/project/standalone"
)

// slsLoad loads a project of several files held in memory.
func slsLoad(t *testing.T, files map[string]string) *project.Project {
	t.Helper()
	return project.Load(slices.Sorted(maps.Keys(files)), func(name string) ([]byte, error) {
		if src, ok := files[name]; ok {
			return []byte(src), nil
		}
		return nil, fs.ErrNotExist
	}, project.Options{Readers: []project.Reader{cfn.Reader{}, Reader{}, standalone.Reader{}}})
}

// slsPos returns line:col of an offset in a file of the project.
func slsPos(p *project.Project, file string, off int) string {
	line, col := p.File(file).Lines.Position(off)
	return fmt.Sprintf("%s:%d:%d", file, line, col)
}

func TestServerlessVariables(t *testing.T) {
	p := slsLoad(t, map[string]string{
		"svc/serverless.yml": `service: shop
provider:
  name: aws
  stage: ${opt:stage, 'dev'}
custom:
  table: orders-${sls:stage}
  nested: ${self:custom.table}
  count: 3
  list: [a, b]
  key: table
  loop: ${self:custom.loop}
stepFunctions:
  stateMachines: {}
`,
		// No word the loader looks for: read only because it is included.
		"svc/config.yml": "bucket: media-${sls:stage}\nsizes:\n  - small\n  - large\n",
	})
	s := newService(p, p.File("svc/serverless.yml"))
	stage := iam.Sym("sls:stage")
	tests := []struct{ in, want string }{
		{"${self:service}", "shop"},
		{"${sls:stage}", stage},
		{"${opt:stage, 'dev'}", stage},
		{"${self:provider.stage}", stage},
		{"${self:provider.region}", iam.Region},
		{"${self:custom.nested}-x", "orders-" + stage + "-x"},
		{"${self:custom.missing, 'plain'}", "plain"},
		{`${self:custom.missing, "double"}`, "double"},
		{"${self:custom.missing, self:custom.table}", "orders-" + stage},
		{"${self:custom.${self:custom.key}}", "orders-" + stage},
		{"${self:custom.count}", "3"},
		// A list inside a string is refused by the Framework.
		{"${self:custom.list}-x", iam.Sym("self:custom.list") + "-x"},
		{"${self:custom.loop}", iam.Sym("self:custom.loop")},
		{"${env:TABLE, 'fallback'}", iam.Sym("env:TABLE")},
		{"${ssm:/shop/key}", iam.Sym("ssm:/shop/key")},
		{"${aws:region}/${aws:accountId}", iam.Region + "/" + iam.AccountID},
		{"${file(config.yml):bucket}", "media-" + stage},
		{"${file(config.yml):sizes.1}", "large"},
		{"${file(./missing.yml):bucket, 'none'}", "none"},
		{"${file(handler.js):name}", iam.Sym("file(handler.js):name")},
		// What CloudFormation substitutes is left alone.
		{"arn:${AWS::Partition}:s3:::${self:custom.table}/${Bucket.Arn}", "arn:${AWS::Partition}:s3:::orders-" + stage + "/${Bucket.Arn}"},
		{"${foo}", "${foo}"},
	}
	for _, tt := range tests {
		if got := s.subst(tt.in, 0); got != tt.want {
			t.Errorf("subst(%q) = %q, want %q", tt.in, iam.Display(got), iam.Display(tt.want))
		}
	}

	// A variable standing for a whole value brings in its node.
	n := &node.Node{Kind: node.Scalar, Style: node.String, Value: "${file(config.yml):sizes}", Pos: 1, End: 5}
	got, f := s.deref(n, s.f, 0)
	if got.Kind != node.Seq || len(got.Items) != 2 || f.Path != "svc/config.yml" {
		t.Errorf("deref = %+v in %s, want the list of svc/config.yml", got, f.Path)
	}
	// Expanded where it is used, it points at the reference.
	e := s.expand(n, s.f, 0)
	if e.Kind != node.Seq || e.Items[1].Value != "large" || e.Items[1].Pos != 1 || e.Items[1].End != 5 {
		t.Errorf("expand = %+v, want the list at the reference", e.Items)
	}
}

func TestServerlessStageAndRegion(t *testing.T) {
	tests := []struct{ provider, stage, region string }{
		{"provider: {name: aws}", iam.Sym("sls:stage"), iam.Region},
		{"provider: {name: aws, stage: prod, region: eu-west-1}", "prod", "eu-west-1"},
		{`provider: {name: aws, stage: "${opt:stage, 'dev'}", region: "${opt:region, 'us-east-1'}"}`, iam.Sym("sls:stage"), iam.Region},
	}
	for _, tt := range tests {
		p := slsLoad(t, map[string]string{"serverless.yml": "service: x\n" + tt.provider + "\nstepFunctions: {stateMachines: {}}\n"})
		s := newService(p, p.File("serverless.yml"))
		if s.stage != tt.stage || s.region != tt.region {
			t.Errorf("%s: stage %q region %q, want %q %q", tt.provider, iam.Display(s.stage), iam.Display(s.region), iam.Display(tt.stage), iam.Display(tt.region))
		}
	}
}

func TestServerlessFunctionNaming(t *testing.T) {
	for in, want := range map[string]string{
		"hello":       "Hello",
		"hello-world": "HelloDashworld",
		"send_mail":   "SendUnderscoremail",
		"Already":     "Already",
		// The stage stays one symbol.
		"api-" + iam.Sym("sls:stage"): "ApiDash" + iam.Sym("sls:stage"),
	} {
		if got := normalizeName(in); got != want {
			t.Errorf("normalizeName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := lambdaLogicalID("hello-world"); got != "HelloDashworldLambdaFunction" {
		t.Errorf("lambdaLogicalID = %q", got)
	}

	// Each way of naming a function in a definition, and the policy naming
	// it by its logical ID or by its deployed name, come to the same ARN.
	p := slsLoad(t, map[string]string{"serverless.yml": `service: shop
provider: {name: aws}
functions:
  hello: {handler: h.hello}
  named: {handler: h.named, name: shop-named}
  extra: {handler: h.extra}
stepFunctions:
  stateMachines:
    m:
      role: !GetAtt Role.Arn
      definition:
        StartAt: A
        States:
          A: {Type: Task, Resource: {Fn::GetAtt: [hello, Arn]}, Next: B}
          B: {Type: Task, Resource: !GetAtt hello.Arn, Next: C}
          C: {Type: Task, Resource: {Fn::GetAtt: [HelloLambdaFunction, Arn]}, Next: D}
          D: {Type: Task, Resource: {Ref: named}, Next: E}
          E: {Type: Task, Resource: "arn:aws:states:::lambda:invoke", Parameters: {FunctionName: {Ref: hello}}, Next: F}
          F: {Type: Task, Resource: {Fn::GetAtt: [extra, Arn]}, End: true}
resources:
  Resources:
    # Merged by the Framework into the function it writes, whose name stays.
    ExtraLambdaFunction: {Properties: {Timeout: 30}}
    Role:
      Type: AWS::IAM::Role
      Properties:
        Policies:
          - PolicyName: p
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: lambda:InvokeFunction
                  Resource:
                    - !GetAtt HelloLambdaFunction.Arn
                    - arn:aws:lambda:${aws:region}:${aws:accountId}:function:${self:service}-${sls:stage}-hello
                    - !Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-named
`})
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	m := p.Machines[0]
	hello := "arn:aws:lambda:" + iam.Region + ":" + iam.AccountID + ":function:shop-" + iam.Sym("sls:stage") + "-hello"
	named := "arn:aws:lambda:" + iam.Region + ":" + iam.AccountID + ":function:shop-named"
	extra := "arn:aws:lambda:" + iam.Region + ":" + iam.AccountID + ":function:shop-" + iam.Sym("sls:stage") + "-extra"
	for i, want := range []string{hello, hello, hello, named, "arn:aws:states:::lambda:invoke", extra} {
		if got := m.Definition.Tasks[i].Resource; got != want {
			t.Errorf("task %s resource = %q, want %q", m.Definition.Tasks[i].Name, iam.Display(got), iam.Display(want))
		}
	}
	if got := m.Definition.Tasks[4].Param("FunctionName"); len(got) != 1 || got[0].Value != hello {
		t.Errorf("task E FunctionName = %+v, want %q", got, iam.Display(hello))
	}
	var res []string
	for _, it := range m.Role.Policies[0].Statements[0].Resources {
		res = append(res, it.Value)
	}
	if want := []string{hello, hello, named}; !slices.Equal(res, want) {
		t.Errorf("policy resources = %q, want %q", res, want)
	}
}

func TestServerlessBindings(t *testing.T) {
	p := slsLoad(t, map[string]string{
		"app/serverless.yml": `service: app
provider: {name: aws}
stepFunctions:
  stateMachines:
    fromFile:
      role: arn:aws:iam::${aws:accountId}:role/app-runner
      definition: ${file(flows/main.asl.yaml)}
    missingFile:
      role: !GetAtt Runner.Arn
      definition: ${file(flows/nope.json)}
    elsewhere:
      role: arn:aws:iam::111122223333:role/shared
      definition: {StartAt: A, States: {A: {Type: Succeed}}}
    fromSsm:
      role: ${ssm:/app/role-arn}
      definition: {StartAt: A, States: {A: {Type: Succeed}}}
    noDefinition:
      role: !GetAtt Runner.Arn
resources:
  Resources:
    Runner:
      Type: AWS::IAM::Role
      Properties:
        RoleName: app-runner
`,
		"app/flows/main.asl.yaml": "StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: arn:aws:states:::sns:publish\n    End: true\n",
	})
	var probs []string
	for _, pr := range p.Problems {
		probs = append(probs, slsPos(p, pr.File.Path, pr.Pos)+" "+pr.Msg)
	}
	wantProbs := []string{
		`app/serverless.yml:10:19 the definition file "flows/nope.json" does not exist`,
		`app/serverless.yml:17:5 state machine "noDefinition" has no definition`,
	}
	if !slices.Equal(probs, wantProbs) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(probs, "\n"), strings.Join(wantProbs, "\n"))
	}
	var got []string
	for _, m := range p.Machines {
		line := fmt.Sprintf("%s %s at %s", m.Name, m.Path, slsPos(p, m.File.Path, m.NameNode.Pos))
		if m.Role != nil {
			line += " role " + m.Role.Name
		} else {
			line += " unbound: " + m.Unbound
		}
		if m.DefinitionFile != nil {
			line += " definition in " + m.DefinitionFile.Path
			line += " task at " + slsPos(p, m.DefinitionFile.Path, m.Definition.Tasks[0].ResourceNode.Pos)
		}
		got = append(got, line)
	}
	want := []string{
		"fromFile stepFunctions.stateMachines.fromFile at app/serverless.yml:5:5 role Runner definition in app/flows/main.asl.yaml task at app/flows/main.asl.yaml:5:15",
		"missingFile stepFunctions.stateMachines.missingFile at app/serverless.yml:8:5 unbound: its definition file does not exist",
		`elsewhere stepFunctions.stateMachines.elsewhere at app/serverless.yml:11:5 unbound: its role "arn:aws:iam::111122223333:role/shared" is not a role of resources.Resources`,
		"fromSsm stepFunctions.stateMachines.fromSsm at app/serverless.yml:14:5 unbound: its role comes from ${ssm:/app/role-arn}, which is not known here",
		"noDefinition stepFunctions.stateMachines.noDefinition at app/serverless.yml:17:5 unbound: it has no definition",
	}
	if !slices.Equal(got, want) {
		t.Errorf("machines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The definition file is read as part of the service, not on its own.
	if len(p.Machines) != len(want) {
		t.Errorf("%d machines, want %d", len(p.Machines), len(want))
	}
}

// generated renders the statements of a machine's role, one a line.
func generated(m *project.Machine) string {
	var b strings.Builder
	for _, pol := range m.Role.Policies {
		for _, s := range pol.Statements {
			var acts, res []string
			for _, a := range s.Actions {
				acts = append(acts, a.Value)
			}
			for _, r := range s.Resources {
				res = append(res, iam.Display(r.Value))
			}
			effect := "Allow"
			if s.Deny {
				effect = "Deny"
			}
			fmt.Fprintf(&b, "%s %s %s on %s\n", pol.Name, effect, strings.Join(acts, ","), strings.Join(res, " "))
		}
	}
	return b.String()
}

func TestServerlessGeneratedRole(t *testing.T) {
	p := slsLoad(t, map[string]string{"serverless.yml": `service: gen
provider:
  name: aws
  stage: prod
  rolePermissionsBoundary: arn:aws:iam::111122223333:policy/boundary
functions:
  work: {handler: h.work}
stepFunctions:
  stateMachines:
    main:
      loggingConfig: {level: ERROR, destinations: [!GetAtt Logs.Arn]}
      definition:
        StartAt: Queue
        States:
          Queue:
            Type: Task
            Resource: arn:aws:states:::sqs:sendMessage
            Parameters: {QueueUrl: !Ref Jobs, MessageBody.$: $}
            Next: Put
          Put:
            Type: Task
            Resource: arn:aws:states:::dynamodb:putItem
            Parameters: {TableName: !Sub "${AWS::StackName}-items", Item: {}}
            Next: Invoke
          Invoke:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters: {FunctionName: "123456789012:function:remote", Payload.$: $}
            Next: Fan
          Fan:
            Type: Map
            ItemProcessor:
              ProcessorConfig: {Mode: DISTRIBUTED}
              StartAt: Work
              States:
                Work: {Type: Task, Resource: !GetAtt work.Arn, End: true}
            ResultWriter:
              Resource: arn:aws:states:::s3:putObject
              Parameters: {Bucket: results, Prefix: runs}
            Next: Crawl
          Crawl:
            Type: Task
            Resource: arn:aws:states:::aws-sdk:glue:startCrawler
            Parameters: {Name: c}
            End: true
    idle:
      name: idle-machine
      definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
    extra:
      iamRoleStatements:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::bucket/*
      definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
resources:
  Resources:
    Jobs: {Type: AWS::SQS::Queue}
`})
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	byName := map[string]*project.Machine{}
	for _, m := range p.Machines {
		byName[m.Name] = m
	}
	main := byName["main"]
	if main.Role.Name != "MainStepFunctionsStateMachineRole" || main.Role.File.Path != "serverless.yml" || slsPos(p, "serverless.yml", main.Role.Node.Pos) != "serverless.yml:10:5" {
		t.Errorf("role %q at %s", main.Role.Name, slsPos(p, "serverless.yml", main.Role.Node.Pos))
	}
	if main.Role.Trust != nil || main.Role.BoundaryUnknown != "arn:aws:iam::111122223333:policy/boundary" {
		t.Errorf("trust %v, boundary %q", main.Role.Trust, main.Role.BoundaryUnknown)
	}
	want := `prod-gen-statemachine Allow sqs:SendMessage on arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Jobs.QueueName}
prod-gen-statemachine Allow dynamodb:PutItem on arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/[object Object]
prod-gen-statemachine Allow lambda:InvokeFunction on arn:aws:lambda:${AWS::Region}:123456789012:function:remote arn:aws:lambda:${AWS::Region}:123456789012:function:remote:*
prod-gen-statemachine Allow lambda:InvokeFunction on arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:gen-prod-work arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:gen-prod-work:*
prod-gen-statemachine Allow states:StartExecution on arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:main
prod-gen-statemachine Allow states:DescribeExecution,states:StopExecution on arn:aws:states:${AWS::Region}:${AWS::AccountId}:execution:main:*
prod-gen-statemachine Allow events:PutTargets,events:PutRule,events:DescribeRule on arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule
prod-gen-statemachine Allow s3:PutObject on arn:aws:s3:::results/runs/*
prod-gen-statemachine Allow logs:CreateLogDelivery,logs:GetLogDelivery,logs:UpdateLogDelivery,logs:DeleteLogDelivery,logs:ListLogDeliveries,logs:PutResourcePolicy,logs:DescribeResourcePolicies,logs:DescribeLogGroups on *
`
	if got := generated(main); got != want {
		t.Errorf("generated role:\n%s\nwant:\n%s", got, want)
	}
	for _, pol := range main.Role.Policies {
		if !pol.Generated {
			t.Errorf("policy %s is not marked generated", pol.Name)
		}
	}
	if got, want := generated(byName["idle"]), "prod-gen-statemachine Deny * on *\n"; got != want {
		t.Errorf("idle role:\n%s\nwant:\n%s", got, want)
	}
	if byName["idle"].Role.Name != "IdleDashmachineRole" {
		t.Errorf("idle role name %q", byName["idle"].Role.Name)
	}
	extra := byName["extra"].Role
	if got, want := generated(byName["extra"]), "iamRoleStatements Allow s3:GetObject on arn:aws:s3:::bucket/*\n"; got != want {
		t.Errorf("extra role:\n%s\nwant:\n%s", got, want)
	}
	if pol := extra.Policies[0]; pol.Generated || slsPos(p, pol.File, pol.Statements[0].Node.Pos) != "serverless.yml:51:11" {
		t.Errorf("iamRoleStatements: generated %v at %s", pol.Generated, slsPos(p, pol.File, pol.Statements[0].Node.Pos))
	}
}

func TestServerlessIncludedFiles(t *testing.T) {
	p := slsLoad(t, map[string]string{
		"serverless.yml": `service: inc
provider: {name: aws}
stepFunctions:
  stateMachines:
    one: ${file(machines/one.yml)}
resources:
  - ${file(resources/roles.yml)}
  - Resources:
      Queue: {Type: AWS::SQS::Queue}
`,
		"machines/one.yml": `name: one
role: {Fn::GetAtt: [Runner, Arn]}
loggingConfig: {level: ALL}
definition:
  StartAt: A
  States:
    A: {Type: Task, Resource: arn:aws:states:::sqs:sendMessage, Parameters: {QueueUrl: !Ref Queue, MessageBody: x}, End: true}
`,
		"resources/roles.yml": `Resources:
  Runner:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument: {Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Queue.Arn}]}
`,
	})
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	var m *project.Machine
	for _, mm := range p.Machines {
		if mm.File.Kind == Serverless {
			m = mm
		}
	}
	if m == nil || m.Role == nil {
		t.Fatalf("machine not read or unbound: %+v", m)
	}
	pol := m.Role.Policies[0]
	got := []string{
		slsPos(p, m.File.Path, m.NameNode.Pos),
		// The machine's settings come from the included file; findings
		// about them point at the reference.
		slsPos(p, m.File.Path, m.LoggingNode.Pos),
		slsPos(p, m.DefFile().Path, m.Definition.Tasks[0].ResourceNode.Pos),
		m.Role.File.Path,
		slsPos(p, pol.File, pol.Statements[0].ResourceNode.Pos),
	}
	want := []string{
		"serverless.yml:5:5",
		"serverless.yml:5:10",
		"machines/one.yml:7:31",
		"resources/roles.yml",
		"resources/roles.yml:7:91",
	}
	if !slices.Equal(got, want) {
		t.Errorf("positions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	queue := "arn:aws:sqs:" + iam.Region + ":" + iam.AccountID + ":" + iam.GenSym("Queue.QueueName")
	if r := pol.Statements[0].Resources[0].Value; r != queue {
		t.Errorf("policy resource %q, want %q", iam.Display(r), iam.Display(queue))
	}
	if !m.Logging || m.ARN != "arn:aws:states:"+iam.Region+":"+iam.AccountID+":stateMachine:one" {
		t.Errorf("logging %v, ARN %q", m.Logging, iam.Display(m.ARN))
	}
}

// TestServerlessStrategies pins what the generated role holds for single
// tasks, including where the plugin grants nothing or the wrong thing.
func TestServerlessStrategies(t *testing.T) {
	tests := []struct{ name, task, want string }{
		{"sns from JSONata arguments is not read by the plugin",
			`{Type: Task, QueryLanguage: JSONata, Resource: "arn:aws:states:::sns:publish", Arguments: {TopicArn: "arn:aws:sns:us-east-1:111122223333:t"}, End: true}`,
			"Deny * on *"},
		{"sns",
			`{Type: Task, Resource: "arn:aws:states:::sns:publish", Parameters: {TopicArn: "arn:aws:sns:#{AWS::Region}:#{AWS::AccountId}:t"}, End: true}`,
			"Allow sns:Publish on arn:aws:sns:${AWS::Region}:${AWS::AccountId}:t"},
		{"sqs from the input",
			`{Type: Task, Resource: "arn:aws:states:::sqs:sendMessage", Parameters: {QueueUrl.$: "$.q"}, End: true}`,
			"Allow sqs:SendMessage on *"},
		{"sqs url",
			`{Type: Task, Resource: "arn:aws:states:::sqs:sendMessage", Parameters: {QueueUrl: "https://sqs.us-gov-west-1.amazonaws.com/111122223333/q"}, End: true}`,
			"Allow sqs:SendMessage on arn:aws-us-gov:sqs:us-gov-west-1:111122223333:q"},
		{"dynamodb index",
			`{Type: Task, Resource: "arn:aws:states:::aws-sdk:dynamodb:query", Parameters: {TableName: t, IndexName: byDate}, End: true}`,
			"Allow dynamodb:Query on arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/t/index/byDate"},
		{"dynamodb batch",
			`{Type: Task, Resource: "arn:aws:states:::aws-sdk:dynamodb:batchWriteItem", Parameters: {RequestItems: {a: [], b.$: "$.b"}}, End: true}`,
			"Allow dynamodb:BatchWriteItem on arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/a\n" +
				"Allow dynamodb:BatchWriteItem on arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/b"},
		{"lambda from the input with allowed functions",
			`{Type: Task, Resource: "arn:aws:states:::lambda:invoke", Parameters: {FunctionName.$: "$.fn", AllowedFunctions: [f1, f2]}, End: true}`,
			"Allow lambda:InvokeFunction on f1 f2"},
		{"lambda ARN with an alias",
			`{Type: Task, Resource: "arn:aws:lambda:us-east-1:111122223333:function:f:live", End: true}`,
			"Allow lambda:InvokeFunction on arn:aws:lambda:us-east-1:111122223333:function:f arn:aws:lambda:us-east-1:111122223333:function:f:*"},
		{"nested execution from Fn::Sub",
			`{Type: Task, Resource: "arn:${AWS::Partition}:states:::states:startExecution.sync:2", Parameters: {StateMachineArn: !Sub "arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:child"}, End: true}`,
			"Allow states:StartExecution on arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:child\n" +
				"Allow states:DescribeExecution,states:StopExecution on arn:aws:states:${AWS::Region}:${AWS::AccountId}:execution:child:*\n" +
				"Allow events:PutTargets,events:PutRule,events:DescribeRule on arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"},
		{"codebuild project from the input",
			`{Type: Task, Resource: "arn:aws:states:::codebuild:startBuild", Parameters: {ProjectName.$: "$.p"}, End: true}`,
			"Allow codebuild:StartBuild,codebuild:StopBuild,codebuild:BatchGetBuilds on arn:aws:codebuild:${AWS::Region}:${AWS::AccountId}:project/undefined\n" +
				"Allow events:PutTargets,events:PutRule,events:DescribeRule on arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"},
		{"bedrock inference profile taken for a foundation model",
			`{Type: Task, Resource: "arn:aws:states:::bedrock:invokeModel", Parameters: {ModelId: us.amazon.nova-lite-v1:0}, End: true}`,
			"Allow bedrock:InvokeModel on arn:aws:bedrock:${AWS::Region}::foundation-model/us.amazon.nova-lite-v1:0"},
		{"bedrock model from the input, on which the plugin fails",
			`{Type: Task, Resource: "arn:aws:states:::bedrock:invokeModel", Parameters: {ModelId.$: "$.m"}, End: true}`,
			"Allow bedrock:InvokeModel on *"},
		{"event buses",
			`{Type: Task, Resource: "arn:aws:states:::events:putEvents", Parameters: {Entries: [{EventBusName: orders}, {Source: s}]}, End: true}`,
			"Allow events:PutEvents on arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/default arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/orders"},
		{"http connection",
			`{Type: Task, Resource: "arn:aws:states:::http:invoke", Parameters: {Authentication: {ConnectionArn: !GetAtt Conn.Arn}}, End: true}`,
			"Allow states:InvokeHTTPEndpoint on *\n" +
				"Allow events:RetrieveConnectionCredentials on arn:aws:events:${AWS::Region}:${AWS::AccountId}:connection/${Conn}/${Conn.Id}\n" +
				"Allow secretsmanager:GetSecretValue,secretsmanager:DescribeSecret on arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:events!connection/*"},
		{"emr without its events rule",
			`{Type: Task, Resource: "arn:aws:states:::elasticmapreduce:addStep.sync", Parameters: {ClusterId: c, Step: {}}, End: true}`,
			"Allow elasticmapreduce:AddJobFlowSteps,elasticmapreduce:DescribeStep,elasticmapreduce:CancelSteps on *"},
		{"glue on everything",
			`{Type: Task, Resource: "arn:aws:states:::glue:startJobRun.sync", Parameters: {JobName: j}, End: true}`,
			"Allow glue:StartJobRun,glue:GetJobRun,glue:GetJobRuns,glue:BatchStopJobRun on *"},
		{"an integration the plugin does not know",
			`{Type: Task, Resource: "arn:aws:states:::aws-sdk:s3:copyObject", Parameters: {Bucket: b}, End: true}`,
			"Deny * on *"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := slsLoad(t, map[string]string{"serverless.yml": "service: s\nprovider: {name: aws}\nstepFunctions:\n  stateMachines:\n    m:\n      definition:\n        StartAt: A\n        States:\n          A: " + tt.task + `
resources:
  Resources:
    Conn: {Type: AWS::Events::Connection}
`})
			if len(p.Problems) > 0 || len(p.Machines) != 1 || p.Machines[0].Role == nil {
				t.Fatalf("problems %+v, machines %+v", p.Problems, p.Machines)
			}
			got := strings.ReplaceAll(generated(p.Machines[0]), "dev-s-statemachine ", "")
			got = strings.ReplaceAll(got, "${sls:stage}-s-statemachine ", "")
			if got != tt.want+"\n" {
				t.Errorf("generated:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestServerlessRoleUsers checks what else runs with the role a state
// machine names: the functions that name it, by logical ID, Fn::GetAtt or
// through the provider, and resources of resources.Resources that assume
// it; not a key that grants to it.
func TestServerlessRoleUsers(t *testing.T) {
	p := slsLoad(t, map[string]string{"serverless.yml": `service: s
provider:
  name: aws
  iam:
    role: Shared
functions:
  byName: {handler: h.a, role: Flow}
  byAtt: {handler: h.b, role: !GetAtt Flow.Arn}
  other: {handler: h.c, role: Other}
  inherits: {handler: h.d}
stepFunctions:
  stateMachines:
    flow:
      role: !GetAtt Flow.Arn
      definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
    shared:
      role: !GetAtt Shared.Arn
      definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
resources:
  Resources:
    Flow: {Type: AWS::IAM::Role, Properties: {}}
    Shared: {Type: AWS::IAM::Role, Properties: {}}
    Other: {Type: AWS::IAM::Role, Properties: {}}
    Task:
      Type: AWS::ECS::TaskDefinition
      Properties: {TaskRoleArn: !GetAtt Flow.Arn}
    Key:
      Type: AWS::KMS::Key
      Properties:
        KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: !GetAtt Flow.Arn}, Action: "kms:*", Resource: "*"}]}
`})
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	for name, want := range map[string][]string{
		"flow":   {"Task", "functions.byAtt", "functions.byName"},
		"shared": {"functions.inherits"},
	} {
		m := p.Machines[slices.IndexFunc(p.Machines, func(m *project.Machine) bool { return m.Name == name })]
		if m.Role == nil {
			t.Fatalf("%s unbound: %s", name, m.Unbound)
		}
		if !slices.Equal(m.Role.SharedWith, want) {
			t.Errorf("%s: shared with %q, want %q", name, m.Role.SharedWith, want)
		}
	}
}

// TestServerlessHTTPAPIs checks that the APIs of a service's resources
// are read, as a template's are.
func TestServerlessHTTPAPIs(t *testing.T) {
	p := slsLoad(t, map[string]string{"serverless.yml": `service: books
provider: {name: aws}
stepFunctions:
  stateMachines:
    m:
      definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
resources:
  Resources:
    Ledger:
      Type: AWS::ApiGatewayV2::Api
      Properties: {Name: ledger, ProtocolType: HTTP}
`})
	if want := []string{iam.Sym("Ledger")}; !slices.Equal(p.HTTPAPIs, want) {
		t.Errorf("HTTPAPIs = %q, want %q", p.HTTPAPIs, want)
	}
}

// TestServerlessPlaceholders checks that the ${...} the Framework leaves
// are filled in by the Fn::Sub the plugin wraps a definition in only when
// it wraps it: when the definition holds an intrinsic function or #{...}.
func TestServerlessPlaceholders(t *testing.T) {
	machine := func(name, extra string) string {
		return "    " + name + `:
      role: arn:aws:iam::111122223333:role/flow
      definition:
        StartAt: A
        States:
          A:
            Type: Task
            Resource: arn:aws:lambda:${AWS::Region}:111122223333:function:f` + extra + `
            End: true
`
	}
	p := slsLoad(t, map[string]string{"serverless.yml": `service: s
provider:
  name: aws
stepFunctions:
  stateMachines:
` + machine("plain", "") + machine("ref", "\n            Parameters: {Topic: {Ref: T}}") +
		machine("pseudo", "\n            Comment: '#{AWS::AccountId}'") + machine("tag", "\n            Parameters: {Topic: !Ref T}")})
	for name, text := range map[string]bool{"plain": true, "ref": false, "pseudo": false, "tag": false} {
		m := p.Machines[slices.IndexFunc(p.Machines, func(m *project.Machine) bool { return m.Name == name })]
		if got := project.Placeholders(m.Definition.Tasks[0].Resource) != nil; got != text {
			t.Errorf("%s: resource %q, want text %v", name, iam.Display(m.Definition.Tasks[0].Resource), text)
		}
		if m.Unsubstituted == nil {
			t.Errorf("%s: no reason for what stays text", name)
		}
	}
}
