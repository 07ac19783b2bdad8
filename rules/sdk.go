package rules

import (
	_ "embed"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
)

//go:embed sdk.tsv
var sdkTSV string

// sdkCatalog holds, for the AWS SDK integrations whose request names the
// resource it touches, the rows that say which action on which resource
// it needs, keyed aws-sdk:service:api.
var sdkCatalog = parseCatalog(sdkTSV)

// sdkNeeds lists what an AWS SDK task needs: the rows of the SDK table for
// its API, where a row's condition holds, or else the IAM action named
// after the API on any resource; and the roles its parameters hand to the
// service.
func (e env) sdkNeeds(in Integration, t *asl.Task, at Need) []Need {
	var out []Need
	known := false
	for _, r := range sdkCatalog[in.API] {
		if !slices.Contains(r.patterns, in.Pattern) || !r.applies(t) {
			continue
		}
		known = known || r.purpose == Base
		out = append(out, e.rowNeeds(r, t.Param, at)...)
	}
	if a := sdkAction(in.API); a != "" && !known {
		n := at
		n.Purpose, n.Action, n.Resource, n.Source = Base, a, iam.Any, "docs"
		out = append(out, n)
	}
	if svc := strings.Split(in.API, ":")[1]; svc != "sts" && svc != "iam" {
		// STS assumes the roles it names and IAM manages them; neither
		// hands a role to a service.
		passed := sdkPassRoles(t, at)
		if to, ok := sdkPassedTo[svc]; ok {
			for i := range passed {
				passed[i].Context = iam.Context{"iam:passedtoservice": to}
			}
		}
		out = append(out, passed...)
	}
	return out
}

// sdkPassedTo is the service a role is handed to by an AWS SDK task of
// each service the AWS documentation gives the iam:PassedToService value
// for, so that a PassRole grant with that condition decides. For other
// services the condition is left undecided.
var sdkPassedTo = map[string]string{
	"bedrock": "bedrock.amazonaws.com", "bedrockagent": "bedrock.amazonaws.com",
	"forecast": "forecast.amazonaws.com", "sagemaker": "sagemaker.amazonaws.com",
	"emrserverless": "emr-serverless.amazonaws.com", "eks": "eks.amazonaws.com",
	"mediaconvert": "mediaconvert.amazonaws.com", "lambda": "lambda.amazonaws.com",
	"glue": "glue.amazonaws.com", "codebuild": "codebuild.amazonaws.com",
}

// sdkPrefixes maps AWS SDK service names to IAM prefixes where they differ.
var sdkPrefixes = map[string]string{
	"sfn": "states", "cloudwatchlogs": "logs", "efs": "elasticfilesystem",
	"elasticloadbalancingv2": "elasticloadbalancing", "mediapackagevod": "mediapackage-vod",
	"mwaa": "airflow", "bedrockagent": "bedrock", "bedrockagentruntime": "bedrock",
	"bedrockruntime": "bedrock", "redshiftdata": "redshift-data", "sesv2": "ses",
	"emr": "elasticmapreduce", "emrcontainers": "emr-containers", "emrserverless": "emr-serverless",
	"eventbridge": "events", "cloudwatchevents": "events", "sagemakerruntime": "sagemaker",
	"sagemakerfeaturestoreruntime": "sagemaker", "sagemakera2iruntime": "sagemaker",
	"rdsdata": "rds-data", "apigatewaymanagementapi": "execute-api", "dynamodbstreams": "dynamodb",
	"lexruntimev2": "lex", "lexmodelsv2": "lex", "iotdata": "iot", "ioteventsdata": "iotevents",
	"costexplorer": "ce", "applicationautoscaling": "application-autoscaling", "acmpca": "acm-pca",
	"cognitoidentityprovider": "cognito-idp", "cognitoidentity": "cognito-identity",
	"databasemigration": "dms", "elasticsearch": "es", "opensearch": "es",
	"opensearchserverless": "aoss", "kinesisvideoarchivedmedia": "kinesisvideo",
	"mediastoredata": "mediastore", "pinpointemail": "ses", "pinpointsmsvoice": "sms-voice",
	"timestreamquery": "timestream", "timestreamwrite": "timestream",
	"marketplacecatalog": "aws-marketplace", "appconfigdata": "appconfig", "ecrpublic": "ecr-public",
	"resourcegroupstaggingapi": "tag", "ssoadmin": "sso", "networkfirewall": "network-firewall",
	"migrationhub": "mgh",
}

// sdkActions maps SDK operations whose IAM action has another name. An
// empty action marks operations that IAM authorizes through the actions of
// what they carry (a transaction's puts and updates, a copy's read and
// write): no single action can be required of them.
var sdkActions = map[string]string{
	"s3:listObjectsV2":                 "s3:ListBucket",
	"s3:listObjects":                   "s3:ListBucket",
	"s3:listObjectVersions":            "s3:ListBucketVersions",
	"s3:listBuckets":                   "s3:ListAllMyBuckets",
	"s3:headObject":                    "s3:GetObject",
	"s3:headBucket":                    "s3:ListBucket",
	"s3:copyObject":                    "s3:PutObject",
	"s3:deleteObjects":                 "s3:DeleteObject",
	"s3:createMultipartUpload":         "s3:PutObject",
	"s3:uploadPart":                    "s3:PutObject",
	"s3:completeMultipartUpload":       "s3:PutObject",
	"s3:selectObjectContent":           "s3:GetObject",
	"lambda:invoke":                    "lambda:InvokeFunction",
	"sqs:sendMessageBatch":             "sqs:SendMessage",
	"sqs:deleteMessageBatch":           "sqs:DeleteMessage",
	"sqs:changeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
	"sns:publishBatch":                 "sns:Publish",
	"bedrockruntime:converse":          "bedrock:InvokeModel",
	"bedrockruntime:converseStream":    "bedrock:InvokeModelWithResponseStream",
	"dynamodb:transactWriteItems":      "",
	"dynamodb:transactGetItems":        "",
	"dynamodb:executeStatement":        "",
	"dynamodb:batchExecuteStatement":   "",
	"dynamodb:executeTransaction":      "",
	"dynamodbstreams:getRecords":       "dynamodb:GetRecords",
	"s3control:createJob":              "s3:CreateJob",
	"cloudwatchlogs:startQuery":        "logs:StartQuery",
	"cloudwatchlogs:getQueryResults":   "logs:GetQueryResults",
}

// sdkAction returns the IAM action an AWS SDK integration calls: the
// service's IAM prefix and the operation name with a capital letter.
func sdkAction(api string) string {
	rest := strings.TrimPrefix(api, "aws-sdk:")
	svc, op, ok := strings.Cut(rest, ":")
	if !ok || svc == "" || op == "" || strings.Contains(op, ":") {
		return ""
	}
	if a, ok := sdkActions[svc+":"+op]; ok {
		return a
	}
	prefix := svc
	if p, ok := sdkPrefixes[svc]; ok {
		prefix = p
	}
	if svc == "apigateway" || svc == "apigatewayv2" {
		return "" // its actions are HTTP verbs on resource paths
	}
	return prefix + ":" + strings.ToUpper(op[:1]) + op[1:]
}
