package rules

import (
	"testing"

	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/terraform"
)

func TestIdiom(t *testing.T) {
	const sns = "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:alerts"
	tf := func(path, data string) *project.File {
		return &project.File{Path: path, Kind: terraform.Terraform, Data: []byte(data)}
	}
	tests := []struct {
		name   string
		files  []*project.File // the first is the one fixed
		value  string
		want   string
		wantOK bool
	}{
		{"a template that writes the partition", []*project.File{{Kind: project.Template, Data: []byte("Resource: !Sub arn:${AWS::Partition}:sqs:x")}},
			sns, "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts", true},
		{"a template that refers to the partition", []*project.File{{Kind: project.Template, Data: []byte(`{"Ref": "AWS::Partition"}, "arn:aws:lambda:x"`)}},
			"arn:aws:sqs:eu-west-1:1:q", "arn:${AWS::Partition}:sqs:eu-west-1:1:q", true},
		{"a template that writes it out", []*project.File{{Kind: project.Template, Data: []byte("Resource: arn:aws:sqs:x")}},
			sns, sns, true},
		{"a template that writes no partition", []*project.File{{Kind: project.Template, Data: []byte("Resource: !GetAtt Q.Arn")}},
			"arn:aws-cn:sqs:cn-north-1:1:q", "arn:${AWS::Partition}:sqs:cn-north-1:1:q", true},
		{"Terraform data sources of the module", []*project.File{
			tf("m/iam.tf", `resource "x" "y" { a = "arn:aws:sqs:x" }`),
			tf("m/data.tf", `data "aws_region" "here" {}`+"\n"+`locals { a = data.aws_caller_identity.me.account_id }`),
			tf("other/data.tf", `data "aws_partition" "p" {}`)},
			sns, "arn:aws:sns:${data.aws_region.here.name}:${data.aws_caller_identity.me.account_id}:alerts", true},
		{"Terraform references of the partition", []*project.File{
			tf("m/iam.tf", `locals { p = data.aws_partition.current.partition, r = data.aws_region.current.region, a = data.aws_caller_identity.current.account_id }`)},
			sns, "arn:${data.aws_partition.current.partition}:sns:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:alerts", true},
		{"Terraform variables of the provider", []*project.File{
			tf("m/iam.tf", `resource "x" "y" { a = "arn:aws:sqs:x" }`),
			tf("m/main.tf", "provider \"aws\" {\n  region = var.region\n  allowed_account_ids = [var.account]\n}\n"+
				"provider \"aws\" {\n  alias = \"west\"\n  region = var.west\n}\n")},
			sns, "arn:aws:sns:${var.region}:${var.account}:alerts", true},
		{"Terraform without the account", []*project.File{tf("m/iam.tf", `data "aws_region" "current" {} "arn:aws:x"`)},
			sns, "", false},
		{"Terraform without any partition", []*project.File{tf("m/iam.tf", `resource "x" "y" {}`)},
			"arn:aws:sqs:eu-west-1:1:q", "", false},
		{"Terraform, other names", []*project.File{tf("m/iam.tf", `data "aws_region" "current" {} data "aws_caller_identity" "c" {} "arn:aws:x"`)},
			"arn:aws:sqs:${AWS::Region}:${Queue.Name}", "", false},
		{"a policy document", []*project.File{{Kind: project.Policy, Data: []byte(`{"Statement": []}`)}},
			sns, "", false},
		{"a policy document, written out", []*project.File{{Kind: project.Policy, Data: []byte(`{"Statement": []}`)}},
			"arn:aws:sqs:eu-west-1:1:q", "arn:aws:sqs:eu-west-1:1:q", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proj := &Project{Project: &project.Project{Files: tt.files}}
			got, ok := idiomOf(proj, tt.files[0]).write(tt.value)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("write(%q) = %q, %v; want %q, %v", tt.value, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
