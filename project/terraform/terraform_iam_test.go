package terraform

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project/projecttest"
)

// tfStatements renders a policy's statements compactly.
func tfStatements(pols ...*iam.Policy) []string {
	var out []string
	for _, pol := range pols {
		for _, s := range pol.Statements {
			var b strings.Builder
			if s.Sid != "" {
				b.WriteString(s.Sid + " ")
			}
			if s.Deny {
				b.WriteString("Deny ")
			}
			if s.NotAction {
				b.WriteString("not ")
			}
			for i, a := range s.Actions {
				if i > 0 {
					b.WriteString(",")
				}
				b.WriteString(a.Value)
			}
			b.WriteString(" on ")
			for i, r := range s.Resources {
				if i > 0 {
					b.WriteString(",")
				}
				b.WriteString(iam.Display(r.Value))
			}
			for _, c := range s.Conds {
				fmt.Fprintf(&b, " if %s %s %v", c.Op, c.Key, c.Values)
			}
			for _, pr := range s.Principals {
				fmt.Fprintf(&b, " to %s:%s", pr.Type, pr.Value)
			}
			out = append(out, b.String())
		}
	}
	return out
}

func TestTerraformRolePolicies(t *testing.T) {
	p := tfLoad(t, map[string]string{"main.tf": `
resource "aws_iam_role" "flow" {
  name                 = "flow"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  managed_policy_arns  = ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", "arn:aws:iam::aws:policy/NotShippedHere"]
  permissions_boundary = aws_iam_policy.boundary.arn
  inline_policy {
    name   = "inline"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn }] })
  }
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}
resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_iam_policy" "boundary" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "aws_iam_policy" "extra" {
  name   = "extra"
  policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "${aws_sns_topic.t.arn}"}]}
EOF
}
resource "aws_sns_topic" "t" {
  name = "t"
}
resource "aws_iam_role_policy" "by_name" {
  role   = "flow"
  policy = data.aws_iam_policy_document.doc.json
}
resource "aws_iam_role_policy" "other_role" {
  role   = "someone-else"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "extra" {
  role       = aws_iam_role.flow.name
  policy_arn = aws_iam_policy.extra.arn
}
resource "aws_iam_policy_attachment" "many" {
  name       = "many"
  roles      = [aws_iam_role.flow.name]
  policy_arn = var.policy_arn
}
resource "aws_iam_role_policy" "off" {
  count  = 0
  role   = aws_iam_role.flow.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Logs"
    actions   = ["logs:*"]
    resources = ["*"]
  }
  statement {
    sid       = "Keep"
    actions   = ["glue:GetJobRun"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "doc" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogDelivery"]
    resources = ["*"]
  }
  statement {
    effect        = "Deny"
    not_actions   = ["s3:GetObject"]
    not_resources = ["${aws_s3_bucket.b.arn}/*"]
  }
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_lambda_function" "uses_role" {
  function_name = "x"
  role          = aws_iam_role.flow.arn
}
resource "aws_sfn_state_machine" "m" {
  role_arn   = aws_iam_role.flow.arn
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })
}
resource "aws_sfn_state_machine" "n" {
  role_arn   = aws_iam_role.flow.arn
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })
}
`})
	tfNoProblems(t, p)
	m, n := projecttest.Machine(t, p, "m"), projecttest.Machine(t, p, "n")
	if m.Role == nil || m.Role != n.Role {
		t.Fatalf("machines m and n should share one role: %v %v (%s)", m.Role, n.Role, m.Unbound)
	}
	r := m.Role
	var names []string
	for _, pol := range r.Policies {
		names = append(names, pol.Name)
	}
	wantNames := []string{"inline", "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", "aws_iam_role_policy.by_name", "aws_iam_policy.extra"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("policies %q, want %q", names, wantNames)
	}
	got := tfStatements(r.Policies[0], r.Policies[2], r.Policies[3])
	want := []string{
		"sqs:SendMessage on arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q",
		// The module's Logs statement replaces the source document's.
		"Logs logs:CreateLogDelivery on *",
		"Keep glue:GetJobRun on *",
		"Deny not s3:GetObject on arn:aws:s3:::b/*",
		"sns:Publish on arn:aws:sns:${AWS::Region}:${AWS::AccountId}:t",
	}
	if !slices.Equal(got, want) {
		t.Errorf("statements:\n got %q\nwant %q", got, want)
	}
	if !r.Policies[2].Statements[2].NotResource {
		t.Errorf("not_resources not read as NotResource")
	}
	if !r.Policies[1].Generated {
		t.Errorf("the AWS managed policy should be marked generated")
	}
	if want := []string{"arn:aws:iam::aws:policy/NotShippedHere", "${var.policy_arn}"}; !slices.Equal(r.Unknown, want) {
		t.Errorf("unknown %q, want %q", r.Unknown, want)
	}
	if got, want := tfStatements(r.Trust), []string{"sts:AssumeRole on  if StringEquals aws:sourceaccount [111122223333] to Service:states.amazonaws.com"}; !slices.Equal(got, want) {
		t.Errorf("trust %q, want %q", got, want)
	}
	if r.Boundary == nil || len(r.Boundary.Statements) != 1 || r.BoundaryUnknown != "" {
		t.Errorf("boundary %+v, unknown %q", r.Boundary, r.BoundaryUnknown)
	}
	if want := []string{"aws_lambda_function.uses_role"}; !slices.Equal(r.SharedWith, want) {
		t.Errorf("shared with %q, want %q", r.SharedWith, want)
	}
	// Each item of a policy document points at its own HCL string.
	doc := r.Policies[2]
	if doc.File != "main.tf" {
		t.Errorf("document file %q", doc.File)
	}
	for _, c := range []struct {
		n    *node.Node
		want string
	}{
		{doc.Statements[0].Actions[0].Node, "79:18"},
		{doc.Statements[2].ActionNode, "84:21"},
		{doc.Statements[2].Resources[0].Node, "85:22"},
		{r.Trust.Statements[0].Conds[0].Node, "22:18"},
		{r.Policies[3].Statements[0].Resources[0].Node, "35:73"},
	} {
		if got := projecttest.LineCol(p, "main.tf", c.n.Pos); got != c.want {
			t.Errorf("node %q at %s, want %s", c.n.Value, got, c.want)
		}
	}
}
