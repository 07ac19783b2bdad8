# A task that records a transfer with the role its Credentials name: the
# machine's role may assume it, and it may invoke the function. The
# second task's role may not start the job it runs.

resource "aws_iam_role" "flow" {
  name = "transfer-flow"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "flow_assume" {
  role = aws_iam_role.flow.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = [aws_iam_role.ledger.arn, aws_iam_role.batch.arn]
    }]
  })
}

resource "aws_iam_role" "ledger" {
  name = "transfer-ledger"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.flow.arn }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "record"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "lambda:InvokeFunction", Resource = "arn:aws:lambda:*:*:function:record-transfer" }]
    })
  }
}

resource "aws_iam_role" "batch" {
  name = "transfer-batch"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.flow.arn }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "poll"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["batch:DescribeJobs", "batch:TerminateJob"], Resource = "*" }]
    })
  }
}

resource "aws_sfn_state_machine" "transfer" {
  name     = "transfer"
  role_arn = aws_iam_role.flow.arn
  definition = jsonencode({
    StartAt = "Record"
    States = {
      Record = {
        Type        = "Task"
        Resource    = "arn:aws:states:::lambda:invoke"
        Credentials = { RoleArn = aws_iam_role.ledger.arn }
        Parameters  = { FunctionName = "record-transfer", "Payload.$" = "$" }
        Next        = "Settle"
      }
      Settle = {
        Type        = "Task"
        Resource    = "arn:aws:states:::batch:submitJob.sync"
        Credentials = { RoleArn = aws_iam_role.batch.arn }
        Parameters  = { JobName = "settle", JobQueue = "settlement", JobDefinition = "settle:3" }
        End         = true
      }
    }
  })
}
