package project

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
)

func TestIdentityTableWellFormed(t *testing.T) {
	tab, err := parseIdentities(identityTSV)
	if err != nil {
		t.Fatal(err)
	}
	typeRE := [idFormats]*regexp.Regexp{
		CFNIdentity: regexp.MustCompile(`^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$`),
		TFIdentity:  regexp.MustCompile(`^aws_[a-z0-9_]+$`),
	}
	kinds := map[string]bool{}
	for _, row := range tab.rows {
		if kinds[row.kind] {
			t.Errorf("line %d: kind %s repeated", row.line, row.kind)
		}
		kinds[row.kind] = true
		for f, cols := range row.formats {
			for _, typ := range cols.types {
				if !typeRE[f].MatchString(typ) {
					t.Errorf("line %d: %s type %q is not spelled as the format spells types", row.line, IdentityFormat(f), typ)
				}
			}
		}
	}
	if len(tab.rows) < 20 {
		t.Errorf("only %d rows", len(tab.rows))
	}
}

func TestIdentityTableRejects(t *testing.T) {
	row := func(cols ...string) string { return idColumnNames + "\n" + strings.Join(cols, "\t") + "\n" }
	lambda := []string{"fn", "AWS::Lambda::Function", "name=FunctionName", "Ref=name Arn=arn", "aws_lambda_function", "name=function_name", "arn=arn", "arn=arn:${Partition}:lambda:${Region}:${Account}:function:{name}"}
	with := func(i int, v string) string {
		c := slices.Clone(lambda)
		c[i] = v
		return row(c...)
	}
	for _, tc := range []struct{ src, want string }{
		{row(lambda...), ""},
		{"kind\tcfn\n", "header"},
		{row(lambda[:7]...), "7 columns"},
		{row(lambda...) + strings.Join(lambda, "\t") + "\n", "AWS::Lambda::Function is also on line 2"},
		{with(7, "arn=arn:{nome}"), "no field or form nome"},
		{with(7, "arn={arn}"), "arn refers to itself"},
		{with(7, "arn=arn:{name} qualified={arn}:{sym:version}"), "form qualified is not used"},
		{with(2, "name=FunctionName path=Path|/"), "field path is not used"},
		{with(7, "arn=arn:${Partion}:{name}"), "unknown placeholder ${Partion}"},
		{with(7, "arn=arn:{name"), "unclosed placeholder"},
		{with(7, "arn=arn:}{name}"), "stray"},
		{with(7, "arn={name}~"), "empty template"},
		{with(2, "name=FunctionName|{arn}"), "names no field or form"},
		{with(2, "name=FunctionName name=Name"), "repeated field name"},
		{with(3, "Ref=name Ref=arn"), "repeated attribute"},
		{with(3, "Ref=name Arn=name=x"), "bad attribute item"},
		{with(4, "-"), "fields or attributes without a type"},
		{with(6, "-"), "types without attributes"},
		{with(2, "arn=FunctionName"), "arn is both a field and a form"},
		{with(7, "arn={trim:nome}"), "no field or form nome"},
		{with(2, "name=FunctionName|{trim:arn}"), "names no field or form"},
	} {
		_, err := parseIdentities(tc.src)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.src, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: got %v, want an error saying %q", tc.src, err, tc.want)
		}
	}
}

func TestIdentity(t *testing.T) {
	arn := func(service, rest string) string {
		return "arn:aws:" + service + ":eu-west-1:123456789012:" + rest
	}
	for _, tc := range []struct {
		f           IdentityFormat
		typ, symbol string
		attr        string
		props       map[string]string
		want        string // "" for none
		wantReads   []string
	}{
		// CloudFormation: Ref is attr "".
		{CFNIdentity, "AWS::Lambda::Function", "Fn", "", map[string]string{"FunctionName": "work"}, "work", []string{"FunctionName"}},
		{CFNIdentity, "AWS::Serverless::Function", "Fn", "Arn", nil, arn("lambda", "function:"+iam.GenSym("Fn")), []string{"FunctionName"}},
		{CFNIdentity, "AWS::Lambda::Function", "Fn", "Ref", nil, "", nil},
		{CFNIdentity, "AWS::SNS::Topic", "T", "", map[string]string{"TopicName": ""}, arn("sns", iam.GenSym("T.TopicName")), []string{"TopicName"}},
		{CFNIdentity, "AWS::SQS::Queue", "Q", "QueueUrl", map[string]string{"QueueName": "jobs"}, "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", []string{"QueueName"}},
		{CFNIdentity, "AWS::StepFunctions::StateMachine", "SM", "Name", map[string]string{"Name": "ignored"}, iam.GenSym("SM.Name"), []string{"StateMachineName"}},
		{CFNIdentity, "AWS::Serverless::StateMachine", "SM", "", map[string]string{"Name": "flow"}, arn("states", "stateMachine:flow"), []string{"Name"}},
		{CFNIdentity, "AWS::Glue::Job", "J", "Arn", nil, "", nil},
		{CFNIdentity, "AWS::Lambda::Alias", "A", "", map[string]string{"FunctionName": "arn:aws:lambda:us-east-1:1:function:f", "Name": "live"}, "arn:aws:lambda:us-east-1:1:function:f:live", []string{"FunctionName", "Name"}},
		{CFNIdentity, "AWS::Lambda::Alias", "A", "AliasArn", map[string]string{"FunctionName": "f"}, arn("lambda", "function:f:"+iam.GenSym("A.Name")), []string{"FunctionName", "Name"}},
		{CFNIdentity, "AWS::Lambda::Version", "V", "", nil, arn("lambda", "function:"+iam.GenSym("V.FunctionName")+":"+iam.Sym("V.Version")), []string{"FunctionName"}},
		{CFNIdentity, "AWS::Lambda::Version", "V", "Version", nil, iam.Sym("V.Version"), nil},
		{CFNIdentity, "AWS::ECS::TaskDefinition", "TD", "", nil, arn("ecs", "task-definition/"+iam.GenSym("TD.Family")+":"+iam.Sym("TD.Revision")), []string{"Family"}},
		{CFNIdentity, "AWS::Events::Connection", "C", "Arn", nil, arn("events", "connection/"+iam.GenSym("C")+"/"+iam.Sym("C.Id")), []string{"Name"}},
		{CFNIdentity, "AWS::IAM::Role", "R", "Arn", map[string]string{"RoleName": "r", "Path": "/svc/"}, "arn:aws:iam::123456789012:role/svc/r", []string{"RoleName", "Path"}},
		{CFNIdentity, "AWS::IAM::Role", "R", "", map[string]string{"RoleName": "r", "Path": "/svc/"}, "r", []string{"RoleName"}},
		{CFNIdentity, "AWS::KMS::Key", "K", "Arn", nil, arn("kms", "key/"+iam.GenSym("K")), nil},
		{CFNIdentity, "AWS::S3::Bucket", "B", "Arn", map[string]string{"BucketName": "b"}, "arn:aws:s3:::b", []string{"BucketName"}},
		{CFNIdentity, "AWS::StepFunctions::StateMachineVersion", "V", "", map[string]string{"StateMachineArn": arn("states", "stateMachine:flow")}, arn("states", "stateMachine:flow:"+iam.Sym("V.Version")), []string{"StateMachineArn"}},
		{CFNIdentity, "AWS::StepFunctions::StateMachineAlias", "A", "", map[string]string{"Name": "PROD", "RoutingConfiguration.StateMachineVersionArn": arn("states", "stateMachine:flow:"+iam.Sym("V.Version"))}, arn("states", "stateMachine:flow:PROD"), []string{"Name", "RoutingConfiguration.StateMachineVersionArn", "DeploymentPreference.StateMachineVersionArn"}},
		{CFNIdentity, "AWS::StepFunctions::StateMachineAlias", "A", "Arn", map[string]string{"DeploymentPreference.StateMachineVersionArn": arn("states", "stateMachine:flow:3")}, arn("states", "stateMachine:flow:"+iam.GenSym("A.Name")), []string{"Name", "RoutingConfiguration.StateMachineVersionArn", "DeploymentPreference.StateMachineVersionArn"}},
		{CFNIdentity, "AWS::StepFunctions::StateMachineAlias", "A", "", map[string]string{"Name": "PROD", "RoutingConfiguration.StateMachineVersionArn": iam.Sym("VersionArn")}, iam.Sym("VersionArn") + ":PROD", []string{"Name", "RoutingConfiguration.StateMachineVersionArn", "DeploymentPreference.StateMachineVersionArn"}},
		{CFNIdentity, "aws_s3_bucket", "B", "", nil, "", nil},
		// Terraform: symbols are built on the address.
		{TFIdentity, "aws_lambda_function", "aws_lambda_function.f", "qualified_arn", map[string]string{"function_name": "work"}, arn("lambda", "function:work:"+iam.Sym("aws_lambda_function.f.version")), []string{"function_name"}},
		{TFIdentity, "aws_lambda_function", "aws_lambda_function.f", "invoke_arn", nil, "", nil},
		{TFIdentity, "aws_lambda_alias", "aws_lambda_alias.a", "arn", nil, arn("lambda", "function:"+iam.GenSym("aws_lambda_alias.a")+":"+iam.GenSym("aws_lambda_alias.a")), []string{"function_name", "name"}},
		{TFIdentity, "aws_sqs_queue", "aws_sqs_queue.q", "id", map[string]string{"name": "jobs"}, "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", []string{"name"}},
		{TFIdentity, "aws_iam_role", "aws_iam_role.r", "id", map[string]string{"name": "r", "path": "/svc/"}, "r", []string{"name"}},
		{TFIdentity, "aws_iam_policy", "aws_iam_policy.p", "id", map[string]string{"name": "p"}, "arn:aws:iam::123456789012:policy/p", []string{"name", "path"}},
		{TFIdentity, "aws_ecs_task_definition", "aws_ecs_task_definition.t", "arn_without_revision", map[string]string{"family": "web"}, arn("ecs", "task-definition/web"), []string{"family"}},
		{TFIdentity, "aws_batch_job_definition", "aws_batch_job_definition.j", "arn", map[string]string{"name": "j"}, arn("batch", "job-definition/j:"+iam.Sym("aws_batch_job_definition.j.revision")), []string{"name"}},
		{TFIdentity, "aws_cloudwatch_log_group", "aws_cloudwatch_log_group.l", "arn", map[string]string{"name": "/aws/x"}, arn("logs", "log-group:/aws/x"), []string{"name"}},
		{TFIdentity, "aws_kms_key", "aws_kms_key.k", "key_id", nil, iam.GenSym("aws_kms_key.k"), nil},
		{TFIdentity, "aws_s3_bucket", "aws_s3_bucket.b", "id", map[string]string{"bucket": "b"}, "b", []string{"bucket"}},
		{TFIdentity, "aws_glue_job", "aws_glue_job.g", "arn", map[string]string{"name": "g"}, arn("glue", "job/g"), []string{"name"}},
		{TFIdentity, "aws_sfn_state_machine", "aws_sfn_state_machine.s", "state_machine_version_arn", map[string]string{"name": "flow"}, arn("states", "stateMachine:flow:"+iam.Sym("aws_sfn_state_machine.s.version")), []string{"name"}},
		{TFIdentity, "aws_sfn_alias", "aws_sfn_alias.a", "arn", map[string]string{"name": "live", "routing_configuration.state_machine_version_arn": arn("states", "stateMachine:flow:"+iam.Sym("aws_sfn_state_machine.s.version"))}, arn("states", "stateMachine:flow:live"), []string{"name", "routing_configuration.state_machine_version_arn"}},
		{TFIdentity, "AWS::Lambda::Function", "x", "arn", nil, "", nil},
	} {
		var reads []string
		env := IdentityEnv{Partition: "aws", Region: "eu-west-1", Account: "123456789012", Symbol: tc.symbol,
			Prop: func(name string) (string, bool) {
				reads = append(reads, name)
				v, ok := tc.props[name]
				return v, ok
			}}
		got, ok := Identity(tc.f, tc.typ, tc.attr, env)
		if !ok && tc.want != "" || ok && got != tc.want {
			t.Errorf("%s %s %q: got %q, %v; want %q", tc.f, tc.typ, tc.attr, iam.Display(got), ok, iam.Display(tc.want))
		}
		if !slices.Equal(reads, tc.wantReads) {
			t.Errorf("%s %s %q: read %q, want %q", tc.f, tc.typ, tc.attr, reads, tc.wantReads)
		}
	}
}
