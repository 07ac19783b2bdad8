package rules_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
)

// documentedCase is one integration pattern or state machine feature with
// the policy the AWS Step Functions documentation gives for it, for a
// machine in us-east-1 and account 123456789012.
type documentedCase struct {
	name       string
	definition string // the state machine definition, JSON
	// machine holds more AWS::StepFunctions::StateMachine properties, as
	// JSON object members, for the features a case is about.
	machine string
	// resources holds more resources of the template, as JSON object
	// members.
	resources  string
	statements []documentedStatement
}

// documentedStatement is one statement of a documented policy and what
// must be reported once it is removed: rule is the code that must report
// an error or warning; "note:CODE" when that rule must report only a note
// (a gap the AWS documentation does not confirm, or that only its earlier
// editions list); "" when the statement is only recommended and its
// removal goes unreported.
type documentedStatement struct {
	rule string
	json string
}

// documentedTask is a definition with one Task state.
func documentedTask(resource, params string) string {
	return `{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "` + resource + `", "Parameters": ` + params + `, "End": true}}}`
}

// documentedPassOnly is a definition without tasks, for the cases about
// features of the state machine itself.
const documentedPassOnly = `{"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": true}}}`

// documentedMachineARN is the ARN of the machine every case defines.
const documentedMachineARN = "arn:aws:states:us-east-1:123456789012:stateMachine:DocumentedFlow"

// Statements shared by several cases.
const (
	docECSRunTask        = `{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "arn:aws:ecs:us-east-1:123456789012:task-definition/render:7"}`
	docECSPassTaskRole   = `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/render-task"}`
	docECSPassExecRole   = `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/render-execution"}`
	docECSTagResource    = `{"Effect": "Allow", "Action": "ecs:TagResource", "Resource": "*"}`
	docSagemakerTags     = `{"Effect": "Allow", "Action": ["sagemaker:ListTags", "sagemaker:AddTags"], "Resource": "*"}`
	docSagemakerPassRole = `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/sagemaker-training", "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}`
	docEMRPassService    = `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/EMR_DefaultRole"}`
	docEMRPassJobFlow    = `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/EMR_EC2_DefaultRole"}`
	docEMRPassScaling    = `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/EMR_AutoScaling_DefaultRole"}`
	docEMRCleanupRole    = `{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::123456789012:role/aws-service-role/elasticmapreduce.amazonaws.com*/AWSServiceRoleForEMRCleanup*", "Condition": {"StringLike": {"iam:AWSServiceName": "elasticmapreduce.amazonaws.com*"}}}`
	docEMRServerlessApp  = `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForEMRServerlessApplicationRule"}`
	docEMRServerlessJob  = `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForEMRServerlessJobRule"}`
	docAthenaS3          = `{"Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload", "s3:CreateBucket", "s3:PutObject"], "Resource": "arn:aws:s3:::*"}`
	docAthenaGlue        = `{"Effect": "Allow", "Action": ["glue:CreateDatabase", "glue:GetDatabase", "glue:GetDatabases", "glue:UpdateDatabase", "glue:DeleteDatabase", "glue:CreateTable", "glue:UpdateTable", "glue:GetTable", "glue:GetTables", "glue:DeleteTable", "glue:BatchDeleteTable", "glue:BatchCreatePartition", "glue:CreatePartition", "glue:UpdatePartition", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition", "glue:DeletePartition", "glue:BatchDeletePartition"], "Resource": ["arn:aws:glue:us-east-1:123456789012:catalog", "arn:aws:glue:us-east-1:123456789012:database/*", "arn:aws:glue:us-east-1:123456789012:table/*", "arn:aws:glue:us-east-1:123456789012:userDefinedFunction/*"]}`
	docAthenaLakeFormat  = `{"Effect": "Allow", "Action": "lakeformation:GetDataAccess", "Resource": "*"}`
	docSFNEventsRule     = `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"}`
	docLogDelivery       = `{"Effect": "Allow", "Action": ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"], "Resource": "*"}`
	docMachineKey        = `{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": {"Fn::GetAtt": ["Key", "Arn"]}, "Condition": {"StringEquals": {"kms:EncryptionContext:aws:states:stateMachineArn": "` + documentedMachineARN + `"}}}`
	// docKey is a key of the template with the default key policy, which
	// lets IAM policies grant its use: a key whose policy is not in the
	// files may grant the role directly, so only a note could be certain.
	docKey = `"Key": {"Type": "AWS::KMS::Key", "Properties": {"Description": "documented"}},`
)

// Task parameters shared by several cases.
const (
	docECSParams = `{"Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/render", "TaskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/render:7", "LaunchType": "FARGATE",
		"NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-0a1b2c3d4e5f60718"]}},
		"Overrides": {"TaskRoleArn": "arn:aws:iam::123456789012:role/render-task", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/render-execution"}}`
	docTrainingParams = `{"TrainingJobName": "churn-model-training", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker-training",
		"AlgorithmSpecification": {"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "TrainingInputMode": "File"},
		"OutputDataConfig": {"S3OutputPath": "s3://ml-artifacts/churn/"}, "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 10},
		"StoppingCondition": {"MaxRuntimeInSeconds": 3600}}`
	docTransformParams = `{"TransformJobName": "churn-batch-scoring", "ModelName": "churn-model",
		"TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://ml-data/churn/score/"}}},
		"TransformOutput": {"S3OutputPath": "s3://ml-artifacts/churn/scores/"}, "TransformResources": {"InstanceCount": 1, "InstanceType": "ml.m5.large"}}`
	docProcessingParams = `{"ProcessingJobName": "churn-features", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker-training",
		"AppSpecification": {"ImageUri": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"},
		"ProcessingResources": {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30}}}`
	docTuningParams = `{"HyperParameterTuningJobName": "churn-tuning",
		"HyperParameterTuningJobConfig": {"Strategy": "Bayesian", "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "validation:rmse"}, "ResourceLimits": {"MaxNumberOfTrainingJobs": 10, "MaxParallelTrainingJobs": 2}},
		"TrainingJobDefinition": {"RoleArn": "arn:aws:iam::123456789012:role/sagemaker-training", "AlgorithmSpecification": {"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "TrainingInputMode": "File"},
			"OutputDataConfig": {"S3OutputPath": "s3://ml-artifacts/churn/tuning/"}, "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 10}, "StoppingCondition": {"MaxRuntimeInSeconds": 3600}}}`
	docLabelingParams = `{"LabelingJobName": "support-tickets", "LabelAttributeName": "category", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker-training",
		"InputConfig": {"DataSource": {"S3DataSource": {"ManifestS3Uri": "s3://ml-data/tickets/manifest.json"}}}, "OutputConfig": {"S3OutputPath": "s3://ml-artifacts/tickets/"},
		"HumanTaskConfig": {"WorkteamArn": "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/support", "UiConfig": {"UiTemplateS3Uri": "s3://ml-data/tickets/template.liquid"},
			"PreHumanTaskLambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:ticket-pre-annotation", "TaskTitle": "Categorize tickets", "TaskDescription": "Pick the category", "NumberOfHumanWorkersPerDataObject": 1, "TaskTimeLimitInSeconds": 300,
			"AnnotationConsolidationConfig": {"AnnotationConsolidationLambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:ticket-consolidation"}}}`
	docCreateClusterParams = `{"Name": "nightly-spark", "ReleaseLabel": "emr-7.1.0", "Applications": [{"Name": "Spark"}],
		"ServiceRole": "EMR_DefaultRole", "JobFlowRole": "EMR_EC2_DefaultRole", "AutoScalingRole": "EMR_AutoScaling_DefaultRole",
		"Instances": {"KeepJobFlowAliveWhenNoSteps": true, "InstanceFleets": [{"Name": "primary", "InstanceFleetType": "MASTER", "TargetOnDemandCapacity": 1, "InstanceTypeConfigs": [{"InstanceType": "m5.xlarge"}]}]}}`
	docAddStepParams   = `{"ClusterId": "j-1K48XXXXXXHCB", "Step": {"Name": "aggregate", "ActionOnFailure": "CONTINUE", "HadoopJarStep": {"Jar": "command-runner.jar", "Args": ["spark-submit", "s3://etl-code/aggregate.py"]}}}`
	docEKSJobRunParams = `{"VirtualClusterId": "a1b2c3d4e5f6g7h8i9j0k1l2m", "Name": "aggregate", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/emr-eks-job", "ReleaseLabel": "emr-7.1.0-latest",
		"JobDriver": {"SparkSubmitJobDriver": {"EntryPoint": "s3://etl-code/aggregate.py"}}}`
	docServerlessJobParams = `{"ApplicationId": "00fabcdefghi1234", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/emr-serverless-job",
		"JobDriver": {"SparkSubmit": {"EntryPoint": "s3://etl-code/aggregate.py"}}}`
	docCreateNodegroupParams = `{"ClusterName": "analytics", "NodegroupName": "workers", "NodeRole": "arn:aws:iam::123456789012:role/eks-node", "Subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]}`
	docFargateParams         = `{"ClusterName": "analytics", "FargateProfileName": "batch-jobs", "PodExecutionRoleArn": "arn:aws:iam::123456789012:role/eks-pod-execution",
		"Selectors": [{"Namespace": "batch"}], "Subnets": ["subnet-0a1b2c3d4e5f60718"]}`
	docAthenaParams = `{"QueryString": "SELECT count(*) FROM orders", "WorkGroup": "analytics",
		"QueryExecutionContext": {"Database": "sales"}, "ResultConfiguration": {"OutputLocation": "s3://athena-results-123456789012/"}}`
	docCustomizationParams = `{"BaseModelIdentifier": "amazon.titan-text-express-v1", "CustomModelName": "support-titan", "JobName": "support-titan-ft",
		"RoleArn": "arn:aws:iam::123456789012:role/bedrock-customization", "TrainingDataConfig": {"S3Uri": "s3://ml-data/support/train.jsonl"},
		"OutputDataConfig": {"S3Uri": "s3://ml-artifacts/support/"}, "HyperParameters": {"epochCount": "2"}}`
	docMediaConvertParams = `{"Role": "arn:aws:iam::123456789012:role/mediaconvert-jobs",
		"Settings": {"Inputs": [{"FileInput": "s3://video-in/talk.mp4"}], "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "s3://video-out/talk"}}}]}}`
	docStartExecutionParams = `{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow", "Input": {"orderId.$": "$.orderId"}}`
)

// documentedCases holds one case for every optimized integration and
// pattern the documentation gives a policy for, and for the Distributed
// Map, logging, X-Ray, KMS and HTTP Task policies. Statements that the
// documentation writes as one are split where their parts serve different
// purposes, so that each can be removed alone.
var documentedCases = []documentedCase{
	// Lambda. The ":*" grant on versions and aliases is added by CDK, not
	// required.
	{name: "lambda:invoke",
		definition: documentedTask("arn:aws:states:::lambda:invoke", `{"FunctionName": "resize-image", "Payload.$": "$"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:resize-image"}`},
			{"", `{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:resize-image:*"}`},
		}},
	{name: "lambda:invoke.waitForTaskToken",
		definition: documentedTask("arn:aws:states:::lambda:invoke.waitForTaskToken", `{"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:approve-order", "Payload": {"token.$": "$$.Task.Token"}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:approve-order"}`},
			{"", `{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:approve-order:*"}`},
		}},

	// SNS and SQS.
	{name: "sns:publish",
		definition: documentedTask("arn:aws:states:::sns:publish", `{"TopicArn": "arn:aws:sns:us-east-1:123456789012:order-events", "Message.$": "$"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:order-events"}`},
		}},
	{name: "sns:publish.waitForTaskToken",
		definition: documentedTask("arn:aws:states:::sns:publish.waitForTaskToken", `{"TopicArn": "arn:aws:sns:us-east-1:123456789012:approvals", "Message": {"token.$": "$$.Task.Token"}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:approvals"}`},
		}},
	{name: "sqs:sendMessage",
		definition: documentedTask("arn:aws:states:::sqs:sendMessage", `{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/order-queue", "MessageBody.$": "$"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:order-queue"}`},
		}},
	{name: "sqs:sendMessage.waitForTaskToken",
		definition: documentedTask("arn:aws:states:::sqs:sendMessage.waitForTaskToken", `{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/review-queue", "MessageBody": {"token.$": "$$.Task.Token"}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:review-queue"}`},
		}},

	// DynamoDB: the documented statement grants the four item actions
	// together.
	{name: "dynamodb:getItem",
		definition: documentedTask("arn:aws:states:::dynamodb:getItem", `{"TableName": "Orders", "Key": {"OrderId": {"S.$": "$.orderId"}}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}`},
		}},
	{name: "dynamodb:putItem",
		definition: documentedTask("arn:aws:states:::dynamodb:putItem", `{"TableName": "Orders", "Item": {"OrderId": {"S.$": "$.orderId"}, "Status": {"S": "NEW"}}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}`},
		}},
	{name: "dynamodb:updateItem",
		definition: documentedTask("arn:aws:states:::dynamodb:updateItem", `{"TableName": "Orders", "Key": {"OrderId": {"S.$": "$.orderId"}}, "UpdateExpression": "SET #s = :s", "ExpressionAttributeNames": {"#s": "Status"}, "ExpressionAttributeValues": {":s": {"S": "SHIPPED"}}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}`},
		}},
	{name: "dynamodb:deleteItem",
		definition: documentedTask("arn:aws:states:::dynamodb:deleteItem", `{"TableName": "Orders", "Key": {"OrderId": {"S.$": "$.orderId"}}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}`},
		}},

	// Batch.
	{name: "batch:submitJob",
		definition: documentedTask("arn:aws:states:::batch:submitJob", `{"JobName": "render", "JobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/render-queue", "JobDefinition": "arn:aws:batch:us-east-1:123456789012:job-definition/render:3"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "batch:SubmitJob", "Resource": "*"}`},
		}},
	{name: "batch:submitJob.sync",
		definition: documentedTask("arn:aws:states:::batch:submitJob.sync", `{"JobName": "render", "JobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/render-queue", "JobDefinition": "arn:aws:batch:us-east-1:123456789012:job-definition/render:3"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "batch:SubmitJob", "Resource": "*"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "batch:DescribeJobs", "Resource": "*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "batch:TerminateJob", "Resource": "*"}`},
			{"SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForBatchJobsRule"}`},
		}},

	// ECS. The task hands over its roles through Overrides, where the
	// linter can see them. The documentation names the execution role of
	// the task definition, not the override, so a missing grant for the
	// overriding execution role is a note; ecs:TagResource is only
	// recommended.
	{name: "ecs:runTask",
		definition: documentedTask("arn:aws:states:::ecs:runTask", docECSParams),
		statements: []documentedStatement{
			{"SFN401", docECSRunTask},
			{"SFN405", docECSPassTaskRole},
			{"note:SFN405", docECSPassExecRole},
			{"", docECSTagResource},
		}},
	{name: "ecs:runTask.sync",
		definition: documentedTask("arn:aws:states:::ecs:runTask.sync", docECSParams),
		statements: []documentedStatement{
			{"SFN401", docECSRunTask},
			{"SFN402", `{"Effect": "Allow", "Action": "ecs:DescribeTasks", "Resource": "*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "ecs:StopTask", "Resource": "*"}`},
			{"SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule"}`},
			{"SFN405", docECSPassTaskRole},
			{"note:SFN405", docECSPassExecRole},
			{"", docECSTagResource},
		}},
	{name: "ecs:runTask.waitForTaskToken",
		definition: documentedTask("arn:aws:states:::ecs:runTask.waitForTaskToken", `{"Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/render", "TaskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/render:7", "LaunchType": "FARGATE",
			"NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-0a1b2c3d4e5f60718"]}},
			"Overrides": {"TaskRoleArn": "arn:aws:iam::123456789012:role/render-task", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/render-execution",
				"ContainerOverrides": [{"Name": "render", "Environment": [{"Name": "TASK_TOKEN", "Value.$": "$$.Task.Token"}]}]}}`),
		statements: []documentedStatement{
			{"SFN401", docECSRunTask},
			{"SFN405", docECSPassTaskRole},
			{"note:SFN405", docECSPassExecRole},
			{"", docECSTagResource},
		}},

	// Glue: the documentation grants everything on "*".
	{name: "glue:startJobRun",
		definition: documentedTask("arn:aws:states:::glue:startJobRun", `{"JobName": "nightly-etl", "Arguments": {"--day.$": "$.day"}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "glue:StartJobRun", "Resource": "*"}`},
		}},
	{name: "glue:startJobRun.sync",
		definition: documentedTask("arn:aws:states:::glue:startJobRun.sync", `{"JobName": "nightly-etl", "Arguments": {"--day.$": "$.day"}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "glue:StartJobRun", "Resource": "*"}`},
			{"SFN402", `{"Effect": "Allow", "Action": ["glue:GetJobRun", "glue:GetJobRuns"], "Resource": "*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "glue:BatchStopJobRun", "Resource": "*"}`},
		}},

	// DataBrew: job/* in the documentation.
	{name: "databrew:startJobRun",
		definition: documentedTask("arn:aws:states:::databrew:startJobRun", `{"Name": "clean-orders"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "databrew:StartJobRun", "Resource": "arn:aws:databrew:us-east-1:123456789012:job/*"}`},
		}},
	{name: "databrew:startJobRun.sync",
		definition: documentedTask("arn:aws:states:::databrew:startJobRun.sync", `{"Name": "clean-orders"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "databrew:StartJobRun", "Resource": "arn:aws:databrew:us-east-1:123456789012:job/*"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "databrew:ListJobRuns", "Resource": "arn:aws:databrew:us-east-1:123456789012:job/*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "databrew:StopJobRun", "Resource": "arn:aws:databrew:us-east-1:123456789012:job/*"}`},
		}},

	// SageMaker jobs: the job name is matched as a prefix; tags are only
	// recommended.
	{name: "sagemaker:createTrainingJob",
		definition: documentedTask("arn:aws:states:::sagemaker:createTrainingJob", docTrainingParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training*"}`},
			{"", docSagemakerTags},
			{"SFN405", docSagemakerPassRole},
		}},
	{name: "sagemaker:createTrainingJob.sync",
		definition: documentedTask("arn:aws:states:::sagemaker:createTrainingJob.sync", docTrainingParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training*"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "sagemaker:DescribeTrainingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "sagemaker:StopTrainingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training*"}`},
			{"SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule"}`},
			{"", docSagemakerTags},
			{"SFN405", docSagemakerPassRole},
		}},
	// SageMaker authorizes tags given at creation with sagemaker:AddTags.
	{name: "sagemaker:createTrainingJob with tags",
		definition: documentedTask("arn:aws:states:::sagemaker:createTrainingJob", strings.Replace(docTrainingParams, `"StoppingCondition"`, `"Tags": [{"Key": "team", "Value": "ml"}], "StoppingCondition"`, 1)),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training*"}`},
			{"SFN401", docSagemakerTags},
			{"SFN405", docSagemakerPassRole},
		}},
	// The role the transform job's model runs with is not a parameter of
	// the task, so passing it is not required of the task.
	{name: "sagemaker:createTransformJob",
		definition: documentedTask("arn:aws:states:::sagemaker:createTransformJob", docTransformParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateTransformJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:transform-job/churn-batch-scoring*"}`},
			{"", docSagemakerTags},
			{"", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/sagemaker-model", "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}`},
		}},
	{name: "sagemaker:createTransformJob.sync",
		definition: documentedTask("arn:aws:states:::sagemaker:createTransformJob.sync", docTransformParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateTransformJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:transform-job/churn-batch-scoring*"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "sagemaker:DescribeTransformJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:transform-job/churn-batch-scoring*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "sagemaker:StopTransformJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:transform-job/churn-batch-scoring*"}`},
			{"SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTransformJobsRule"}`},
			{"", docSagemakerTags},
			{"", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/sagemaker-model", "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}`},
		}},
	// The documentation has no template for processing, tuning and
	// labeling jobs: apart from passing the role, their gaps are
	// inferred and only notes.
	{name: "sagemaker:createProcessingJob",
		definition: documentedTask("arn:aws:states:::sagemaker:createProcessingJob", docProcessingParams),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateProcessingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:processing-job/churn-features*"}`},
			{"", docSagemakerTags},
			{"SFN405", docSagemakerPassRole},
		}},
	{name: "sagemaker:createProcessingJob.sync",
		definition: documentedTask("arn:aws:states:::sagemaker:createProcessingJob.sync", docProcessingParams),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateProcessingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:processing-job/churn-features*"}`},
			{"note:SFN402", `{"Effect": "Allow", "Action": "sagemaker:DescribeProcessingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:processing-job/churn-features*"}`},
			{"note:SFN404", `{"Effect": "Allow", "Action": "sagemaker:StopProcessingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:processing-job/churn-features*"}`},
			{"note:SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule"}`},
			{"", docSagemakerTags},
			{"SFN405", docSagemakerPassRole},
		}},
	{name: "sagemaker:createHyperParameterTuningJob",
		definition: documentedTask("arn:aws:states:::sagemaker:createHyperParameterTuningJob", docTuningParams),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateHyperParameterTuningJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/churn-tuning*"}`},
			{"", docSagemakerTags},
			{"SFN405", docSagemakerPassRole},
		}},
	{name: "sagemaker:createHyperParameterTuningJob.sync",
		definition: documentedTask("arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync", docTuningParams),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateHyperParameterTuningJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/churn-tuning*"}`},
			{"note:SFN402", `{"Effect": "Allow", "Action": "sagemaker:DescribeHyperParameterTuningJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/churn-tuning*"}`},
			{"note:SFN404", `{"Effect": "Allow", "Action": "sagemaker:StopHyperParameterTuningJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/churn-tuning*"}`},
			{"note:SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTuningJobsRule"}`},
			{"", docSagemakerTags},
			{"SFN405", docSagemakerPassRole},
		}},
	{name: "sagemaker:createLabelingJob",
		definition: documentedTask("arn:aws:states:::sagemaker:createLabelingJob", docLabelingParams),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateLabelingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/support-tickets*"}`},
			{"", docSagemakerTags},
			{"SFN405", docSagemakerPassRole},
		}},
	{name: "sagemaker:createLabelingJob.sync",
		definition: documentedTask("arn:aws:states:::sagemaker:createLabelingJob.sync", docLabelingParams),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateLabelingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/support-tickets*"}`},
			{"note:SFN402", `{"Effect": "Allow", "Action": "sagemaker:DescribeLabelingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/support-tickets*"}`},
			{"note:SFN404", `{"Effect": "Allow", "Action": "sagemaker:StopLabelingJob", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:labeling-job/support-tickets*"}`},
			{"", docSagemakerTags},
			{"SFN405", docSagemakerPassRole},
		}},

	// SageMaker models and endpoints.
	{name: "sagemaker:createModel",
		definition: documentedTask("arn:aws:states:::sagemaker:createModel", `{"ModelName": "churn-model", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/sagemaker-model",
			"PrimaryContainer": {"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "s3://ml-artifacts/churn/model.tar.gz"}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateModel", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:model/churn-model"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/sagemaker-model", "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}`},
		}},
	{name: "sagemaker:createEndpointConfig",
		definition: documentedTask("arn:aws:states:::sagemaker:createEndpointConfig", `{"EndpointConfigName": "churn-config", "ProductionVariants": [{"VariantName": "main", "ModelName": "churn-model", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}]}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateEndpointConfig", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/churn-config"}`},
		}},
	{name: "sagemaker:createEndpoint",
		definition: documentedTask("arn:aws:states:::sagemaker:createEndpoint", `{"EndpointName": "churn", "EndpointConfigName": "churn-config"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateEndpoint", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn"}`},
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:CreateEndpoint", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/churn-config"}`},
		}},
	{name: "sagemaker:updateEndpoint",
		definition: documentedTask("arn:aws:states:::sagemaker:updateEndpoint", `{"EndpointName": "churn", "EndpointConfigName": "churn-config-v2"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:UpdateEndpoint", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn"}`},
			{"SFN401", `{"Effect": "Allow", "Action": "sagemaker:UpdateEndpoint", "Resource": "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/churn-config-v2"}`},
		}},

	// EMR. The managed rules of the three .sync APIs are listed only by
	// the 2022 documentation, so their absence is a note.
	{name: "elasticmapreduce:createCluster",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:createCluster", docCreateClusterParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "elasticmapreduce:RunJobFlow", "Resource": "*"}`},
			{"", `{"Effect": "Allow", "Action": ["elasticmapreduce:DescribeCluster", "elasticmapreduce:TerminateJobFlows"], "Resource": "*"}`},
			{"SFN405", docEMRPassService},
			{"SFN405", docEMRPassJobFlow},
			{"SFN405", docEMRPassScaling},
			{"", docEMRCleanupRole},
		}},
	{name: "elasticmapreduce:createCluster.sync",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:createCluster.sync", docCreateClusterParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "elasticmapreduce:RunJobFlow", "Resource": "*"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "elasticmapreduce:DescribeCluster", "Resource": "*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "elasticmapreduce:TerminateJobFlows", "Resource": "*"}`},
			{"note:SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventForEMRRunJobFlowRule"}`},
			{"SFN405", docEMRPassService},
			{"SFN405", docEMRPassJobFlow},
			{"SFN405", docEMRPassScaling},
			{"", docEMRCleanupRole},
		}},
	{name: "elasticmapreduce:terminateCluster",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:terminateCluster", `{"ClusterId": "j-1K48XXXXXXHCB"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "elasticmapreduce:TerminateJobFlows", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
			{"", `{"Effect": "Allow", "Action": "elasticmapreduce:DescribeCluster", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`}, // request-response does not poll; .sync requires it (SFN402)
		}},
	{name: "elasticmapreduce:terminateCluster.sync",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:terminateCluster.sync", `{"ClusterId": "j-1K48XXXXXXHCB"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "elasticmapreduce:TerminateJobFlows", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "elasticmapreduce:DescribeCluster", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
			{"note:SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventForEMRTerminateJobFlowsRule"}`},
		}},
	// The documentation lists DescribeStep and CancelSteps with
	// AddJobFlowSteps for both patterns; only .sync uses them.
	{name: "elasticmapreduce:addStep",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:addStep", docAddStepParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "elasticmapreduce:AddJobFlowSteps", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
			{"", `{"Effect": "Allow", "Action": ["elasticmapreduce:DescribeStep", "elasticmapreduce:CancelSteps"], "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
		}},
	{name: "elasticmapreduce:addStep.sync",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:addStep.sync", docAddStepParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "elasticmapreduce:AddJobFlowSteps", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "elasticmapreduce:DescribeStep", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "elasticmapreduce:CancelSteps", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
			{"note:SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventForEMRAddJobFlowStepsRule"}`},
		}},
	{name: "elasticmapreduce:cancelStep",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:cancelStep", `{"ClusterId": "j-1K48XXXXXXHCB", "StepId": "s-3KZXXXXXXPJZ9"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "elasticmapreduce:CancelSteps", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
		}},
	{name: "elasticmapreduce:setClusterTerminationProtection",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:setClusterTerminationProtection", `{"ClusterId": "j-1K48XXXXXXHCB", "TerminationProtected": true}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "elasticmapreduce:SetTerminationProtection", "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
		}},
	{name: "elasticmapreduce:modifyInstanceFleetByName",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:modifyInstanceFleetByName", `{"ClusterId": "j-1K48XXXXXXHCB", "InstanceFleetName": "core", "InstanceFleet": {"TargetOnDemandCapacity": 4, "TargetSpotCapacity": 0}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": ["elasticmapreduce:ModifyInstanceFleet", "elasticmapreduce:ListInstanceFleets"], "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
		}},
	{name: "elasticmapreduce:modifyInstanceGroupByName",
		definition: documentedTask("arn:aws:states:::elasticmapreduce:modifyInstanceGroupByName", `{"ClusterId": "j-1K48XXXXXXHCB", "InstanceGroupName": "core", "InstanceGroup": {"InstanceCount": 4}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": ["elasticmapreduce:ModifyInstanceGroups", "elasticmapreduce:ListInstanceGroups"], "Resource": "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-1K48XXXXXXHCB"}`},
		}},

	// EMR on EKS: StartJobRun names the job's role in a condition instead
	// of a PassRole grant.
	{name: "emr-containers:createVirtualCluster",
		definition: documentedTask("arn:aws:states:::emr-containers:createVirtualCluster", `{"Name": "spark-jobs", "ContainerProvider": {"Id": "analytics", "Type": "EKS", "Info": {"EksInfo": {"Namespace": "spark"}}}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-containers:CreateVirtualCluster", "Resource": "*"}`},
			{"", `{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::123456789012:role/aws-service-role/emr-containers.amazonaws.com/AWSServiceRoleForAmazonEMRContainers", "Condition": {"StringLike": {"iam:AWSServiceName": "emr-containers.amazonaws.com"}}}`},
		}},
	{name: "emr-containers:deleteVirtualCluster",
		definition: documentedTask("arn:aws:states:::emr-containers:deleteVirtualCluster", `{"Id": "a1b2c3d4e5f6g7h8i9j0k1l2m"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-containers:DeleteVirtualCluster", "Resource": "arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/a1b2c3d4e5f6g7h8i9j0k1l2m"}`},
		}},
	{name: "emr-containers:deleteVirtualCluster.sync",
		definition: documentedTask("arn:aws:states:::emr-containers:deleteVirtualCluster.sync", `{"Id": "a1b2c3d4e5f6g7h8i9j0k1l2m"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-containers:DeleteVirtualCluster", "Resource": "arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/a1b2c3d4e5f6g7h8i9j0k1l2m"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "emr-containers:DescribeVirtualCluster", "Resource": "arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/a1b2c3d4e5f6g7h8i9j0k1l2m"}`},
		}},
	{name: "emr-containers:startJobRun",
		definition: documentedTask("arn:aws:states:::emr-containers:startJobRun", docEKSJobRunParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-containers:StartJobRun", "Resource": "arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/a1b2c3d4e5f6g7h8i9j0k1l2m", "Condition": {"StringEquals": {"emr-containers:ExecutionRoleArn": "arn:aws:iam::123456789012:role/emr-eks-job"}}}`},
		}},
	{name: "emr-containers:startJobRun.sync",
		definition: documentedTask("arn:aws:states:::emr-containers:startJobRun.sync", docEKSJobRunParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-containers:StartJobRun", "Resource": "arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/a1b2c3d4e5f6g7h8i9j0k1l2m", "Condition": {"StringEquals": {"emr-containers:ExecutionRoleArn": "arn:aws:iam::123456789012:role/emr-eks-job"}}}`},
			{"SFN402", `{"Effect": "Allow", "Action": "emr-containers:DescribeJobRun", "Resource": "arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/a1b2c3d4e5f6g7h8i9j0k1l2m/jobruns/*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "emr-containers:CancelJobRun", "Resource": "arn:aws:emr-containers:us-east-1:123456789012:/virtualclusters/a1b2c3d4e5f6g7h8i9j0k1l2m/jobruns/*"}`},
		}},

	// EMR Serverless.
	{name: "emr-serverless:createApplication",
		definition: documentedTask("arn:aws:states:::emr-serverless:createApplication", `{"Name": "spark-app", "ReleaseLabel": "emr-7.1.0", "Type": "SPARK"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:CreateApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/*"}`},
			{"", `{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::123456789012:role/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless*", "Condition": {"StringLike": {"iam:AWSServiceName": "ops.emr-serverless.amazonaws.com"}}}`},
		}},
	{name: "emr-serverless:createApplication.sync",
		definition: documentedTask("arn:aws:states:::emr-serverless:createApplication.sync", `{"Name": "spark-app", "ReleaseLabel": "emr-7.1.0", "Type": "SPARK"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:CreateApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/*"}`},
			{"", `{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::123456789012:role/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless*", "Condition": {"StringLike": {"iam:AWSServiceName": "ops.emr-serverless.amazonaws.com"}}}`},
			{"SFN402", `{"Effect": "Allow", "Action": "emr-serverless:GetApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "emr-serverless:DeleteApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/*"}`},
			{"SFN403", docEMRServerlessApp},
		}},
	{name: "emr-serverless:startApplication",
		definition: documentedTask("arn:aws:states:::emr-serverless:startApplication", `{"ApplicationId": "00fabcdefghi1234"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:StartApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
		}},
	{name: "emr-serverless:startApplication.sync",
		definition: documentedTask("arn:aws:states:::emr-serverless:startApplication.sync", `{"ApplicationId": "00fabcdefghi1234"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:StartApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "emr-serverless:GetApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "emr-serverless:StopApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
			{"SFN403", docEMRServerlessApp},
		}},
	{name: "emr-serverless:stopApplication",
		definition: documentedTask("arn:aws:states:::emr-serverless:stopApplication", `{"ApplicationId": "00fabcdefghi1234"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:StopApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
		}},
	{name: "emr-serverless:stopApplication.sync",
		definition: documentedTask("arn:aws:states:::emr-serverless:stopApplication.sync", `{"ApplicationId": "00fabcdefghi1234"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:StopApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "emr-serverless:GetApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
			{"SFN403", docEMRServerlessApp},
		}},
	{name: "emr-serverless:deleteApplication",
		definition: documentedTask("arn:aws:states:::emr-serverless:deleteApplication", `{"ApplicationId": "00fabcdefghi1234"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:DeleteApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
		}},
	{name: "emr-serverless:deleteApplication.sync",
		definition: documentedTask("arn:aws:states:::emr-serverless:deleteApplication.sync", `{"ApplicationId": "00fabcdefghi1234"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:DeleteApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "emr-serverless:GetApplication", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
			{"SFN403", docEMRServerlessApp},
		}},
	{name: "emr-serverless:startJobRun",
		definition: documentedTask("arn:aws:states:::emr-serverless:startJobRun", docServerlessJobParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:StartJobRun", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/emr-serverless-job", "Condition": {"StringEquals": {"iam:PassedToService": "emr-serverless.amazonaws.com"}}}`},
		}},
	{name: "emr-serverless:startJobRun.sync",
		definition: documentedTask("arn:aws:states:::emr-serverless:startJobRun.sync", docServerlessJobParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:StartJobRun", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/emr-serverless-job", "Condition": {"StringEquals": {"iam:PassedToService": "emr-serverless.amazonaws.com"}}}`},
			{"SFN402", `{"Effect": "Allow", "Action": "emr-serverless:GetJobRun", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234/jobruns/*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "emr-serverless:CancelJobRun", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234/jobruns/*"}`},
			{"SFN403", docEMRServerlessJob},
		}},
	{name: "emr-serverless:cancelJobRun",
		definition: documentedTask("arn:aws:states:::emr-serverless:cancelJobRun", `{"ApplicationId": "00fabcdefghi1234", "JobRunId": "00fjobrunabc5678"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:CancelJobRun", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234/jobruns/00fjobrunabc5678"}`},
		}},
	{name: "emr-serverless:cancelJobRun.sync",
		definition: documentedTask("arn:aws:states:::emr-serverless:cancelJobRun.sync", `{"ApplicationId": "00fabcdefghi1234", "JobRunId": "00fjobrunabc5678"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "emr-serverless:CancelJobRun", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234/jobruns/00fjobrunabc5678"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "emr-serverless:GetJobRun", "Resource": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00fabcdefghi1234/jobruns/00fjobrunabc5678"}`},
			{"SFN403", docEMRServerlessJob},
		}},

	// EKS. The documentation gives one template for both patterns; its
	// Describe and Delete grants serve .sync only.
	{name: "eks:createCluster",
		definition: documentedTask("arn:aws:states:::eks:createCluster", `{"Name": "analytics", "RoleArn": "arn:aws:iam::123456789012:role/eks-cluster", "ResourcesVpcConfig": {"SubnetIds": ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "eks:CreateCluster", "Resource": "*"}`},
			{"", `{"Effect": "Allow", "Action": ["eks:DescribeCluster", "eks:DeleteCluster"], "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/*"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/eks-cluster", "Condition": {"StringEquals": {"iam:PassedToService": "eks.amazonaws.com"}}}`},
		}},
	{name: "eks:createCluster.sync",
		definition: documentedTask("arn:aws:states:::eks:createCluster.sync", `{"Name": "analytics", "RoleArn": "arn:aws:iam::123456789012:role/eks-cluster", "ResourcesVpcConfig": {"SubnetIds": ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "eks:CreateCluster", "Resource": "*"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "eks:DescribeCluster", "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "eks:DeleteCluster", "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/*"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/eks-cluster", "Condition": {"StringEquals": {"iam:PassedToService": "eks.amazonaws.com"}}}`},
		}},
	{name: "eks:createNodegroup",
		definition: documentedTask("arn:aws:states:::eks:createNodegroup", docCreateNodegroupParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "eks:CreateNodegroup", "Resource": "*"}`},
			{"", `{"Effect": "Allow", "Action": "ec2:DescribeSubnets", "Resource": "*"}`}, // recommended with the IAM reads the template grants; no dependent action is documented
			{"", `{"Effect": "Allow", "Action": ["eks:DescribeNodegroup", "eks:DeleteNodegroup"], "Resource": "arn:aws:eks:us-east-1:123456789012:nodegroup/*"}`},
			{"", `{"Effect": "Allow", "Action": ["iam:GetRole", "iam:ListAttachedRolePolicies"], "Resource": "arn:aws:iam::123456789012:role/*"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/eks-node", "Condition": {"StringEquals": {"iam:PassedToService": "eks.amazonaws.com"}}}`},
		}},
	{name: "eks:createNodegroup.sync",
		definition: documentedTask("arn:aws:states:::eks:createNodegroup.sync", docCreateNodegroupParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "eks:CreateNodegroup", "Resource": "*"}`},
			{"", `{"Effect": "Allow", "Action": "ec2:DescribeSubnets", "Resource": "*"}`}, // recommended with the IAM reads the template grants; no dependent action is documented
			{"SFN402", `{"Effect": "Allow", "Action": "eks:DescribeNodegroup", "Resource": "arn:aws:eks:us-east-1:123456789012:nodegroup/*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "eks:DeleteNodegroup", "Resource": "arn:aws:eks:us-east-1:123456789012:nodegroup/*"}`},
			{"", `{"Effect": "Allow", "Action": ["iam:GetRole", "iam:ListAttachedRolePolicies"], "Resource": "arn:aws:iam::123456789012:role/*"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/eks-node", "Condition": {"StringEquals": {"iam:PassedToService": "eks.amazonaws.com"}}}`},
		}},
	{name: "eks:deleteCluster",
		definition: documentedTask("arn:aws:states:::eks:deleteCluster", `{"Name": "analytics"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "eks:DeleteCluster", "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/analytics"}`},
			{"", `{"Effect": "Allow", "Action": "eks:DescribeCluster", "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/analytics"}`}, // request-response does not poll; .sync requires it (SFN402)
		}},
	{name: "eks:deleteCluster.sync",
		definition: documentedTask("arn:aws:states:::eks:deleteCluster.sync", `{"Name": "analytics"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "eks:DeleteCluster", "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/analytics"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "eks:DescribeCluster", "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/analytics"}`},
		}},
	{name: "eks:deleteNodegroup",
		definition: documentedTask("arn:aws:states:::eks:deleteNodegroup", `{"ClusterName": "analytics", "NodegroupName": "workers"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "eks:DeleteNodegroup", "Resource": "arn:aws:eks:us-east-1:123456789012:nodegroup/analytics/workers/*"}`},
			{"", `{"Effect": "Allow", "Action": "eks:DescribeNodegroup", "Resource": "arn:aws:eks:us-east-1:123456789012:nodegroup/analytics/workers/*"}`}, // request-response does not poll; .sync requires it (SFN402)
		}},
	{name: "eks:deleteNodegroup.sync",
		definition: documentedTask("arn:aws:states:::eks:deleteNodegroup.sync", `{"ClusterName": "analytics", "NodegroupName": "workers"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "eks:DeleteNodegroup", "Resource": "arn:aws:eks:us-east-1:123456789012:nodegroup/analytics/workers/*"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "eks:DescribeNodegroup", "Resource": "arn:aws:eks:us-east-1:123456789012:nodegroup/analytics/workers/*"}`},
		}},
	// Fargate profiles have no template either: only the role they pass is
	// documented.
	{name: "eks:createFargateProfile",
		definition: documentedTask("arn:aws:states:::eks:createFargateProfile", docFargateParams),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "eks:CreateFargateProfile", "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/analytics"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/eks-pod-execution", "Condition": {"StringEquals": {"iam:PassedToService": "eks.amazonaws.com"}}}`},
		}},
	{name: "eks:createFargateProfile.sync",
		definition: documentedTask("arn:aws:states:::eks:createFargateProfile.sync", docFargateParams),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "eks:CreateFargateProfile", "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/analytics"}`},
			{"note:SFN402", `{"Effect": "Allow", "Action": "eks:DescribeFargateProfile", "Resource": "arn:aws:eks:us-east-1:123456789012:fargateprofile/analytics/batch-jobs/*"}`},
			{"note:SFN404", `{"Effect": "Allow", "Action": "eks:DeleteFargateProfile", "Resource": "arn:aws:eks:us-east-1:123456789012:fargateprofile/analytics/batch-jobs/*"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/eks-pod-execution", "Condition": {"StringEquals": {"iam:PassedToService": "eks.amazonaws.com"}}}`},
		}},
	{name: "eks:deleteFargateProfile",
		definition: documentedTask("arn:aws:states:::eks:deleteFargateProfile", `{"ClusterName": "analytics", "FargateProfileName": "batch-jobs"}`),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "eks:DeleteFargateProfile", "Resource": "arn:aws:eks:us-east-1:123456789012:fargateprofile/analytics/batch-jobs/*"}`},
		}},
	{name: "eks:deleteFargateProfile.sync",
		definition: documentedTask("arn:aws:states:::eks:deleteFargateProfile.sync", `{"ClusterName": "analytics", "FargateProfileName": "batch-jobs"}`),
		statements: []documentedStatement{
			{"note:SFN401", `{"Effect": "Allow", "Action": "eks:DeleteFargateProfile", "Resource": "arn:aws:eks:us-east-1:123456789012:fargateprofile/analytics/batch-jobs/*"}`},
			{"note:SFN402", `{"Effect": "Allow", "Action": "eks:DescribeFargateProfile", "Resource": "arn:aws:eks:us-east-1:123456789012:fargateprofile/analytics/batch-jobs/*"}`},
		}},

	// CodeBuild.
	{name: "codebuild:startBuild",
		definition: documentedTask("arn:aws:states:::codebuild:startBuild", `{"ProjectName": "web-build", "SourceVersion.$": "$.commit"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:StartBuild", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
		}},
	{name: "codebuild:startBuild.sync",
		definition: documentedTask("arn:aws:states:::codebuild:startBuild.sync", `{"ProjectName": "web-build", "SourceVersion.$": "$.commit"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:StartBuild", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "codebuild:BatchGetBuilds", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "codebuild:StopBuild", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
			{"SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"}`},
		}},
	{name: "codebuild:startBuildBatch",
		definition: documentedTask("arn:aws:states:::codebuild:startBuildBatch", `{"ProjectName": "web-build"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:StartBuildBatch", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
		}},
	{name: "codebuild:startBuildBatch.sync",
		definition: documentedTask("arn:aws:states:::codebuild:startBuildBatch.sync", `{"ProjectName": "web-build"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:StartBuildBatch", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "codebuild:BatchGetBuildBatches", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "codebuild:StopBuildBatch", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
			{"SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventForCodeBuildStartBuildBatchRule"}`},
		}},
	{name: "codebuild:retryBuildBatch",
		definition: documentedTask("arn:aws:states:::codebuild:retryBuildBatch", `{"Id": "web-build:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:RetryBuildBatch", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
		}},
	{name: "codebuild:retryBuildBatch.sync",
		definition: documentedTask("arn:aws:states:::codebuild:retryBuildBatch.sync", `{"Id": "web-build:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:RetryBuildBatch", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "codebuild:BatchGetBuildBatches", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "codebuild:StopBuildBatch", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
		}},
	{name: "codebuild:stopBuild",
		definition: documentedTask("arn:aws:states:::codebuild:stopBuild", `{"Id": "web-build:1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:StopBuild", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
		}},
	{name: "codebuild:stopBuildBatch",
		definition: documentedTask("arn:aws:states:::codebuild:stopBuildBatch", `{"Id": "web-build:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:StopBuildBatch", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
		}},
	{name: "codebuild:batchDeleteBuilds",
		definition: documentedTask("arn:aws:states:::codebuild:batchDeleteBuilds", `{"Ids": ["web-build:1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809"]}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:BatchDeleteBuilds", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
		}},
	{name: "codebuild:deleteBuildBatch",
		definition: documentedTask("arn:aws:states:::codebuild:deleteBuildBatch", `{"Id": "web-build:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:DeleteBuildBatch", "Resource": "arn:aws:codebuild:us-east-1:123456789012:project/web-build"}`},
		}},
	{name: "codebuild:batchGetReports",
		definition: documentedTask("arn:aws:states:::codebuild:batchGetReports", `{"ReportArns": ["arn:aws:codebuild:us-east-1:123456789012:report/web-build-tests:2c3d4e5f-6a7b-8c9d-0e1f-2a3b4c5d6e7f"]}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "codebuild:BatchGetReports", "Resource": "arn:aws:codebuild:us-east-1:123456789012:report-group/web-build-tests"}`},
		}},

	// Athena. The documentation grants StartQueryExecution and
	// GetDataCatalog together; .sync polls with GetQueryExecution, and
	// the current documentation's four other read actions are only
	// recommended. The query runs with the role's permissions: without
	// any S3 or Glue read grant it cannot read tables of the Glue Data
	// Catalog or write its results, but whether it does depends on the
	// query, so their absence is a note. GetDataCatalog (for catalogs
	// other than the default) and Lake Formation (for the tables it
	// governs) are only recommended.
	{name: "athena:startQueryExecution",
		definition: documentedTask("arn:aws:states:::athena:startQueryExecution", docAthenaParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "athena:StartQueryExecution", "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/analytics", "arn:aws:athena:us-east-1:123456789012:datacatalog/*"]}`},
			{"", `{"Effect": "Allow", "Action": "athena:GetDataCatalog", "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/analytics", "arn:aws:athena:us-east-1:123456789012:datacatalog/*"]}`}, // serves the query's catalog access, like the S3 and Glue statements
			{"note:SFN401", docAthenaS3},
			{"note:SFN401", docAthenaGlue},
			{"", docAthenaLakeFormat},
		}},
	{name: "athena:startQueryExecution.sync",
		definition: documentedTask("arn:aws:states:::athena:startQueryExecution.sync", docAthenaParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "athena:StartQueryExecution", "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/analytics", "arn:aws:athena:us-east-1:123456789012:datacatalog/*"]}`},
			{"", `{"Effect": "Allow", "Action": "athena:GetDataCatalog", "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/analytics", "arn:aws:athena:us-east-1:123456789012:datacatalog/*"]}`}, // serves the query's catalog access, like the S3 and Glue statements
			{"SFN402", `{"Effect": "Allow", "Action": "athena:GetQueryExecution", "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/analytics", "arn:aws:athena:us-east-1:123456789012:datacatalog/*"]}`},
			{"", `{"Effect": "Allow", "Action": ["athena:GetWorkGroup", "athena:BatchGetQueryExecution", "athena:GetQueryResults", "athena:ListQueryExecutions"], "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/analytics", "arn:aws:athena:us-east-1:123456789012:datacatalog/*"]}`},
			{"SFN404", `{"Effect": "Allow", "Action": "athena:StopQueryExecution", "Resource": ["arn:aws:athena:us-east-1:123456789012:workgroup/analytics", "arn:aws:athena:us-east-1:123456789012:datacatalog/*"]}`},
			{"note:SFN401", docAthenaS3},
			{"note:SFN401", docAthenaGlue},
			{"", docAthenaLakeFormat},
		}},
	{name: "athena:stopQueryExecution",
		definition: documentedTask("arn:aws:states:::athena:stopQueryExecution", `{"QueryExecutionId": "a1b2c3d4-5678-90ab-cdef-1234567890ab"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "athena:StopQueryExecution", "Resource": "arn:aws:athena:us-east-1:123456789012:workgroup/*"}`},
		}},
	{name: "athena:getQueryExecution",
		definition: documentedTask("arn:aws:states:::athena:getQueryExecution", `{"QueryExecutionId": "a1b2c3d4-5678-90ab-cdef-1234567890ab"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "athena:GetQueryExecution", "Resource": "arn:aws:athena:us-east-1:123456789012:workgroup/*"}`},
		}},
	{name: "athena:getQueryResults",
		definition: documentedTask("arn:aws:states:::athena:getQueryResults", `{"QueryExecutionId": "a1b2c3d4-5678-90ab-cdef-1234567890ab", "MaxResults": 100}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "athena:GetQueryResults", "Resource": "arn:aws:athena:us-east-1:123456789012:workgroup/*"}`},
			{"SFN401", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*"}`}, // Athena reads the results from S3 with the caller's permissions
		}},

	// EventBridge and API Gateway. execute-api:Invoke is needed when the
	// task signs its request (AuthType IAM_ROLE).
	{name: "events:putEvents",
		definition: documentedTask("arn:aws:states:::events:putEvents", `{"Entries": [{"EventBusName": "orders", "Source": "com.example.orders", "DetailType": "OrderShipped", "Detail.$": "$"}]}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "events:PutEvents", "Resource": "arn:aws:events:us-east-1:123456789012:event-bus/orders"}`},
		}},
	{name: "events:putEvents.waitForTaskToken",
		definition: documentedTask("arn:aws:states:::events:putEvents.waitForTaskToken", `{"Entries": [{"EventBusName": "orders", "Source": "com.example.orders", "DetailType": "ReviewRequested", "Detail": {"token.$": "$$.Task.Token"}}]}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "events:PutEvents", "Resource": "arn:aws:events:us-east-1:123456789012:event-bus/orders"}`},
		}},
	{name: "apigateway:invoke",
		definition: documentedTask("arn:aws:states:::apigateway:invoke", `{"ApiEndpoint": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", "Method": "POST", "Stage": "prod", "Path": "/orders", "AuthType": "IAM_ROLE", "RequestBody.$": "$"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/orders"}`},
		}},
	{name: "apigateway:invoke.waitForTaskToken",
		definition: documentedTask("arn:aws:states:::apigateway:invoke.waitForTaskToken", `{"ApiEndpoint": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", "Method": "POST", "Stage": "prod", "Path": "/reviews", "AuthType": "IAM_ROLE", "RequestBody": {"token.$": "$$.Task.Token"}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/reviews"}`},
		}},

	// An HTTP API's $default stage is what a call without a Stage reaches
	// (the Stage parameter is optional for it).
	{name: "apigateway:invoke of an HTTP API without a stage",
		definition: documentedTask("arn:aws:states:::apigateway:invoke", `{"ApiEndpoint": "${Api}", "Method": "POST", "Path": "/orders", "AuthType": "IAM_ROLE", "RequestBody.$": "$"}`),
		machine:    `"DefinitionSubstitutions": {"Api": {"Fn::Sub": "${Api}.execute-api.us-east-1.amazonaws.com"}}`,
		resources: `"Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "orders", "ProtocolType": "HTTP"}},
			"Route": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"ApiId": {"Ref": "Api"}, "RouteKey": "POST /orders", "AuthorizationType": "AWS_IAM"}},`,
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": {"Fn::Sub": "arn:aws:execute-api:us-east-1:123456789012:${Api}/$default/POST/orders"}}`},
		}},

	// Step Functions: StartExecution takes the state machine, Describe
	// and Stop take its executions.
	{name: "states:startExecution",
		definition: documentedTask("arn:aws:states:::states:startExecution", docStartExecutionParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow"}`},
		}},
	{name: "states:startExecution.sync",
		definition: documentedTask("arn:aws:states:::states:startExecution.sync", docStartExecutionParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "states:DescribeExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:ChildFlow:*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "states:StopExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:ChildFlow:*"}`},
			{"SFN403", docSFNEventsRule},
		}},
	{name: "states:startExecution.sync:2",
		definition: documentedTask("arn:aws:states:::states:startExecution.sync:2", docStartExecutionParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "states:DescribeExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:ChildFlow:*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "states:StopExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:ChildFlow:*"}`},
			{"SFN403", docSFNEventsRule},
		}},
	// A version or an alias is authorized on its state machine's ARN, and
	// named in the states:StateMachineQualifier condition key.
	{name: "states:startExecution.sync:2 of an alias",
		definition: documentedTask("arn:aws:states:::states:startExecution.sync:2", `{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow:PROD", "Input": {"orderId.$": "$.orderId"}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow", "Condition": {"StringEquals": {"states:StateMachineQualifier": "PROD"}}}`},
			{"SFN402", `{"Effect": "Allow", "Action": "states:DescribeExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:ChildFlow:*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "states:StopExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:ChildFlow:*"}`},
			{"SFN403", docSFNEventsRule},
		}},
	{name: "states:startExecution.waitForTaskToken",
		definition: documentedTask("arn:aws:states:::states:startExecution.waitForTaskToken", `{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow", "Input": {"token.$": "$$.Task.Token", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow"}`},
		}},

	// Bedrock. CreateModelCustomizationJob is documented on the base
	// model, the custom model and the job.
	{name: "bedrock:invokeModel",
		definition: documentedTask("arn:aws:states:::bedrock:invokeModel", `{"ModelId": "anthropic.claude-3-haiku-20240307-v1:0", "Body": {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 200, "messages": [{"role": "user", "content.$": "$.prompt"}]}}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"}`},
		}},
	{name: "bedrock:createModelCustomizationJob",
		definition: documentedTask("arn:aws:states:::bedrock:createModelCustomizationJob", docCustomizationParams),
		statements: []documentedStatement{
			{"", `{"Effect": "Allow", "Action": "bedrock:CreateModelCustomizationJob", "Resource": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/*"}`}, // IAM checks the base and custom model for CreateModelCustomizationJob, not the job
			{"SFN401", `{"Effect": "Allow", "Action": "bedrock:CreateModelCustomizationJob", "Resource": "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"}`},
			{"SFN401", `{"Effect": "Allow", "Action": "bedrock:CreateModelCustomizationJob", "Resource": "arn:aws:bedrock:us-east-1:123456789012:custom-model/*"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/bedrock-customization"}`},
		}},
	{name: "bedrock:createModelCustomizationJob.sync",
		definition: documentedTask("arn:aws:states:::bedrock:createModelCustomizationJob.sync", docCustomizationParams),
		statements: []documentedStatement{
			{"", `{"Effect": "Allow", "Action": "bedrock:CreateModelCustomizationJob", "Resource": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/*"}`}, // IAM checks the base and custom model for CreateModelCustomizationJob, not the job
			{"SFN401", `{"Effect": "Allow", "Action": "bedrock:CreateModelCustomizationJob", "Resource": "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"}`},
			{"SFN401", `{"Effect": "Allow", "Action": "bedrock:CreateModelCustomizationJob", "Resource": "arn:aws:bedrock:us-east-1:123456789012:custom-model/*"}`},
			{"SFN402", `{"Effect": "Allow", "Action": "bedrock:GetModelCustomizationJob", "Resource": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/*"}`},
			{"SFN404", `{"Effect": "Allow", "Action": "bedrock:StopModelCustomizationJob", "Resource": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/*"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/bedrock-customization"}`},
		}},

	// MediaConvert. CreateJob is documented on queues, job templates and
	// presets; GetJob and CancelJob only on jobs Step Functions tagged.
	{name: "mediaconvert:createJob",
		definition: documentedTask("arn:aws:states:::mediaconvert:createJob", docMediaConvertParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "mediaconvert:CreateJob", "Resource": "arn:aws:mediaconvert:us-east-1:123456789012:queues/*"}`},
			{"", `{"Effect": "Allow", "Action": "mediaconvert:CreateJob", "Resource": "arn:aws:mediaconvert:us-east-1:123456789012:jobTemplates/*"}`}, // checked only when a job names a template
			{"", `{"Effect": "Allow", "Action": "mediaconvert:CreateJob", "Resource": "arn:aws:mediaconvert:us-east-1:123456789012:presets/*"}`},      // checked only when a job names a preset
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/mediaconvert-jobs", "Condition": {"StringEquals": {"iam:PassedToService": "mediaconvert.amazonaws.com"}}}`},
		}},
	{name: "mediaconvert:createJob.sync",
		definition: documentedTask("arn:aws:states:::mediaconvert:createJob.sync", docMediaConvertParams),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "mediaconvert:CreateJob", "Resource": "arn:aws:mediaconvert:us-east-1:123456789012:queues/*"}`},
			{"", `{"Effect": "Allow", "Action": "mediaconvert:CreateJob", "Resource": "arn:aws:mediaconvert:us-east-1:123456789012:jobTemplates/*"}`}, // checked only when a job names a template
			{"", `{"Effect": "Allow", "Action": "mediaconvert:CreateJob", "Resource": "arn:aws:mediaconvert:us-east-1:123456789012:presets/*"}`},      // checked only when a job names a preset
			{"SFN402", `{"Effect": "Allow", "Action": "mediaconvert:GetJob", "Resource": "arn:aws:mediaconvert:us-east-1:123456789012:jobs/*", "Condition": {"StringEquals": {"aws:ResourceTag/ManagedByService": "AWSStepFunctions"}}}`},
			{"SFN404", `{"Effect": "Allow", "Action": "mediaconvert:CancelJob", "Resource": "arn:aws:mediaconvert:us-east-1:123456789012:jobs/*", "Condition": {"StringEquals": {"aws:ResourceTag/ManagedByService": "AWSStepFunctions"}}}`},
			{"SFN403", `{"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForMediaConvertJobRule"}`},
			{"SFN405", `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/mediaconvert-jobs", "Condition": {"StringEquals": {"iam:PassedToService": "mediaconvert.amazonaws.com"}}}`},
		}},

	// HTTP Task: the endpoint call is allowed on the machine itself, for
	// the endpoint and method; the connection's credentials come from
	// EventBridge and its managed secret.
	{name: "http:invoke",
		definition: documentedTask("arn:aws:states:::http:invoke", `{"ApiEndpoint": "https://api.stripe.com/v1/charges", "Method": "POST",
			"Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/stripe/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}, "RequestBody.$": "$"}`),
		statements: []documentedStatement{
			{"SFN401", `{"Effect": "Allow", "Action": "states:InvokeHTTPEndpoint", "Resource": "` + documentedMachineARN + `", "Condition": {"StringEquals": {"states:HTTPMethod": "POST"}, "StringLike": {"states:HTTPEndpoint": "https://api.stripe.com/*"}}}`},
			{"SFN412", `{"Effect": "Allow", "Action": "events:RetrieveConnectionCredentials", "Resource": "arn:aws:events:us-east-1:123456789012:connection/stripe/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}`},
			{"SFN412", `{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "Resource": "arn:aws:secretsmanager:*:*:secret:events!connection/*"}`},
		}},

	// Distributed Map: child executions of the machine itself, and the S3
	// objects it reads and writes. StopExecution (added by CDK), redrive
	// and the ResultWriter's multipart grants are only recommended.
	{name: "distributed map with S3 object reader and result writer",
		definition: `{"StartAt": "Fan out", "States": {"Fan out": {"Type": "Map", "Label": "ingest",
			"ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "orders-archive", "Key": "manifests/today.json"}},
			"ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Process", "States": {"Process": {"Type": "Pass", "End": true}}},
			"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "orders-results", "Prefix": "runs"}},
			"End": true}}}`,
		statements: []documentedStatement{
			{"SFN407", `{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "` + documentedMachineARN + `"}`},
			{"SFN407", `{"Effect": "Allow", "Action": "states:DescribeExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:DocumentedFlow:*"}`},
			{"", `{"Effect": "Allow", "Action": "states:StopExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:DocumentedFlow:*"}`},
			{"", `{"Effect": "Allow", "Action": "states:RedriveExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:DocumentedFlow/ingest:*"}`},
			{"SFN407", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::orders-archive/manifests/today.json"}`},
			{"SFN407", `{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::orders-results/runs/*"}`},
			{"", `{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"], "Resource": "arn:aws:s3:::orders-results/runs/*"}`},
		}},
	{name: "distributed map with S3 listing reader",
		definition: `{"StartAt": "Fan out", "States": {"Fan out": {"Type": "Map",
			"ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "orders-archive", "Prefix": "daily/"}},
			"ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Process", "States": {"Process": {"Type": "Pass", "End": true}}},
			"End": true}}}`,
		statements: []documentedStatement{
			{"SFN407", `{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "` + documentedMachineARN + `"}`},
			{"SFN407", `{"Effect": "Allow", "Action": "states:DescribeExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:DocumentedFlow:*"}`},
			{"SFN407", `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::orders-archive"}`},
			{"SFN407", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::orders-archive/daily/*"}`},
		}},
	// Express child executions are not described.
	{name: "distributed map with express children",
		definition: `{"StartAt": "Fan out", "States": {"Fan out": {"Type": "Map", "ItemsPath": "$.items",
			"ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Process", "States": {"Process": {"Type": "Pass", "End": true}}},
			"End": true}}}`,
		statements: []documentedStatement{
			{"SFN407", `{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "` + documentedMachineARN + `"}`},
			{"", `{"Effect": "Allow", "Action": "states:DescribeExecution", "Resource": "arn:aws:states:us-east-1:123456789012:execution:DocumentedFlow:*"}`},
		}},

	// Logging, X-Ray and a customer managed key.
	{name: "logging",
		definition: documentedPassOnly,
		machine: `"LoggingConfiguration": {"Level": "ALL", "IncludeExecutionData": true,
			"Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/DocumentedFlow:*"}}]}`,
		statements: []documentedStatement{
			{"SFN409", docLogDelivery},
		}},
	{name: "x-ray tracing",
		definition: documentedPassOnly,
		machine:    `"TracingConfiguration": {"Enabled": true}`,
		statements: []documentedStatement{
			{"SFN410", `{"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], "Resource": "*"}`},
		}},
	{name: "customer managed key",
		definition: documentedPassOnly,
		machine:    `"EncryptionConfiguration": {"Type": "CUSTOMER_MANAGED_KMS_KEY", "KmsKeyId": {"Fn::GetAtt": ["Key", "Arn"]}, "KmsDataKeyReusePeriodSeconds": 300}`,
		resources:  docKey,
		statements: []documentedStatement{
			{"SFN411", docMachineKey},
		}},
	// With logging on, CDK also lets log delivery encrypt with the key.
	{name: "customer managed key with logging",
		definition: documentedPassOnly,
		resources:  docKey,
		machine: `"EncryptionConfiguration": {"Type": "CUSTOMER_MANAGED_KMS_KEY", "KmsKeyId": {"Fn::GetAtt": ["Key", "Arn"]}, "KmsDataKeyReusePeriodSeconds": 300},
			"LoggingConfiguration": {"Level": "ERROR", "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/DocumentedFlow:*"}}]}`,
		statements: []documentedStatement{
			{"SFN411", docMachineKey},
			{"SFN409", docLogDelivery},
			{"", `{"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": {"Fn::GetAtt": ["Key", "Arn"]}, "Condition": {"StringEquals": {"kms:EncryptionContext:SourceArn": "arn:aws:logs:us-east-1:123456789012:*"}}}`},
		}},
}

// documentedTemplate is a CloudFormation template with the case's state
// machine and a role whose one inline policy holds the given statements.
// The trust policy names the machine's Region and account, so they stay
// known whichever statements are left.
func documentedTemplate(t *testing.T, c documentedCase, statements []string) []byte {
	t.Helper()
	props := `"StateMachineName": "DocumentedFlow", "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]}, "Definition": ` + c.definition
	if c.machine != "" {
		props += ", " + c.machine
	}
	src := `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
		"Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {` + props + `}},` + c.resources + `
		"Role": {"Type": "AWS::IAM::Role", "Properties": {
			"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole",
				"Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}, "ArnLike": {"aws:SourceArn": "arn:aws:states:us-east-1:123456789012:stateMachine:*"}}}]},
			"Policies": [{"PolicyName": "documented", "PolicyDocument": {"Version": "2012-10-17", "Statement": [` + strings.Join(statements, ", ") + `]}}]}}}}`
	// Indenting checks that the case's JSON is well formed, and leaves no
	// tabs for the YAML reader.
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(src), "", "  "); err != nil {
		t.Fatalf("case %q is not valid JSON: %v", c.name, err)
	}
	return out.Bytes()
}

// lintDocumented runs the linter on the case's template, as
// `sfn-lint template.yaml` would in the template's directory.
func lintDocumented(t *testing.T, c documentedCase, statements []string) []checker.Diagnostic {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), documentedTemplate(t, c, statements), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	res := checker.Run(checker.Options{Args: []string{"template.yaml"}})
	for _, err := range res.Errors {
		t.Errorf("run error: %v", err)
	}
	// A machine that is not bound to the role would pass every check.
	if res.Summary.StateMachines != 1 || res.Summary.Unbound != 0 {
		t.Fatalf("summary = %+v, want one state machine bound to its role", res.Summary)
	}
	return res.Diagnostics
}

// documentedPermissionRule reports whether a rule checks what a role lacks for a
// task or feature (SFN401 to SFN412).
func documentedPermissionRule(code string) bool {
	return strings.HasPrefix(code, "SFN40") || strings.HasPrefix(code, "SFN41")
}

// documentedSerious reports whether a finding is an error or warning.
func documentedSerious(d checker.Diagnostic) bool { return d.Severity >= checker.Warning }

// documentedActions names a statement by its actions, for subtest names.
func documentedActions(t *testing.T, stmt string) string {
	var s struct{ Action any }
	if err := json.Unmarshal([]byte(stmt), &s); err != nil {
		t.Fatalf("statement %s: %v", stmt, err)
	}
	switch a := s.Action.(type) {
	case string:
		return a
	case []any:
		var names []string
		for _, x := range a {
			names = append(names, fmt.Sprint(x))
		}
		return strings.Join(names, ",")
	}
	return "?"
}

// documentedLines shows findings as text output lines.
func documentedLines(ds []checker.Diagnostic) string {
	if len(ds) == 0 {
		return "(none)"
	}
	var out []string
	for _, d := range ds {
		out = append(out, checker.TextLine(d))
	}
	return strings.Join(out, "\n")
}

// TestDocumentedPolicies checks the linter against the policies the AWS
// Step Functions documentation gives: each complete policy satisfies every
// permission rule, and removing any one statement makes exactly the rule
// for its purpose report, a note when the gap is not confirmed by the
// documentation, or nothing when the statement is only recommended.
func TestDocumentedPolicies(t *testing.T) {
	names := map[string]bool{}
	for _, c := range documentedCases {
		if names[c.name] {
			t.Fatalf("two cases are named %q", c.name)
		}
		names[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			var all []string
			for _, s := range c.statements {
				all = append(all, s.json)
			}
			baseline := lintDocumented(t, c, all)
			known := map[string]bool{} // findings of the complete policy, by rule and message
			for _, d := range baseline {
				known[d.Rule+" "+d.Message] = true
				if documentedSerious(d) && (documentedPermissionRule(d.Rule) || d.Rule == "SFN001") {
					t.Errorf("with every documented statement: %s", checker.TextLine(d))
				}
			}
			for i, s := range c.statements {
				t.Run(fmt.Sprintf("without %d %s", i+1, documentedActions(t, s.json)), func(t *testing.T) {
					rest := append(append([]string(nil), all[:i]...), all[i+1:]...)
					got := lintDocumented(t, c, rest)
					want, note := s.rule, ""
					if code, ok := strings.CutPrefix(s.rule, "note:"); ok {
						want, note = "", code
					}
					fired, noted := false, false
					var wrong []checker.Diagnostic
					for _, d := range got {
						switch {
						case !documentedSerious(d):
							noted = noted || d.Rule == note
						case want != "" && d.Rule == want:
							fired = true
						case documentedPermissionRule(d.Rule):
							wrong = append(wrong, d)
						case want == "" && !known[d.Rule+" "+d.Message]:
							// Nothing may report the removal of a
							// statement that is not required.
							wrong = append(wrong, d)
						}
					}
					switch {
					case want != "" && !fired:
						t.Errorf("removing %s: want an error or warning from %s; got:\n%s", s.json, want, documentedLines(got))
					case note != "" && !noted:
						t.Errorf("removing %s: want a note from %s; got:\n%s", s.json, note, documentedLines(got))
					}
					if len(wrong) > 0 {
						what := "no error or warning"
						if want != "" {
							what = "errors or warnings from " + want + " only"
						}
						t.Errorf("removing %s: want %s; got:\n%s", s.json, what, documentedLines(wrong))
					}
				})
			}
		})
	}
}
