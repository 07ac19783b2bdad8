# A definition and policies written as HCL objects in jsonencode(). The
# topic grant is broader than the definition needs; the task definition's
# roles cannot be passed.

locals {
  prefix = "orders"
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "done" {
  name = "${local.prefix}-done"
}

resource "aws_sqs_queue" "approvals" {}

resource "aws_ecs_cluster" "work" {
  name = "${local.prefix}-work"
}

resource "aws_iam_role" "task" {
  name = "${local.prefix}-task"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_ecs_task_definition" "pack" {
  family                   = "${local.prefix}-pack"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([{ name = "pack", image = "public.ecr.aws/docker/library/busybox:latest" }])
}

resource "aws_iam_role" "flow" {
  name = "${local.prefix}-flow"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"]

  inline_policy {
    name = "work"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = "sns:Publish"
          Resource = "*"
        },
        {
          Effect   = "Allow"
          Action   = ["sqs:SendMessage"]
          Resource = [aws_sqs_queue.approvals.arn]
        },
        {
          Effect   = "Allow"
          Action   = ["ecs:RunTask", "ecs:StopTask", "ecs:DescribeTasks"]
          Resource = "*"
        },
        {
          Effect   = "Allow"
          Action   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
          Resource = "arn:aws:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:rule/StepFunctionsGetEventsForECSTaskRule"
        },
      ]
    })
  }
}

resource "aws_sfn_state_machine" "orders" {
  name     = "${local.prefix}-flow"
  role_arn = aws_iam_role.flow.arn

  definition = jsonencode({
    Comment = "Pack an order, wait for approval, then announce it"
    StartAt = "Pack"
    States = {
      Pack = {
        Type     = "Task"
        Resource = "arn:aws:states:::ecs:runTask.sync"
        Parameters = {
          Cluster        = aws_ecs_cluster.work.arn
          TaskDefinition = aws_ecs_task_definition.pack.arn
          LaunchType     = "FARGATE"
        }
        Next = "Approve"
      }
      Approve = {
        Type     = "Task"
        Resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
        Parameters = {
          QueueUrl = aws_sqs_queue.approvals.url
          MessageBody = {
            "TaskToken.$" = "$$.Task.Token"
          }
        }
        Next = "Announce"
      }
      Announce = {
        Type     = "Task"
        Resource = "arn:aws:states:::sns:publish"
        Parameters = {
          TopicArn    = aws_sns_topic.done.arn
          "Message.$" = "$"
        }
        End = true
      }
    }
  })

  tracing_configuration {
    enabled = true
  }
}
