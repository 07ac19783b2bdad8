# A definition and a role policy written as JSON heredocs, with
# interpolations inside their strings. The role grants the function but
# not the table update, and logs without the log delivery actions.

variable "env" {
  type    = string
  default = "prod"
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_lambda_function" "resize" {
  function_name = "resize-${var.env}"
  role          = "arn:aws:iam::111122223333:role/resize"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_dynamodb_table" "images" {
  name         = "images-${var.env}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_cloudwatch_log_group" "flow" {
  name = "/aws/vendedlogs/states/images"
}

resource "aws_iam_role" "flow" {
  name               = "images-flow"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "states.amazonaws.com"},
    "Action": "sts:AssumeRole"
  }]
}
EOF
}

resource "aws_iam_role_policy" "flow" {
  role   = aws_iam_role.flow.id
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "lambda:InvokeFunction",
          "Resource": "${aws_lambda_function.resize.arn}"
        },
        {
          "Effect": "Allow",
          "Action": "dynamodb:PutItem",
          "Resource": "arn:aws:dynamodb:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:table/images-${var.env}"
        }
      ]
    }
  POLICY
}

resource "aws_sfn_state_machine" "images" {
  name     = "images-${var.env}"
  role_arn = aws_iam_role.flow.arn

  definition = <<EOF
{
  "StartAt": "Resize",
  "States": {
    "Resize": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "${aws_lambda_function.resize.function_name}",
        "Payload.$": "$"
      },
      "TimeoutSeconds": ${60 * 5},
      "Next": "Record"
    },
    "Record": {
      "Type": "Task",
      "Resource": "arn:aws:states:::dynamodb:updateItem",
      "Parameters": {
        "TableName": "${aws_dynamodb_table.images.name}",
        "Key": {"id": {"S.$": "$.id"}},
        "UpdateExpression": "SET done = :t",
        "ExpressionAttributeValues": {":t": {"BOOL": true}}
      },
      "End": true
    }
  }
}
EOF

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.flow.arn}:*"
    include_execution_data = true
    level                  = "ERROR"
  }
}
