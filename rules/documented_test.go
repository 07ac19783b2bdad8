package rules_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
var documentedCases = slices.Concat(documentedCasesA, documentedCasesB)

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
