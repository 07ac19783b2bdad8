package serverless

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/internal/tsv"
	"github.com/sfn-lint/sfn-lint/project/cfn"
)

// TestServerlessPluginTable checks data/serverless-plugin.tsv: it reads
// without error (every strategy exists and takes its argument, no resource
// is listed twice, fixed grants are actions and resources), and every
// strategy is used.
func TestServerlessPluginTable(t *testing.T) {
	m, err := readSlsPlugin(slsPluginTSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) == 0 {
		t.Fatal("the table is empty")
	}
	used := map[string]bool{}
	for _, f := range tsv.Rows(slsPluginTSV) {
		used[f[1]] = true
	}
	for name := range slsStrategies {
		if !used[name] {
			t.Errorf("strategy %q is in no row", name)
		}
	}
}

func TestServerlessPluginTableErrors(t *testing.T) {
	const head = "# comment\nresources\tstrategy\targument\n"
	tests := []struct{ rows, want string }{
		{"sqs:sendMessage\tnope", `no strategy "nope"`},
		{"sqs:sendMessage", "1 fields"},
		{"sqs:sendMessage\tsqs\tx\ty", "4 fields"},
		{"sqs:sendMessage,sqs:sendMessage\tsqs", "listed twice"},
		{"sqs:sendMessage\tsqs\nsqs:sendMessage\tsns", "line 4: \"sqs:sendMessage\" is listed twice"},
		{"sqs sendMessage\tsqs", "not a service's API"},
		{"sqs:sendMessage\tsqs\tsqs:SendMessage", "takes no argument"},
		{"dynamodb:getItem\tdynamodb", `does not take ""`},
		{"dynamodb:getItem\tdynamodb\tGetItem", `does not take "GetItem"`},
		{"athena:startQueryExecution\tathenaStart\tasync", `does not take "async"`},
		{"glue:startJobRun\tgrants", "not actions and resources"},
		{"glue:startJobRun\tgrants\tglue:StartJobRun", "not actions and resources"},
		{"glue:startJobRun\tgrants\tglue:StartJobRun *; glue:GetJobRun", "not actions and resources"},
		{"glue:startJobRun\tgrants\tglue_StartJobRun *", "not an action"},
		{"glue:startJobRun\tgrants\tglue:StartJobRun,glue: *", "not an action"},
		{"glue:startJobRun\tgrants\tglue:StartJobRun job/*", "neither"},
		{"glue:startJobRun\tgrants\tglue:StartJobRun arn:${AWS::Partition}:glue:${Stage}:x", "has ${Stage}"},
	}
	for _, tt := range tests {
		_, err := readSlsPlugin(head + tt.rows + "\n")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want an error with %q", tt.rows, err, tt.want)
		}
	}
}

// TestServerlessPluginGrants checks that fixed grants put the template's
// partition, Region and account into their ARNs.
func TestServerlessPluginGrants(t *testing.T) {
	m, err := readSlsPlugin("resources\tstrategy\targument\n" +
		"batch:submitJob\tgrants\tbatch:SubmitJob,batch:DescribeJobs *; " + eventsRule +
		" arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/R,arn:aws:s3:::*\n")
	if err != nil {
		t.Fatal(err)
	}
	in := m["arn:aws:states:::batch:submitJob"]
	if in == nil {
		t.Fatal("batch:submitJob is missing")
	}
	g := &generator{s: &service{t: cfn.NewTemplate(nil, nil, nil, nil, "aws-cn", "cn-north-1", "123456789012")}}
	g.integrate(in, nil)
	want := []grant{
		{[]string{"batch:SubmitJob", "batch:DescribeJobs"}, []string{"*"}},
		{strings.Split(eventsRule, ","), []string{g.rule("R"), "arn:aws:s3:::*"}},
	}
	if !reflect.DeepEqual(g.grants, want) {
		t.Errorf("got %v, want %v", g.grants, want)
	}
	if got := g.grants[1].resources[0]; got != "arn:aws-cn:events:cn-north-1:123456789012:rule/R" {
		t.Errorf("got %s", got)
	}
	if !slices.Equal(slsIntegrations["arn:aws:states:::ecs:runTask.sync"].grants[1].resources,
		[]string{"arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule"}) {
		t.Error("ecs:runTask.sync lost its events rule")
	}
}

// TestServerlessPluginFunctions checks the grant the plugin writes for each
// way a Task names a Lambda function, in its Resource or in the
// FunctionName of lambda:invoke, as its iamStrategies/lambda.js does
// (version 3.29.1 and later): a Ref to a function of the service is written
// out from the function's name, in whatever partition the template
// deploys to; a function's ARN is taken as written when it starts with
// arn:aws; anything else the Resource holds gets nothing.
func TestServerlessPluginFunctions(t *testing.T) {
	const (
		hello = "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-${sls:stage}-hello"
		named = "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-named"
	)
	invoke := func(fn string) string {
		return `{Type: Task, Resource: "arn:aws:states:::lambda:invoke", Parameters: {FunctionName: ` + fn + `}, End: true}`
	}
	tests := []struct{ name, task, want string }{
		{"Resource Ref to a function's key", `{Type: Task, Resource: {Ref: hello}, End: true}`, hello + " " + hello + ":*"},
		{"Resource Ref to a function's logical ID", `{Type: Task, Resource: !Ref NamedLambdaFunction, End: true}`, named + " " + named + ":*"},
		{"Resource Fn::GetAtt of a function's key", `{Type: Task, Resource: {Fn::GetAtt: [hello, Arn]}, End: true}`, hello + " " + hello + ":*"},
		{"Resource !GetAtt of a function's logical ID", `{Type: Task, Resource: !GetAtt NamedLambdaFunction.Arn, End: true}`, named + " " + named + ":*"},
		{"Resource ARN with an alias",
			`{Type: Task, Resource: "arn:aws:lambda:us-east-1:111122223333:function:f:live", End: true}`,
			"arn:aws:lambda:us-east-1:111122223333:function:f arn:aws:lambda:us-east-1:111122223333:function:f:*"},
		{"Resource ARN in another partition",
			`{Type: Task, Resource: "arn:aws-cn:lambda:cn-north-1:111122223333:function:f", End: true}`,
			"arn:aws-cn:lambda:cn-north-1:111122223333:function:f arn:aws-cn:lambda:cn-north-1:111122223333:function:f:*"},
		{"Resource ARN from the Framework's variables",
			`{Type: Task, Resource: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:${self:service}-${sls:stage}-hello", End: true}`,
			hello + " " + hello + ":*"},
		{"Resource ARN in Fn::Sub",
			`{Type: Task, Resource: !Sub "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-named", End: true}`,
			named + " " + named + ":*"},
		{"Resource Ref to an alias of resources.Resources", `{Type: Task, Resource: {Ref: Live}, End: true}`,
			"arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-named:live arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-named:live:*"},
		{"Resource ARN with ${AWS::Partition} in plain text, which the plugin's pattern does not match",
			`{Type: Task, Resource: "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-named", End: true}`,
			"Deny * on *"},
		{"FunctionName Ref to a function's key", invoke(`{Ref: hello}`), hello + " " + hello + ":*"},
		{"FunctionName Ref to a function's logical ID", invoke(`!Ref NamedLambdaFunction`), named + " " + named + ":*"},
		{"FunctionName Fn::GetAtt of a function's key", invoke(`{Fn::GetAtt: [named, Arn]}`), named + " " + named + ":*"},
		{"FunctionName as a name", invoke(`shop-named`), named + " " + named + ":*"},
		{"FunctionName as a name from the Framework's variables", invoke(`"${self:service}-${sls:stage}-hello"`), hello + " " + hello + ":*"},
		{"FunctionName with an alias", invoke(`"shop-named:live"`), named + ":live " + named + ":live:*"},
		{"FunctionName as a partial ARN", invoke(`"111122223333:function:f"`),
			"arn:aws:lambda:${AWS::Region}:111122223333:function:f arn:aws:lambda:${AWS::Region}:111122223333:function:f:*"},
		{"FunctionName as an ARN", invoke(`"arn:aws:lambda:us-east-1:111122223333:function:f"`),
			"arn:aws:lambda:us-east-1:111122223333:function:f arn:aws:lambda:us-east-1:111122223333:function:f:*"},
		{"FunctionName Ref to an alias of resources.Resources", invoke(`{Ref: Live}`),
			"arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-named:live " +
				"arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:shop-named:live:*"},
		{"FunctionName from the input", `{Type: Task, Resource: "arn:aws:states:::lambda:invoke", Parameters: {FunctionName.$: "$.fn"}, End: true}`, "*"},
		{"FunctionName from JSONata",
			`{Type: Task, QueryLanguage: JSONata, Resource: "arn:aws:states:::lambda:invoke", Arguments: {FunctionName: "{% $states.input.fn %}"}, End: true}`, "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := slsLoad(t, map[string]string{"serverless.yml": `service: shop
provider: {name: aws}
functions:
  hello: {handler: h.hello}
  named: {handler: h.named, name: shop-named}
stepFunctions:
  stateMachines:
    m:
      definition:
        StartAt: A
        States:
          A: ` + tt.task + `
resources:
  Resources:
    Live:
      Type: AWS::Lambda::Alias
      Properties: {FunctionName: !Ref NamedLambdaFunction, FunctionVersion: "1", Name: live}
`})
			if len(p.Problems) > 0 || len(p.Machines) != 1 || p.Machines[0].Role == nil {
				t.Fatalf("problems %+v, machines %+v", p.Problems, p.Machines)
			}
			got := strings.TrimSuffix(strings.ReplaceAll(generated(p.Machines[0]), "${sls:stage}-shop-statemachine ", ""), "\n")
			want := tt.want
			if want != "Deny * on *" {
				want = "Allow lambda:InvokeFunction on " + want
			}
			if got != want {
				t.Errorf("generated:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
