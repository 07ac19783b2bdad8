# file() passes a file as it is written: its ${lambda_arn} is not filled
# in, as templatefile() would. A $${...} in a Terraform string is the text
# ${...} too.

resource "aws_lambda_function" "score" {
  function_name = "score"
  role          = "arn:aws:iam::111122223333:role/score"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
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
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:InvokeFunction", Resource = aws_lambda_function.score.arn }]
  })
}

resource "aws_sfn_state_machine" "as_written" {
  name       = "as-written"
  role_arn   = aws_iam_role.flow.arn
  definition = file("${path.module}/flows/score.asl.json")
}

resource "aws_sfn_state_machine" "templated" {
  name     = "templated"
  role_arn = aws_iam_role.flow.arn
  definition = templatefile("${path.module}/flows/score.asl.json", {
    lambda_arn = aws_lambda_function.score.arn
  })
}

resource "aws_sfn_state_machine" "escaped" {
  name     = "escaped"
  role_arn = aws_iam_role.flow.arn
  definition = jsonencode({
    Comment = "Scores with $${lambda_arn}"
    StartAt = "Score"
    States = {
      Score = {
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = aws_lambda_function.score.arn }
        End        = true
      }
    }
  })
}
