# Definitions and a policy read verbatim with file(). Two machines run with
# roles from outside the module, and one is built by the community module:
# those are not checked.

variable "shared_role_arn" {
  type = string
}

data "aws_iam_role" "ops" {
  name = "ops-automation"
}

resource "aws_iam_role" "billing" {
  name = "billing-flow"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]
  })
}

resource "aws_iam_role_policy" "billing" {
  role   = aws_iam_role.billing.name
  policy = file("${path.module}/policies/billing.json")
}

resource "aws_sfn_state_machine" "billing" {
  name       = "billing"
  role_arn   = aws_iam_role.billing.arn
  definition = file("${path.module}/billing.asl.json")
}

resource "aws_sfn_state_machine" "shared" {
  name       = "shared"
  role_arn   = var.shared_role_arn
  definition = file("${path.module}/billing.asl.json")
}

resource "aws_sfn_state_machine" "ops" {
  name       = "ops"
  role_arn   = data.aws_iam_role.ops.arn
  definition = file("${path.module}/billing.asl.json")
}

module "nightly" {
  source  = "terraform-aws-modules/step-functions/aws"
  version = "~> 4.0"

  name       = "nightly"
  definition = file("${path.module}/billing.asl.json")
}
