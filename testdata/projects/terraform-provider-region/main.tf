# The provider takes its Region from var.region, which the policy writes;
# the definition names the child workflow with data.aws_region. Both are
# the provider's Region, so the grants decide: the child can be started and
# polled but not stopped. The function is created through another provider,
# aws.west, in a Region of its own: a grant written with var.region may or
# may not name it.

variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "account" {
  type = string
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account]
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_lambda_function" "notify" {
  provider      = aws.west
  function_name = "notify"
  role          = "arn:aws:iam::111122223333:role/notify"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_iam_role" "parent" {
  name = "parent"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "parent" {
  role = aws_iam_role.parent.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "states:StartExecution"
        Resource = "arn:aws:states:${var.region}:${var.account}:stateMachine:child"
      },
      {
        Effect   = "Allow"
        Action   = "states:DescribeExecution"
        Resource = "arn:aws:states:${var.region}:${data.aws_caller_identity.current.account_id}:execution:child:*"
      },
      {
        Effect   = "Allow"
        Action   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
        Resource = "arn:aws:events:${data.aws_region.current.name}:${var.account}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
      },
      {
        Effect   = "Allow"
        Action   = "lambda:InvokeFunction"
        Resource = "arn:aws:lambda:${var.region}:${var.account}:function:notify"
      },
    ]
  })
}

resource "aws_sfn_state_machine" "parent" {
  name     = "parent"
  role_arn = aws_iam_role.parent.arn
  definition = jsonencode({
    StartAt = "RunChild"
    States = {
      RunChild = {
        Type     = "Task"
        Resource = "arn:aws:states:::states:startExecution.sync:2"
        Parameters = {
          StateMachineArn = "arn:aws:states:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:stateMachine:child"
        }
        Next = "Notify"
      }
      Notify = {
        Type     = "Task"
        Resource = "arn:aws:states:::lambda:invoke"
        Parameters = {
          FunctionName = aws_lambda_function.notify.arn
        }
        End = true
      }
    }
  })
}
