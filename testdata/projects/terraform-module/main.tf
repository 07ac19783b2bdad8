# The root module calls a local module once per workflow. Each call passes
# the role of the root, whose policy is attached here, and the definition
# file, which the module reads through path.module. The role lets the
# intake workflow store orders but not the notify workflow send to its
# queue.

variable "stage" {
  type    = string
  default = "prod"
}

resource "aws_lambda_function" "check" {
  function_name = "check-${var.stage}"
  role          = "arn:aws:iam::111122223333:role/check"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "check.zip"
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders-${var.stage}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sqs_queue" "notices" {
  name = "notices-${var.stage}"
}

resource "aws_iam_role" "orders" {
  name = "orders-${var.stage}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_policy" "orders" {
  name = "orders-${var.stage}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "lambda:InvokeFunction"
        Resource = [aws_lambda_function.check.arn, "${aws_lambda_function.check.arn}:*"]
      },
      {
        Effect   = "Allow"
        Action   = "dynamodb:PutItem"
        Resource = aws_dynamodb_table.orders.arn
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "orders" {
  role       = aws_iam_role.orders.name
  policy_arn = aws_iam_policy.orders.arn
}

module "intake" {
  source          = "./modules/sfn"
  name            = "intake-${var.stage}"
  role_arn        = aws_iam_role.orders.arn
  definition_file = "../../workflows/intake.asl.json"
  function_arn    = aws_lambda_function.check.arn
  table           = aws_dynamodb_table.orders.name
}

module "notify" {
  source          = "./modules/sfn"
  name            = "notify-${var.stage}"
  role_arn        = aws_iam_role.orders.arn
  definition_file = "../../workflows/notify.asl.json"
  function_arn    = aws_lambda_function.check.arn
  queue_url       = aws_sqs_queue.notices.url
}
