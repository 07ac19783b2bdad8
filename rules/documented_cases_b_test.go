package rules_test

// documentedCasesB holds the cases from EMR Serverless's job runs on
// (see documentedCases).
var documentedCasesB = []documentedCase{
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
