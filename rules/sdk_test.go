package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
)

// TestSDKNeeds checks the resources AWS SDK tasks need, as their request
// parameters name them.
func TestSDKNeeds(t *testing.T) {
	e := env{partition: "aws", region: "us-east-1", account: "111111111111"}
	tests := []struct {
		api, params string
		want        []string // "action resource"
	}{
		{"s3:getObject", `{"Bucket":"in","Key":"a/b.json"}`, []string{"s3:GetObject arn:aws:s3:::in/a/b.json"}},
		{"s3:getObject", `{"Bucket":"in","Key":"a","VersionId":"3"}`, []string{"s3:GetObjectVersion arn:aws:s3:::in/a"}},
		{"s3:getObject", `{"Bucket":"in","Key.$":"$.key"}`, []string{"s3:GetObject arn:aws:s3:::in/" + iam.Any}},
		{"s3:getObject", `{"Bucket":"arn:aws:s3:us-east-1:1:accesspoint/ap","Key":"a"}`, []string{"s3:GetObject arn:aws:s3:::" + iam.Any + "/a"}},
		{"s3:listObjectsV2", `{"Bucket":"in","Prefix":"x/"}`, []string{"s3:ListBucket arn:aws:s3:::in"}},
		{"s3:copyObject", `{"Bucket":"out","Key":"b","CopySource":"/in/a"}`, []string{"s3:PutObject arn:aws:s3:::out/b", "s3:GetObject arn:aws:s3:::in/a"}},
		{"s3:listBuckets", `{}`, []string{"s3:ListAllMyBuckets *"}},
		{"dynamodb:query", `{"TableName":"orders","IndexName":"byDate"}`, []string{"dynamodb:Query arn:aws:dynamodb:us-east-1:111111111111:table/orders/index/byDate"}},
		{"dynamodb:scan", `{"TableName":"orders"}`, []string{"dynamodb:Scan arn:aws:dynamodb:us-east-1:111111111111:table/orders"}},
		{"sqs:receiveMessage", `{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/222222222222/jobs"}`, []string{"sqs:ReceiveMessage arn:aws:sqs:eu-west-1:222222222222:jobs"}},
		{"sns:publish", `{"TopicArn":"arn:aws:sns:us-east-1:1:t","Message":"m"}`, []string{"sns:Publish arn:aws:sns:us-east-1:1:t"}},
		{"sns:publish", `{"PhoneNumber":"+15555550100","Message":"m"}`, []string{"sns:Publish " + iam.Any}},
		{"lambda:invoke", `{"FunctionName":"resize"}`, []string{"lambda:InvokeFunction arn:aws:lambda:us-east-1:111111111111:function:resize"}},
		{"lambda:invoke", `{"FunctionName":"resize","Qualifier":"live"}`, []string{"lambda:InvokeFunction " + iam.Any}},
		{"sfn:describeExecution", `{"ExecutionArn":"arn:aws:states:us-east-1:1:execution:m:e"}`, []string{"states:DescribeExecution arn:aws:states:us-east-1:1:execution:m:e"}},
		{"secretsmanager:getSecretValue", `{"SecretId":"db/password"}`, []string{"secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:111111111111:secret:db/password-" + iam.Wild}},
		{"secretsmanager:getSecretValue", `{"SecretId":"arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf"}`, []string{"secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf"}},
		{"ssm:getParameter", `{"Name":"/app/url"}`, []string{"ssm:GetParameter arn:aws:ssm:us-east-1:111111111111:parameter/app/url"}},
		{"ssm:getParameter", `{"Name":"url"}`, []string{"ssm:GetParameter arn:aws:ssm:us-east-1:111111111111:parameter/url"}},
		{"ssm:getParameter", `{"Name":"url:3"}`, []string{"ssm:GetParameter " + iam.Any}},
		{"kinesis:putRecord", `{"StreamName":"clicks","Data":"x","PartitionKey":"k"}`, []string{"kinesis:PutRecord arn:aws:kinesis:us-east-1:111111111111:stream/clicks"}},
		{"kinesis:putRecord", `{"StreamARN":"arn:aws:kinesis:us-east-1:1:stream/c","Data":"x","PartitionKey":"k"}`, []string{"kinesis:PutRecord arn:aws:kinesis:us-east-1:1:stream/c"}},
		{"cloudwatchlogs:putLogEvents", `{"LogGroupName":"app","LogStreamName":"s","LogEvents":[]}`, []string{"logs:PutLogEvents arn:aws:logs:us-east-1:111111111111:log-group:app" + iam.Wild}},
		{"glue:getTable", `{"DatabaseName":"sales","Name":"orders"}`, []string{
			"glue:GetTable arn:aws:glue:us-east-1:111111111111:catalog",
			"glue:GetTable arn:aws:glue:us-east-1:111111111111:database/sales",
			"glue:GetTable arn:aws:glue:us-east-1:111111111111:table/sales/orders"}},
		{"glue:getTable", `{"DatabaseName":"Sales","Name":"orders"}`, []string{
			"glue:GetTable arn:aws:glue:us-east-1:111111111111:catalog",
			"glue:GetTable arn:aws:glue:us-east-1:111111111111:database/" + iam.Any,
			"glue:GetTable arn:aws:glue:us-east-1:111111111111:table/" + iam.Any + "/orders"}},
		{"ec2:describeInstances", `{}`, []string{"ec2:DescribeInstances *"}},
		{"sts:getCallerIdentity", `{}`, nil},
		// Without a row, the action named after the API on any resource.
		{"rekognition:detectLabels", `{"Image":{}}`, []string{"rekognition:DetectLabels " + iam.Any}},
	}
	for _, tt := range tests {
		task := taskWith(t, "arn:aws:states:::aws-sdk:"+tt.api, tt.params)
		var got []string
		for _, n := range e.sdkNeeds(ParseResource(task.Resource), task, Need{}) {
			if n.Purpose == Base {
				got = append(got, n.Action+" "+n.Resource)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s %s: needs\n%s\nwant\n%s", tt.api, tt.params, iam.Display(strings.Join(got, "\n")), iam.Display(strings.Join(tt.want, "\n")))
		}
	}
}

// TestSDKCatalogWellFormed checks the rows of the SDK table.
func TestSDKCatalogWellFormed(t *testing.T) {
	for api, rows := range sdkCatalog {
		if !strings.HasPrefix(api, "aws-sdk:") || strings.Count(api, ":") != 2 {
			t.Errorf("%s: not aws-sdk:service:api", api)
		}
		for _, r := range rows {
			if r.purpose != Base && r.purpose != PassRole && r.purpose != Other {
				t.Errorf("%s: purpose %q", api, r.purpose)
			}
			for _, a := range r.actions {
				if !actionRE.MatchString(a) {
					t.Errorf("%s: malformed action %q", api, a)
				}
			}
			if !slices.Equal(r.patterns, []string{RequestResponse, Callback}) {
				t.Errorf("%s: patterns %q, want rr,wait", api, r.patterns)
			}
			if strings.Count(r.resource, "{") != strings.Count(r.resource, "}") {
				t.Errorf("%s: unbalanced placeholder in %q", api, r.resource)
			}
		}
	}
}
