# The definition is a template file whose placeholders take values from
# templatefile(); the policy is a managed policy of the module attached to
# the role. The Express workflow cannot wait for a callback, and the
# policy misses the queue.

variable "stage" {
  type = string
}

resource "aws_lambda_function" "score" {
  function_name = "score-${var.stage}"
  role          = "arn:aws:iam::111122223333:role/score"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "score.zip"
}

resource "aws_sqs_queue" "review" {
  name = "review-${var.stage}"
}

resource "aws_iam_role" "scoring" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_policy" "scoring" {
  name = "scoring-${var.stage}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "lambda:InvokeFunction"
      Resource = [aws_lambda_function.score.arn, "${aws_lambda_function.score.arn}:*"]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "scoring" {
  role       = aws_iam_role.scoring.name
  policy_arn = aws_iam_policy.scoring.arn
}

resource "aws_sfn_state_machine" "scoring" {
  name     = "scoring-${var.stage}"
  role_arn = aws_iam_role.scoring.arn
  type     = "EXPRESS"

  definition = templatefile("${path.module}/workflows/scoring.asl.json", {
    score_fn = aws_lambda_function.score.arn
    queue    = aws_sqs_queue.review.url
    timeout  = 30
  })
}
