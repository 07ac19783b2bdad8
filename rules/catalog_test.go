package rules

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

func TestParseResource(t *testing.T) {
	tests := []struct {
		res  string
		want Integration
	}{
		{"arn:aws:states:::lambda:invoke", Integration{Optimized, "aws", "lambda:invoke", RequestResponse}},
		{"arn:aws-cn:states:::ecs:runTask.sync", Integration{Optimized, "aws-cn", "ecs:runTask", Sync}},
		{"arn:aws:states:::states:startExecution.sync:2", Integration{Optimized, "aws", "states:startExecution", Sync2}},
		{"arn:aws:states:::sqs:sendMessage.waitForTaskToken", Integration{Optimized, "aws", "sqs:sendMessage", Callback}},
		{"arn:aws:states:::aws-sdk:s3:getObject", Integration{SDK, "aws", "aws-sdk:s3:getObject", RequestResponse}},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:live", Integration{LambdaARN, "aws", "", RequestResponse}},
		{"arn:aws:states:us-east-1:123456789012:activity:work", Integration{Activity, "aws", "", ""}},
		{iam.Sym("Fn.Arn"), Integration{}},
	}
	for _, tt := range tests {
		if got := ParseResource(tt.res); got != tt.want {
			t.Errorf("ParseResource(%q) = %+v, want %+v", tt.res, got, tt.want)
		}
	}
}

func TestSDKAction(t *testing.T) {
	tests := map[string]string{
		"aws-sdk:s3:getObject":                "s3:GetObject",
		"aws-sdk:s3:listObjectsV2":            "s3:ListBucket",
		"aws-sdk:sfn:startSyncExecution":      "states:StartSyncExecution",
		"aws-sdk:emrserverless:startJobRun":   "emr-serverless:StartJobRun",
		"aws-sdk:dynamodb:batchWriteItem":     "dynamodb:BatchWriteItem",
		"aws-sdk:apigateway:getRestApis":      "",
		"aws-sdk:dynamodb:transactWriteItems": "",
		"aws-sdk:s3:copyObject":               "s3:PutObject",
		"aws-sdk:s3":                          "",
	}
	for api, want := range tests {
		if got := sdkAction(api); got != want {
			t.Errorf("sdkAction(%q) = %q, want %q", api, got, want)
		}
	}
}

// taskWith parses a one-task definition.
func taskWith(t *testing.T, resource, params string) *asl.Task {
	t.Helper()
	src := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + resource + `","Parameters":` + params + `,"End":true}}}`
	n, err := node.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	sm, probs := asl.Parse(n, func(n *node.Node) (string, bool) { return n.Str() })
	if len(probs) > 0 || len(sm.Tasks) != 1 {
		t.Fatalf("parse: %v", probs)
	}
	return sm.Tasks[0]
}

func TestExpand(t *testing.T) {
	e := env{partition: "aws", region: "us-east-1", account: "111111111111", self: "arn:aws:states:us-east-1:111111111111:stateMachine:me"}
	tests := []struct {
		tmpl, params string
		want         []string
	}{
		{"{lambda:FunctionName}", `{"FunctionName":"f"}`, []string{"arn:aws:lambda:us-east-1:111111111111:function:f"}},
		{"{lambda:FunctionName}", `{"FunctionName":"f:live"}`, []string{"arn:aws:lambda:us-east-1:111111111111:function:f:live"}},
		{"{lambda:FunctionName}", `{"FunctionName":"222222222222:function:f"}`, []string{"arn:aws:lambda:us-east-1:222222222222:function:f"}},
		{"{lambda:FunctionName}", `{"FunctionName":"arn:aws:lambda:eu-west-1:2:function:f"}`, []string{"arn:aws:lambda:eu-west-1:2:function:f"}},
		{"{lambda:FunctionName}", `{"FunctionName.$":"$.fn"}`, []string{iam.Any}},
		{"{sqs:QueueUrl}", `{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/222222222222/q"}`, []string{"arn:aws:sqs:eu-west-1:222222222222:q"}},
		{"{ecs:TaskDefinition}", `{"TaskDefinition":"render"}`, []string{"arn:aws:ecs:us-east-1:111111111111:task-definition/render:" + iam.Wild}},
		{"{ecs:TaskDefinition}", `{"TaskDefinition":"render:7"}`, []string{"arn:aws:ecs:us-east-1:111111111111:task-definition/render:7"}},
		{"{exec:StateMachineArn}{Name|*}", `{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child"}`, []string{"arn:aws:states:us-east-1:111111111111:execution:child:" + iam.RunTime}},
		{"{exec:StateMachineArn}{Name|*}", `{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child","Name":"nightly"}`, []string{"arn:aws:states:us-east-1:111111111111:execution:child:nightly"}},
		{"{exec:StateMachineArn}{Name|*}", `{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child","Name.$":"$.name"}`, []string{"arn:aws:states:us-east-1:111111111111:execution:child:" + iam.Any}},
		{"{exec:self}{*}", `{}`, []string{"arn:aws:states:us-east-1:111111111111:execution:me:" + iam.RunTime}},
		{"{exec:StateMachineArn}{Name|*}", `{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child:PROD"}`, []string{"arn:aws:states:us-east-1:111111111111:execution:child:" + iam.RunTime}},
		{"task/{ecscluster:Cluster|default}/{*}", `{"Cluster":"arn:aws:ecs:us-east-1:1:cluster/render"}`, []string{"task/render/" + iam.RunTime}},
		{"task/{ecscluster:Cluster|default}/{*}", `{"Cluster":"render"}`, []string{"task/render/" + iam.RunTime}},
		{"task/{ecscluster:Cluster|default}/{*}", `{}`, []string{"task/default/" + iam.RunTime}},
		{"task/{ecscluster:Cluster|default}/{*}", `{"Cluster.$":"$.cluster"}`, []string{"task/" + iam.Any + "/" + iam.RunTime}},
		{"task/{ecscluster:Cluster|default}/{*}", `{"Cluster":"` + iam.Sym("ClusterParam") + `"}`, []string{"task/" + iam.Any + "/" + iam.RunTime}},
		{"arn:${Partition}:s3:::{Bucket}/{prefix:Prefix}{*}", `{"Bucket":"out","Prefix":"results"}`, []string{"arn:aws:s3:::out/results/" + iam.RunTime}},
		{"arn:${Partition}:s3:::{Bucket}/{prefix:Prefix}{*}", `{"Bucket":"out","Prefix":"results/"}`, []string{"arn:aws:s3:::out/results/" + iam.RunTime}},
		{"arn:${Partition}:s3:::{Bucket}/{prefix:Prefix}{*}", `{"Bucket":"out"}`, []string{"arn:aws:s3:::out/" + iam.RunTime}},
		{"{sfn:StateMachineArn}", `{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child:3"}`, []string{"arn:aws:states:us-east-1:111111111111:stateMachine:child"}},
		{"{sfn:StateMachineArn}", `{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child"}`, []string{"arn:aws:states:us-east-1:111111111111:stateMachine:child"}},
		{"{qualifier:StateMachineArn}", `{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child:PROD"}`, []string{"PROD"}},
		{"{qualifier:StateMachineArn}", `{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child"}`, []string{iam.Any}},
		{"arn:${Partition}:athena:${Region}:${Account}:workgroup/{WorkGroup|primary}", `{}`, []string{"arn:aws:athena:us-east-1:111111111111:workgroup/primary"}},
		{"arn:${Partition}:dynamodb:${Region}:${Account}:table/{TableName}", `{"TableName":"arn:aws:dynamodb:us-east-1:1:table/t"}`, []string{"arn:aws:dynamodb:us-east-1:1:table/t"}},
		{"arn:${Partition}:dynamodb:${Region}:${Account}:table/{TableName}", `{}`, []string{"arn:aws:dynamodb:us-east-1:111111111111:table/" + iam.Any}},
		{"arn:${Partition}:events:${Region}:${Account}:event-bus/{Entries.EventBusName|default}", `{"Entries":[{"EventBusName":"b"},{"Detail":"x"}]}`, []string{"arn:aws:events:us-east-1:111111111111:event-bus/b"}},
		{"arn:${Partition}:execute-api:${Region}:${Account}:{apiid:ApiEndpoint}/{Stage}/{Method}/{path:Path}", `{"ApiEndpoint":"abc123.execute-api.us-east-1.amazonaws.com","Stage":"prod","Method":"GET","Path":"/pets"}`, []string{"arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/pets"}},
		{"arn:${Partition}:s3:::*", `{}`, []string{"arn:aws:s3:::" + iam.Wild}},
	}
	for _, tt := range tests {
		task := taskWith(t, "arn:aws:states:::lambda:invoke", tt.params)
		if got := e.expand(tt.tmpl, task); !slices.Equal(got, tt.want) {
			t.Errorf("expand(%q, %s) = %q, want %q", tt.tmpl, tt.params, got, tt.want)
		}
	}
}

var actionRE = regexp.MustCompile(`^[a-z0-9-]+:[A-Z][A-Za-z0-9]*\*?$`)

func TestCatalogWellFormed(t *testing.T) {
	purposes := []string{Base, Poll, Events, Cancel, PassRole, MapRun, Logging, Tracing, KMS, Connection, Other}
	patterns := []string{RequestResponse, Sync, Sync2, Callback, "-"}
	for api, rows := range catalog {
		hasBase := false
		for _, r := range rows {
			if !slices.Contains(purposes, r.purpose) {
				t.Errorf("%s: unknown purpose %q", api, r.purpose)
			}
			for _, p := range r.patterns {
				if !slices.Contains(patterns, p) {
					t.Errorf("%s: unknown pattern %q", api, p)
				}
			}
			for _, a := range r.actions {
				if !actionRE.MatchString(a) {
					t.Errorf("%s: malformed action %q", api, a)
				}
			}
			if (r.purpose == Poll || r.purpose == Events || r.purpose == Cancel) && slices.Contains(r.patterns, RequestResponse) {
				t.Errorf("%s: %s row applies to request-response tasks, which are never polled or cancelled", api, r.purpose)
			}
			if strings.Count(r.resource, "{") != strings.Count(r.resource, "}") {
				t.Errorf("%s: unbalanced placeholder in %q", api, r.resource)
			}
			hasBase = hasBase || r.purpose == Base
		}
		if !hasBase && !strings.HasPrefix(api, "map:") && !strings.HasPrefix(api, "machine:") {
			t.Errorf("%s: no base row", api)
		}
	}
}

// TestCatalogCoversReference checks the catalog against the reference table
// of integrations kept beside the project, when it is there: every base,
// poll, events and cancel action it lists for an optimized integration and
// pattern is in the catalog for the same purpose (or, where the catalog
// deliberately requires less, as a recorded "other" row).
func TestCatalogCoversReference(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "reference", "integrations.tsv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("reference table not found (%v): it ships beside the project, not in it", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	pattern := map[string]string{"request_response": RequestResponse, "sync": Sync, "sync:2": Sync2, "waitForTaskToken": Callback}
	optimized := regexp.MustCompile(`^arn:aws:states:::([a-z0-9-]+:[A-Za-z0-9]+)(\.sync:2|\.sync|\.waitForTaskToken)?$`)
	checked := 0
	for _, rec := range records[1:] {
		m := optimized.FindStringSubmatch(rec[0])
		purpose := rec[2]
		if m == nil || strings.HasPrefix(m[1], "aws-sdk") || purpose == Other || purpose == PassRole || rec[3] == "" {
			continue
		}
		pat := pattern[rec[1]]
		for _, action := range strings.Split(rec[3], ",") {
			found := ""
			for _, e := range catalog[m[1]] {
				if slices.Contains(e.patterns, pat) && slices.Contains(e.actions, action) && (e.purpose == purpose || e.purpose == Other) {
					found = e.purpose
				}
			}
			if found == "" {
				t.Errorf("%s (%s): %s %s is not in the catalog", m[1], pat, purpose, action)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d reference actions", checked)
	}
}

func TestExpandSymbolic(t *testing.T) {
	e := env{partition: "aws", region: iam.Region, account: iam.AccountID}
	sm := "arn:aws:states:" + iam.Region + ":" + iam.AccountID + ":stateMachine:" + iam.Sym("Child.Name")
	task := taskWith(t, "arn:aws:states:::states:startExecution.sync", `{"StateMachineArn":"`+sm+`"}`)
	want := []string{"arn:aws:states:" + iam.Region + ":" + iam.AccountID + ":execution:" + iam.Sym("Child.Name") + ":" + iam.RunTime}
	if got := e.expand("{exec:StateMachineArn}{Name|*}", task); !slices.Equal(got, want) {
		t.Errorf("expand = %q, want %q", got, want)
	}
	if in := ParseResource("arn:" + iam.Partition + ":states:::glue:startJobRun.sync"); in.API != "glue:startJobRun" || in.Pattern != Sync {
		t.Errorf("ParseResource with a symbolic partition = %+v", in)
	}
}

func TestExpandBedrock(t *testing.T) {
	e := env{partition: "aws", region: "us-east-1", account: "111111111111"}
	tests := map[string]string{
		"amazon.nova-lite-v1:0":                             "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
		"global.amazon.nova-2-lite-v1:0":                    "arn:aws:bedrock:us-east-1:111111111111:inference-profile/global.amazon.nova-2-lite-v1:0",
		"us.anthropic.claude-3-5-haiku-20241022-v1:0":       "arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0",
		"arn:aws:bedrock:us-east-1:1:provisioned-model/abc": "arn:aws:bedrock:us-east-1:1:provisioned-model/abc",
	}
	for id, want := range tests {
		task := taskWith(t, "arn:aws:states:::bedrock:invokeModel", `{"ModelId":"`+id+`"}`)
		if got := e.expand("{bedrock:ModelId}", task); !slices.Equal(got, []string{want}) {
			t.Errorf("expand(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestTaskAPI(t *testing.T) {
	for key, want := range map[string]bool{
		"lambda:invoke": true, "states:startExecution": true, "states:startExecution:express": false,
		"apigateway:invoke:no-iam": false, "map:distributed": false, "machine:logging": false,
	} {
		if got := taskAPI(key); got != want {
			t.Errorf("taskAPI(%q) = %v, want %v", key, got, want)
		}
	}
	if _, msg := checkResource("arn:aws:states:::states:startExecution:express"); msg == "" {
		t.Errorf("a catalog variant is accepted as a Task resource")
	}
}
