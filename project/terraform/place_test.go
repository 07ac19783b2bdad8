package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestPlacer(t *testing.T) {
	src := `variable "region" { default = "eu-west-1" }
resource "aws_iam_role" "r" {
  name = "flow"
  inline_policy {
    name   = "a"
  }
  inline_policy {
    policy = jsonencode({ Statement = [] })
  }
}
data "aws_region" "current" {}
`
	file, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	place := placer(file.Body.(*hclsyntax.Body))
	for find, want := range map[string]string{
		`"eu-west-1"`:        "var.region.default",
		`"flow"`:             "aws_iam_role.r.name",
		`"a"`:                "aws_iam_role.r.inline_policy[0].name",
		`Statement = []`:     "aws_iam_role.r.inline_policy[1].policy",
		`"current"`:          "data.aws_region.current",
		"resource \"aws_iam": "aws_iam_role.r",
	} {
		i := strings.Index(src, find)
		if got := place(i, i+len(find)); got != want {
			t.Errorf("place(%s) = %q, want %q", find, got, want)
		}
	}
}
