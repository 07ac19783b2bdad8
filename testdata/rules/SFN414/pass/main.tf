# The task names its function, and the policy grants it.

resource "aws_iam_role" "thumbs" {
  name = "thumbs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "thumbs" {
  role = aws_iam_role.thumbs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "lambda:InvokeFunction"
      Resource = "arn:aws:lambda:eu-west-1:111122223333:function:resize"
    }]
  })
}

resource "aws_sfn_state_machine" "thumbs" {
  name     = "thumbs"
  role_arn = aws_iam_role.thumbs.arn
  definition = jsonencode({
    StartAt = "Resize"
    States = {
      Resize = {
        Type     = "Task"
        Resource = "arn:aws:states:::lambda:invoke"
        Parameters = {
          FunctionName = "arn:aws:lambda:eu-west-1:111122223333:function:resize"
          "Payload.$"  = "$"
        }
        End = true
      }
    }
  })
}
