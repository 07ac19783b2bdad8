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
