# Definitions and a policy passed through functions that rewrite their
# text, and definition files the configuration reads for a machine that is
# switched off and for a module from a registry. Each file is read once, as
# part of its machine: none is a standalone definition with no policy
# bound. The role grants the functions but not the queue.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

variable "enabled" {
  type    = bool
  default = false
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_iam_role" "flow" {
  name = "flow"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "flow" {
  role = aws_iam_role.flow.id
  policy = trimspace(<<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "lambda:InvokeFunction",
    "Resource": "arn:aws:lambda:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:function:score"
  }]
}
EOF
  )
}

resource "aws_sfn_state_machine" "replaced" {
  name     = "replaced"
  role_arn = aws_iam_role.flow.arn
  definition = replace(
    replace(file("${path.module}/flows/replaced.asl.json"), "@REGION@", data.aws_region.current.name),
    "@ACCOUNT@", data.aws_caller_identity.current.account_id
  )
}

resource "aws_sfn_state_machine" "trimmed" {
  name     = "trimmed"
  role_arn = aws_iam_role.flow.arn
  definition = chomp(trimspace(templatefile("${path.module}/flows/trimmed.asl.json", {
    queue = aws_sqs_queue.jobs.url
  })))
}

resource "aws_sfn_state_machine" "off" {
  count      = var.enabled ? 1 : 0
  name       = "off"
  role_arn   = aws_iam_role.flow.arn
  definition = file("${path.module}/flows/off.asl.json")
}

module "external" {
  source     = "git::https://example.com/step-functions.git"
  definition = templatefile("${path.module}/flows/external.asl.json", {})
}
