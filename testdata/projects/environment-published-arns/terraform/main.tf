# Order alerts in Terraform. The module names its own Region and account
# through data sources; the layer ARN written out in full is AWS's.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_lambda_function" "enrich" {
  function_name = "enrich-order"
  role          = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/enrich"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "enrich.zip"
  layers        = ["arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7"]
}

resource "aws_sns_topic" "alerts" {
  name = "order-alerts"
}

resource "aws_iam_role" "alerts" {
  name = "order-alerts"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "alerts" {
  role = aws_iam_role.alerts.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "lambda:InvokeFunction"
        Resource = aws_lambda_function.enrich.arn
      },
      {
        Effect   = "Allow"
        Action   = "sns:Publish"
        Resource = "*"
      },
    ]
  })
}

resource "aws_sfn_state_machine" "alerts" {
  name     = "order-alerts"
  role_arn = aws_iam_role.alerts.arn
  definition = jsonencode({
    StartAt = "Enrich"
    States = {
      Enrich = {
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = aws_lambda_function.enrich.arn, "Payload.$" = "$" }
        Next       = "Alert"
      }
      Alert = {
        Type       = "Task"
        Resource   = "arn:aws:states:::sns:publish"
        Parameters = { TopicArn = aws_sns_topic.alerts.arn, "Message.$" = "$.Payload" }
        End        = true
      }
    }
  })
}
