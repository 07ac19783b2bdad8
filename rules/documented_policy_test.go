package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/policygen"
	"github.com/sfn-lint/sfn-lint/project"
)

// documentedGrant is one action on one resource of a policy, with its
// conditions written out.
type documentedGrant struct {
	action, resource, conds string
	rule                    string // of the documented statement it comes from
}

func (g documentedGrant) String() string {
	s := g.action + " on " + iam.Display(g.resource)
	if g.conds != "" {
		s += " if " + g.conds
	}
	return s
}

// generatedPolicy loads a case's template with the documented policy and
// generates the policy of its machine; it returns the documented grants
// (as the template's reader resolves them) and the generated ones.
func generatedPolicy(t *testing.T, c documentedCase) (documented, generated []documentedGrant) {
	t.Helper()
	var all []string
	for _, s := range c.statements {
		all = append(all, s.json)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), documentedTemplate(t, c, all), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	var proj *project.Project
	checker.Run(checker.Options{Args: []string{"template.yaml"}, Loaded: func(p *project.Project) { proj = p }})
	if proj == nil || len(proj.Machines) != 1 || proj.Machines[0].Role == nil {
		t.Fatal("the case's template does not load one bound state machine")
	}
	m := proj.Machines[0]
	for i, s := range m.Role.Policies[0].Statements {
		var conds []string
		for _, c := range s.Conds {
			conds = append(conds, c.Op+" "+c.Key+"="+strings.Join(c.Values, "|"))
		}
		slices.Sort(conds)
		for _, a := range s.Actions {
			for _, r := range s.Resources {
				documented = append(documented, documentedGrant{a.Value, r.Value, strings.Join(conds, ", "), c.statements[i].rule})
			}
		}
	}
	docs := policygen.Generate(proj, m)
	for _, s := range docs[0].Statements {
		var conds []string
		for _, c := range s.Conditions {
			conds = append(conds, c.Op+" "+strings.ToLower(c.Key)+"="+c.Value)
		}
		slices.Sort(conds)
		for _, a := range s.Actions {
			for _, r := range s.Resources {
				generated = append(generated, documentedGrant{action: a, resource: r, conds: strings.Join(conds, ", ")})
			}
		}
	}
	return documented, generated
}

// differences compares a generated policy with the documented one, grant
// by grant, and says each difference once for the actions it concerns:
// what is generated on a narrower or broader resource than documented,
// under a condition the documentation does not write, or not documented
// at all, and what a documented statement the lint requires grants that
// is not generated.
func differences(documented, generated []documentedGrant) []string {
	type key struct{ what, resource, detail string }
	var order []key
	actions := map[key][]string{}
	note := func(k key, action string) {
		if actions[k] == nil {
			order = append(order, k)
		}
		if !slices.Contains(actions[k], action) {
			actions[k] = append(actions[k], action)
		}
	}
	same := strings.EqualFold
	for _, g := range generated {
		k := key{what: "not documented", resource: g.resource, detail: g.conds}
		for _, d := range documented {
			switch {
			case !same(d.action, g.action):
			case d.resource == g.resource && d.conds == g.conds:
				k.what = ""
			case d.resource == g.resource && k.what != "":
				k = key{"under other conditions", g.resource, fmt.Sprintf("generated %q, documented %q", g.conds, d.conds)}
			case iam.Match(d.resource, g.resource, false) == iam.Yes && (k.what == "not documented" || strings.HasPrefix(k.what, "broader")):
				k = key{"narrower", g.resource, iam.Display(d.resource)}
			case iam.Match(g.resource, d.resource, false) == iam.Yes && k.what == "not documented":
				k = key{"broader", g.resource, iam.Display(d.resource)}
			}
		}
		if k.what != "" {
			note(k, g.action)
		}
	}
	for _, d := range documented {
		if d.rule != "" && !slices.ContainsFunc(generated, func(g documentedGrant) bool {
			return same(d.action, g.action) && (iam.Match(d.resource, g.resource, false) == iam.Yes || iam.Match(g.resource, d.resource, false) == iam.Yes)
		}) {
			note(key{"not generated", d.resource, d.conds}, d.action)
		}
	}
	var out []string
	for _, k := range order {
		acts := actions[k]
		slices.Sort(acts)
		line := k.what + ": " + strings.Join(acts, ", ") + " on " + iam.Display(k.resource)
		switch {
		case k.what == "narrower" || k.what == "broader":
			line += ", documented on " + k.detail
		case k.what == "under other conditions":
			line += ": " + k.detail
		case k.detail != "":
			line += " if " + k.detail
		}
		out = append(out, line)
	}
	slices.Sort(out)
	return out
}

// documentedPolicyDifferences says, for each case of documentedCases,
// how the policy sfn-lint policy generates differs from the documented
// policy of the case (see differences); a case it does not name is
// generated exactly as documented.
var documentedPolicyDifferences = map[string][]string{
	// The documented statement grants the four item actions together; the
	// generated one grants the action the task calls.
	"dynamodb:getItem": {
		"not generated: dynamodb:DeleteItem, dynamodb:PutItem, dynamodb:UpdateItem on arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
	},
	"dynamodb:putItem": {
		"not generated: dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:UpdateItem on arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
	},
	"dynamodb:updateItem": {
		"not generated: dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem on arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
	},
	"dynamodb:deleteItem": {
		"not generated: dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem on arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
	},
	// A job's ARN has the account and Region; the documentation writes "*".
	"batch:submitJob.sync": {
		"narrower: batch:TerminateJob on arn:aws:batch:us-east-1:123456789012:job/*, documented on *",
	},
	// iam:PassRole is conditioned on the service the role is handed to, as
	// the documentation writes it for the other integrations.
	"ecs:runTask": {
		"under other conditions: iam:PassRole on arn:aws:iam::123456789012:role/render-execution: generated \"StringEquals iam:passedtoservice=ecs-tasks.amazonaws.com\", documented \"\"",
		"under other conditions: iam:PassRole on arn:aws:iam::123456789012:role/render-task: generated \"StringEquals iam:passedtoservice=ecs-tasks.amazonaws.com\", documented \"\"",
	},
	// A task's ARN names its cluster.
	"ecs:runTask.sync": {
		"narrower: ecs:DescribeTasks, ecs:StopTask on arn:aws:ecs:us-east-1:123456789012:task/render/*, documented on *",
		"under other conditions: iam:PassRole on arn:aws:iam::123456789012:role/render-execution: generated \"StringEquals iam:passedtoservice=ecs-tasks.amazonaws.com\", documented \"\"",
		"under other conditions: iam:PassRole on arn:aws:iam::123456789012:role/render-task: generated \"StringEquals iam:passedtoservice=ecs-tasks.amazonaws.com\", documented \"\"",
	},
	"ecs:runTask.waitForTaskToken": {
		"under other conditions: iam:PassRole on arn:aws:iam::123456789012:role/render-execution: generated \"StringEquals iam:passedtoservice=ecs-tasks.amazonaws.com\", documented \"\"",
		"under other conditions: iam:PassRole on arn:aws:iam::123456789012:role/render-task: generated \"StringEquals iam:passedtoservice=ecs-tasks.amazonaws.com\", documented \"\"",
	},
	// Glue, DataBrew and SageMaker: the job the task names, where the
	// documentation writes every job ("*", job/*) or a name prefix (name*).
	"glue:startJobRun": {
		"narrower: glue:StartJobRun on arn:aws:glue:us-east-1:123456789012:job/nightly-etl, documented on *",
	},
	"glue:startJobRun.sync": {
		"narrower: glue:BatchStopJobRun, glue:GetJobRun, glue:GetJobRuns, glue:StartJobRun on arn:aws:glue:us-east-1:123456789012:job/nightly-etl, documented on *",
	},
	"databrew:startJobRun": {
		"narrower: databrew:StartJobRun on arn:aws:databrew:us-east-1:123456789012:job/clean-orders, documented on arn:aws:databrew:us-east-1:123456789012:job/*",
	},
	"databrew:startJobRun.sync": {
		"narrower: databrew:ListJobRuns, databrew:StartJobRun, databrew:StopJobRun on arn:aws:databrew:us-east-1:123456789012:job/clean-orders, documented on arn:aws:databrew:us-east-1:123456789012:job/*",
	},
	"sagemaker:createTrainingJob": {
		"narrower: sagemaker:CreateTrainingJob on arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training, documented on arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training*",
	},
	"sagemaker:createTrainingJob.sync": {
		"narrower: sagemaker:CreateTrainingJob, sagemaker:DescribeTrainingJob, sagemaker:StopTrainingJob on arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training, documented on arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training*",
	},
	// sagemaker:ListTags is only recommended: nothing the task calls needs
	// it.
	"sagemaker:createTrainingJob with tags": {
		"narrower: sagemaker:CreateTrainingJob on arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training, documented on arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-model-training*",
		"not generated: sagemaker:ListTags on *",
	},
	"sagemaker:createTransformJob": {
		"narrower: sagemaker:CreateTransformJob on arn:aws:sagemaker:us-east-1:123456789012:transform-job/churn-batch-scoring, documented on arn:aws:sagemaker:us-east-1:123456789012:transform-job/churn-batch-scoring*",
	},
	"sagemaker:createTransformJob.sync": {
		"narrower: sagemaker:CreateTransformJob, sagemaker:DescribeTransformJob, sagemaker:StopTransformJob on arn:aws:sagemaker:us-east-1:123456789012:transform-job/churn-batch-scoring, documented on arn:aws:sagemaker:us-east-1:123456789012:transform-job/churn-batch-scoring*",
	},
	"sagemaker:createProcessingJob": {
		"narrower: sagemaker:CreateProcessingJob on arn:aws:sagemaker:us-east-1:123456789012:processing-job/churn-features, documented on arn:aws:sagemaker:us-east-1:123456789012:processing-job/churn-features*",
	},
	"sagemaker:createProcessingJob.sync": {
		"narrower: sagemaker:CreateProcessingJob, sagemaker:DescribeProcessingJob, sagemaker:StopProcessingJob on arn:aws:sagemaker:us-east-1:123456789012:processing-job/churn-features, documented on arn:aws:sagemaker:us-east-1:123456789012:processing-job/churn-features*",
	},
	"sagemaker:createHyperParameterTuningJob": {
		"narrower: sagemaker:CreateHyperParameterTuningJob on arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/churn-tuning, documented on arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/churn-tuning*",
	},
	"sagemaker:createHyperParameterTuningJob.sync": {
		"narrower: sagemaker:CreateHyperParameterTuningJob, sagemaker:DescribeHyperParameterTuningJob, sagemaker:StopHyperParameterTuningJob on arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/churn-tuning, documented on arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/churn-tuning*",
	},
	"sagemaker:createLabelingJob": {
		"narrower: sagemaker:CreateLabelingJob on arn:aws:sagemaker:us-east-1:123456789012:labeling-job/support-tickets, documented on arn:aws:sagemaker:us-east-1:123456789012:labeling-job/support-tickets*",
	},
	"sagemaker:createLabelingJob.sync": {
		"narrower: sagemaker:CreateLabelingJob, sagemaker:DescribeLabelingJob, sagemaker:StopLabelingJob on arn:aws:sagemaker:us-east-1:123456789012:labeling-job/support-tickets, documented on arn:aws:sagemaker:us-east-1:123456789012:labeling-job/support-tickets*",
	},
	// A cluster's ARN has the account and Region; a node group's names its
	// cluster and name.
	"elasticmapreduce:createCluster.sync": {
		"narrower: elasticmapreduce:DescribeCluster, elasticmapreduce:TerminateJobFlows on arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/*, documented on *",
	},
	"eks:createNodegroup.sync": {
		"narrower: eks:DeleteNodegroup, eks:DescribeNodegroup on arn:aws:eks:us-east-1:123456789012:nodegroup/analytics/workers/*, documented on arn:aws:eks:us-east-1:123456789012:nodegroup/*",
	},
	// A build's or report's ID names its project or report group, which
	// the catalog does not read: the documentation's project/* and
	// report-group/* stand, where the case's statements name web-build.
	"codebuild:retryBuildBatch": {
		"broader: codebuild:RetryBuildBatch on arn:aws:codebuild:us-east-1:123456789012:project/*, documented on arn:aws:codebuild:us-east-1:123456789012:project/web-build",
	},
	"codebuild:retryBuildBatch.sync": {
		"broader: codebuild:BatchGetBuildBatches, codebuild:RetryBuildBatch, codebuild:StopBuildBatch on arn:aws:codebuild:us-east-1:123456789012:project/*, documented on arn:aws:codebuild:us-east-1:123456789012:project/web-build",
	},
	"codebuild:stopBuild": {
		"broader: codebuild:StopBuild on arn:aws:codebuild:us-east-1:123456789012:project/*, documented on arn:aws:codebuild:us-east-1:123456789012:project/web-build",
	},
	"codebuild:stopBuildBatch": {
		"broader: codebuild:StopBuildBatch on arn:aws:codebuild:us-east-1:123456789012:project/*, documented on arn:aws:codebuild:us-east-1:123456789012:project/web-build",
	},
	"codebuild:batchDeleteBuilds": {
		"broader: codebuild:BatchDeleteBuilds on arn:aws:codebuild:us-east-1:123456789012:project/*, documented on arn:aws:codebuild:us-east-1:123456789012:project/web-build",
	},
	"codebuild:deleteBuildBatch": {
		"broader: codebuild:DeleteBuildBatch on arn:aws:codebuild:us-east-1:123456789012:project/*, documented on arn:aws:codebuild:us-east-1:123456789012:project/web-build",
	},
	"codebuild:batchGetReports": {
		"broader: codebuild:BatchGetReports on arn:aws:codebuild:us-east-1:123456789012:report-group/*, documented on arn:aws:codebuild:us-east-1:123456789012:report-group/web-build-tests",
	},
	// Athena: StartQueryExecution is authorized on the workgroup alone (the
	// documentation grants datacatalog/* to the same statement for
	// GetDataCatalog); the query's data is read with the Glue reads of the
	// catalog row, on "*" where the documentation names the catalog, its
	// databases, tables and functions, and the documentation's other Glue
	// and S3 actions serve what a query may do beyond reading tables and
	// writing results (only recommended).
	"athena:startQueryExecution": {
		"broader: glue:GetDatabase, glue:GetPartitions, glue:GetTable on *, documented on arn:aws:glue:us-east-1:123456789012:catalog",
		"not generated: athena:StartQueryExecution on arn:aws:athena:us-east-1:123456789012:datacatalog/*",
		"not generated: glue:BatchCreatePartition, glue:BatchDeletePartition, glue:BatchDeleteTable, glue:BatchGetPartition, glue:CreateDatabase, glue:CreatePartition, glue:CreateTable, glue:DeleteDatabase, glue:DeletePartition, glue:DeleteTable, glue:GetDatabases, glue:GetPartition, glue:GetTables, glue:UpdateDatabase, glue:UpdatePartition, glue:UpdateTable on arn:aws:glue:us-east-1:123456789012:catalog",
		"not generated: glue:BatchCreatePartition, glue:BatchDeletePartition, glue:BatchDeleteTable, glue:BatchGetPartition, glue:CreateDatabase, glue:CreatePartition, glue:CreateTable, glue:DeleteDatabase, glue:DeletePartition, glue:DeleteTable, glue:GetDatabases, glue:GetPartition, glue:GetTables, glue:UpdateDatabase, glue:UpdatePartition, glue:UpdateTable on arn:aws:glue:us-east-1:123456789012:database/*",
		"not generated: glue:BatchCreatePartition, glue:BatchDeletePartition, glue:BatchDeleteTable, glue:BatchGetPartition, glue:CreateDatabase, glue:CreatePartition, glue:CreateTable, glue:DeleteDatabase, glue:DeletePartition, glue:DeleteTable, glue:GetDatabases, glue:GetPartition, glue:GetTables, glue:UpdateDatabase, glue:UpdatePartition, glue:UpdateTable on arn:aws:glue:us-east-1:123456789012:table/*",
		"not generated: glue:BatchCreatePartition, glue:BatchDeletePartition, glue:BatchDeleteTable, glue:BatchGetPartition, glue:CreateDatabase, glue:CreatePartition, glue:CreateTable, glue:DeleteDatabase, glue:DeletePartition, glue:DeleteTable, glue:GetDatabases, glue:GetPartition, glue:GetTables, glue:UpdateDatabase, glue:UpdatePartition, glue:UpdateTable on arn:aws:glue:us-east-1:123456789012:userDefinedFunction/*",
		"not generated: s3:AbortMultipartUpload, s3:CreateBucket, s3:ListBucketMultipartUploads, s3:ListMultipartUploadParts on arn:aws:s3:::*",
	},
	"athena:startQueryExecution.sync": {
		"broader: glue:GetDatabase, glue:GetPartitions, glue:GetTable on *, documented on arn:aws:glue:us-east-1:123456789012:catalog",
		"not generated: athena:GetQueryExecution, athena:StartQueryExecution, athena:StopQueryExecution on arn:aws:athena:us-east-1:123456789012:datacatalog/*",
		"not generated: glue:BatchCreatePartition, glue:BatchDeletePartition, glue:BatchDeleteTable, glue:BatchGetPartition, glue:CreateDatabase, glue:CreatePartition, glue:CreateTable, glue:DeleteDatabase, glue:DeletePartition, glue:DeleteTable, glue:GetDatabases, glue:GetPartition, glue:GetTables, glue:UpdateDatabase, glue:UpdatePartition, glue:UpdateTable on arn:aws:glue:us-east-1:123456789012:catalog",
		"not generated: glue:BatchCreatePartition, glue:BatchDeletePartition, glue:BatchDeleteTable, glue:BatchGetPartition, glue:CreateDatabase, glue:CreatePartition, glue:CreateTable, glue:DeleteDatabase, glue:DeletePartition, glue:DeleteTable, glue:GetDatabases, glue:GetPartition, glue:GetTables, glue:UpdateDatabase, glue:UpdatePartition, glue:UpdateTable on arn:aws:glue:us-east-1:123456789012:database/*",
		"not generated: glue:BatchCreatePartition, glue:BatchDeletePartition, glue:BatchDeleteTable, glue:BatchGetPartition, glue:CreateDatabase, glue:CreatePartition, glue:CreateTable, glue:DeleteDatabase, glue:DeletePartition, glue:DeleteTable, glue:GetDatabases, glue:GetPartition, glue:GetTables, glue:UpdateDatabase, glue:UpdatePartition, glue:UpdateTable on arn:aws:glue:us-east-1:123456789012:table/*",
		"not generated: glue:BatchCreatePartition, glue:BatchDeletePartition, glue:BatchDeleteTable, glue:BatchGetPartition, glue:CreateDatabase, glue:CreatePartition, glue:CreateTable, glue:DeleteDatabase, glue:DeletePartition, glue:DeleteTable, glue:GetDatabases, glue:GetPartition, glue:GetTables, glue:UpdateDatabase, glue:UpdatePartition, glue:UpdateTable on arn:aws:glue:us-east-1:123456789012:userDefinedFunction/*",
		"not generated: s3:AbortMultipartUpload, s3:CreateBucket, s3:ListBucketMultipartUploads, s3:ListMultipartUploadParts on arn:aws:s3:::*",
	},
	// As for ECS, iam:PassRole names the service.
	"bedrock:createModelCustomizationJob": {
		"under other conditions: iam:PassRole on arn:aws:iam::123456789012:role/bedrock-customization: generated \"StringEquals iam:passedtoservice=bedrock.amazonaws.com\", documented \"\"",
	},
	"bedrock:createModelCustomizationJob.sync": {
		"under other conditions: iam:PassRole on arn:aws:iam::123456789012:role/bedrock-customization: generated \"StringEquals iam:passedtoservice=bedrock.amazonaws.com\", documented \"\"",
	},
	// The endpoint the task calls, exactly, where the documentation writes
	// its host and a wildcard.
	"http:invoke": {
		"under other conditions: states:InvokeHTTPEndpoint on arn:aws:states:us-east-1:123456789012:stateMachine:DocumentedFlow: generated \"StringEquals states:httpendpoint=https://api.stripe.com/v1/charges, StringEquals states:httpmethod=POST\", documented \"StringEquals states:httpmethod=POST, StringLike states:httpendpoint=https://api.stripe.com/*\"",
	},
}

// TestDocumentedPolicyGenerated generates the policy of each documented
// case and compares it with the documented policy, grant by grant: every
// difference must be the one documentedPolicyDifferences records.
func TestDocumentedPolicyGenerated(t *testing.T) {
	names := map[string]bool{}
	for _, c := range documentedCases {
		names[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			d, g := generatedPolicy(t, c)
			got, want := differences(d, g), documentedPolicyDifferences[c.name]
			if !slices.Equal(got, want) {
				t.Errorf("differences from the documented policy:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
	for name := range documentedPolicyDifferences {
		if !names[name] {
			t.Errorf("documentedPolicyDifferences names %q, which is no case", name)
		}
	}
}
