# A parent starts its child through the alias "live". Step Functions
# authorizes StartExecution on the child's own ARN: the "nightly" role's
# grant is right, the "canary" role's grant on the alias ARN allows nothing.

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "child" {
  name               = "report-child"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_sfn_state_machine" "child" {
  name       = "report-child"
  role_arn   = aws_iam_role.child.arn
  publish    = true
  definition = jsonencode({ StartAt = "Done", States = { Done = { Type = "Succeed" } } })
}

resource "aws_sfn_alias" "live" {
  name = "live"
  routing_configuration {
    state_machine_version_arn = aws_sfn_state_machine.child.state_machine_version_arn
    weight                    = 100
  }
}

resource "aws_iam_role" "nightly" {
  name               = "report-nightly"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "child"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "states:StartExecution"
        Resource = aws_sfn_state_machine.child.arn
      }]
    })
  }
}

resource "aws_sfn_state_machine" "nightly" {
  name     = "report-nightly"
  role_arn = aws_iam_role.nightly.arn
  definition = jsonencode({
    StartAt = "Report"
    States = {
      Report = {
        Type       = "Task"
        Resource   = "arn:aws:states:::states:startExecution"
        Parameters = { StateMachineArn = aws_sfn_alias.live.arn }
        End        = true
      }
    }
  })
}

resource "aws_iam_role" "canary" {
  name               = "report-canary"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "child"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "states:StartExecution"
        Resource = aws_sfn_alias.live.arn
      }]
    })
  }
}

resource "aws_sfn_state_machine" "canary" {
  name     = "report-canary"
  role_arn = aws_iam_role.canary.arn
  definition = jsonencode({
    StartAt = "Report"
    States = {
      Report = {
        Type       = "Task"
        Resource   = "arn:aws:states:::states:startExecution"
        Parameters = { StateMachineArn = aws_sfn_alias.live.arn }
        End        = true
      }
    }
  })
}
