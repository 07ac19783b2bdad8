# The policy and the definition are template files with directives. The
# conditions are variables without a default, so each branch may deploy:
# what every branch of the policy grants is certain, what one branch
# grants is not. Whatever var.audit is, the policy never grants
# states:StopExecution on the child's executions; the topic is granted
# only when var.audit holds, and the tasks that publish to it and clean up
# are in the definition only when var.notify holds: the cleanup function is
# never granted, but it may never run either. The workers are listed with
# a %{ for } over a known list.

variable "audit" {
  type = bool
}

variable "notify" {
  type = bool
}

locals {
  workers = ["resize", "tag"]
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "audit" {
  name = "audit"
}

resource "aws_iam_role" "batch" {
  name = "batch"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "batch" {
  role = aws_iam_role.batch.id
  policy = templatefile("${path.module}/templates/policy.json.tpl", {
    audit   = var.audit
    topic   = aws_sns_topic.audit.arn
    region  = data.aws_region.current.name
    account = data.aws_caller_identity.current.account_id
    workers = local.workers
  })
}

resource "aws_sfn_state_machine" "batch" {
  name     = "batch"
  role_arn = aws_iam_role.batch.arn
  definition = templatefile("${path.module}/templates/workflow.asl.json.tpl", {
    notify  = var.notify
    topic   = aws_sns_topic.audit.arn
    region  = data.aws_region.current.name
    account = data.aws_caller_identity.current.account_id
  })
}
