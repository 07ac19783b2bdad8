package terraform

import (
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project/projecttest"
)

// TestTerraformProviderRegion checks that every way of writing the default
// provider's Region and account is one value, that an aliased provider's
// resources are in its own Region, and that a module runs in the Region of
// the provider its call passes it.
func TestTerraformProviderRegion(t *testing.T) {
	const root = `
variable "region" {
  default = "eu-central-1"
}
variable "account" {}
variable "other" {
  default = "us-east-2"
}
provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account]
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
provider "aws" {
  alias  = "far"
  region = var.other
}
data "aws_region" "current" {}
data "aws_region" "west" {
  provider = aws.west
}
data "aws_region" "named" {
  name = "ap-south-1"
}
data "aws_caller_identity" "current" {}
resource "aws_sns_topic" "home" {
  name = "home"
}
resource "aws_sns_topic" "west" {
  provider = aws.west
  name     = "west"
}
resource "aws_sns_topic" "far" {
  provider = aws.far
  name     = "far"
}
resource "aws_sns_topic" "unset" {
  provider = aws.nowhere
  name     = "unset"
}
`
	const region, account = "${AWS::Region}", "${AWS::AccountId}"
	tests := []struct{ expr, want string }{
		{`var.region`, region},
		{`"${var.region}"`, region},
		{`data.aws_region.current.name`, region},
		{`data.aws_region.current.id`, region},
		{`var.account`, account},
		{`data.aws_caller_identity.current.account_id`, account},
		{`data.aws_region.west.name`, "us-west-2"},
		{`data.aws_region.named.name`, "ap-south-1"},
		{`var.other`, "us-east-2"},
		{`aws_sns_topic.home.arn`, "arn:aws:sns:" + region + ":" + account + ":home"},
		{`aws_sns_topic.west.arn`, "arn:aws:sns:us-west-2:" + account + ":west"},
		{`aws_sns_topic.far.arn`, "arn:aws:sns:us-east-2:" + account + ":far"},
		{`aws_sns_topic.unset.arn`, "arn:aws:sns:${provider.aws.nowhere.region}:" + account + ":unset"},
	}
	src := root + "locals {\n"
	for i, tt := range tests {
		src += "  e" + string(rune('a'+i)) + " = " + tt.expr + "\n"
	}
	src += "}\n"
	p := tfLoad(t, map[string]string{"infra/main.tf": src})
	tfNoProblems(t, p)
	m := parseModule(p, "infra", p.Files)
	for i, tt := range tests {
		got, ok := m.str(m.locals["e"+string(rune('a'+i))], 0)
		if !ok || iam.Display(got) != tt.want {
			t.Errorf("%s = %q, %v; want %q", tt.expr, iam.Display(got), ok, tt.want)
		}
	}
}

// TestTerraformProviderLiteral checks that a Region the provider block
// writes out is the Region of the module's resources and machines, and of
// the modules it calls, unless the call passes another provider.
func TestTerraformProviderLiteral(t *testing.T) {
	child := `
variable "name" {}
resource "aws_sfn_state_machine" "this" {
  name       = var.name
  role_arn   = "arn:aws:iam::111122223333:role/none"
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })
}
`
	p := tfLoad(t, map[string]string{
		"root/main.tf": `
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
module "home" {
  source = "./child"
  name   = "home"
}
module "away" {
  source    = "./child"
  name      = "away"
  providers = { aws = aws.west }
}
resource "aws_sfn_state_machine" "top" {
  name       = "top"
  role_arn   = "arn:aws:iam::111122223333:role/none"
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })
}
`,
		"root/child/main.tf": child,
		"root/own/main.tf": `
variable "region" {}
provider "aws" {
  region = var.region
}
resource "aws_sfn_state_machine" "this" {
  name       = "own"
  role_arn   = "arn:aws:iam::111122223333:role/none"
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })
}
`,
		"root/calls.tf": `
module "own" {
  source = "./own"
  region = "ap-south-1"
}
`,
	})
	for name, want := range map[string]string{"top": "eu-west-1", "home": "eu-west-1", "away": "us-west-2", "own": "ap-south-1"} {
		m := projecttest.Machine(t, p, name)
		if m.Region != want || m.Account != iam.AccountID {
			t.Errorf("machine %s in %q, %q; want %q and the account symbol", name, m.Region, iam.Display(m.Account), want)
		}
		if got := strings.Split(m.ARN, ":")[3]; got != want {
			t.Errorf("machine %s ARN %q", name, iam.Display(m.ARN))
		}
	}
}

// TestTerraformProviderEvidence checks that a module whose provider takes
// its Region from a variable is not taken to deploy where the ARNs it
// writes out in full are: those are someone else's.
func TestTerraformProviderEvidence(t *testing.T) {
	p := tfLoad(t, map[string]string{"m/main.tf": `
variable "region" {}
provider "aws" {
  region = var.region
}
locals {
  shared = "arn:aws:lambda:us-east-1:123456789012:function:shared"
}
`})
	m := parseModule(p, "m", p.Files)
	if m.region != iam.Region || m.known {
		t.Errorf("region %q, known %v; want the provider's, not known", iam.Display(m.region), m.known)
	}
}
