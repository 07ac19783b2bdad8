package project

import (
	"slices"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
)

func TestEvidencePlace(t *testing.T) {
	own := "arn:aws:sns:eu-west-1:111122223333:orders"
	tests := []struct {
		name     string
		files    []string
		resolved bool // a plan: values, not what a file writes
		region   string
		account  string
	}{
		{"own ARNs", []string{own, "arn:aws:sqs:eu-west-1:111122223333:q"}, false, "eu-west-1", "111122223333"},
		{"two accounts", []string{own, "arn:aws:sqs:eu-west-1:444455556666:q"}, false, "", ""},
		{"only a public layer", []string{"arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7"}, false, "", ""},
		{"a layer beside own ARNs", []string{own, "arn:aws:lambda:us-east-1:017000801446:layer:Powertools:3"}, false, "eu-west-1", "111122223333"},
		{"an application of the Serverless Application Repository", []string{"arn:aws:serverlessrepo:us-east-1:077246666028:applications/x"}, false, "", ""},
		{"a Marketplace model package", []string{"arn:aws:sagemaker:us-east-1:865070037744:model-package/m"}, false, "", ""},
		{"a principal carries no Region", []string{`"Principal": {"AWS": "arn:aws:iam::444455556666:root"}`}, false, "", ""},
		{"a function that is a layer's namesake", []string{"arn:aws:lambda:eu-west-1:111122223333:function:layer"}, false, "eu-west-1", "111122223333"},
		{"CloudFormation pseudo parameters", []string{own, "!Sub arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:q"}, false, "", ""},
		{"Ref of a pseudo parameter", []string{own, `{"Ref": "AWS::AccountId"}`}, false, "", ""},
		{"Terraform data sources", []string{own, `data.aws_caller_identity.current.account_id`}, false, "", ""},
		{"Serverless variables", []string{own, `arn:aws:sqs:${aws:region}:1:q`}, false, "", ""},
		{"symbols", []string{own, "arn:aws:sqs:" + iam.Region + ":1:q"}, false, "", ""},
		{"plan values", []string{own, `"references": ["data.aws_region.current.name"]`}, true, "eu-west-1", "111122223333"},
		{"plan with a layer", []string{"arn:aws:lambda:us-east-1:017000801446:layer:Powertools:3"}, true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ev Evidence
			for _, f := range tt.files {
				if tt.resolved {
					ev.AddValues([]byte(f))
				} else {
					ev.Add([]byte(f))
				}
			}
			r, a, ok := ev.Place()
			if r != tt.region || a != tt.account || ok != (tt.region != "") {
				t.Errorf("Place() = %q, %q, %v; want %q, %q", r, a, ok, tt.region, tt.account)
			}
		})
	}
}

func TestEvidencePartition(t *testing.T) {
	var ev Evidence
	ev.Add([]byte("arn:aws-cn:lambda:cn-north-1:498634801083:layer:Powertools:3"))
	if got := ev.Partition(); got != "aws-cn" {
		t.Errorf("Partition() = %q, want aws-cn: a layer is published in the partition that uses it", got)
	}
}

// TestPlaceholders checks which ${...} a resolved value holds as text.
func TestPlaceholders(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"arn:aws:sns:${AWS::Region}:1:${Topic}", []string{"${AWS::Region}", "${Topic}"}},
		{"$.path", nil},
		{"States.Format('{}', $.x)", nil},
		{"${}", nil},
		{"${a b}", nil},
		{"arn:" + iam.Region + ":x", nil},
		{"${" + iam.Sym("x") + "}", nil},
		// An expression's source text, kept in its symbol, is not text.
		{iam.Expr(`coalesce("a-${var.env}")`, `coalesce("a-${var.env}")`) + "-${Left}", []string{"${Left}"}},
	}
	for _, tt := range tests {
		var got []string
		for _, loc := range Placeholders(tt.in) {
			got = append(got, tt.in[loc[0]:loc[1]])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Placeholders(%q) = %q, want %q", iam.Display(tt.in), got, tt.want)
		}
	}
}
