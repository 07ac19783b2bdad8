package rules_test

import "strings"

// documentedCasesA holds the cases from Lambda to EMR Serverless's
// application APIs (see documentedCases).
var documentedCasesA = []documentedCase{
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
}
