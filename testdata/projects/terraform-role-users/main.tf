# A grant broader than the state machine needs may serve something else
# that runs with the same role; it is called too broad only when nothing
# else does. The key, queue policy and Lambda permission grant to the
# orders role, and the wait only follows it: its wildcard is reported.
# The billing role is also a Lambda function's, and the reports role an
# EC2 instance profile's: their wildcards may serve them.

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.orders.arn
}

resource "aws_kms_key" "orders" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.orders.arn }
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = "*"
    }]
  })
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "${aws_iam_role.orders.arn}"},
        "Action": "sqs:SendMessage",
        "Resource": "${aws_sqs_queue.orders.arn}"
      }]
    }
  EOF
}

resource "aws_lambda_permission" "notify" {
  action        = "lambda:InvokeFunction"
  function_name = "notify-orders"
  principal     = aws_iam_role.orders.arn
}

resource "time_sleep" "orders_role" {
  depends_on      = [aws_iam_role.orders]
  create_duration = "10s"
}

resource "aws_iam_role" "orders" {
  name = "orders-flow"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "orders" {
  role = aws_iam_role.orders.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }]
  })
}

resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  role_arn = aws_iam_role.orders.arn
  definition = jsonencode({
    StartAt = "Enqueue"
    States = {
      Enqueue = {
        Type     = "Task"
        Resource = "arn:aws:states:::sqs:sendMessage"
        Parameters = {
          QueueUrl      = aws_sqs_queue.orders.url
          "MessageBody.$" = "$"
        }
        End = true
      }
    }
  })
}

resource "aws_iam_role" "billing" {
  name = "billing"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = ["states.amazonaws.com", "lambda.amazonaws.com"] }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "billing" {
  role = aws_iam_role.billing.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:InvokeFunction", Resource = "*" }]
  })
}

resource "aws_lambda_function" "billing" {
  function_name = "billing-worker"
  role          = aws_iam_role.billing.arn
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "billing.zip"
}

resource "aws_sfn_state_machine" "billing" {
  name     = "billing"
  role_arn = aws_iam_role.billing.arn
  definition = jsonencode({
    StartAt = "Charge"
    States = {
      Charge = {
        Type     = "Task"
        Resource = "arn:aws:states:::lambda:invoke"
        Parameters = {
          FunctionName = aws_lambda_function.billing.function_name
          "Payload.$"  = "$"
        }
        End = true
      }
    }
  })
}

resource "aws_sns_topic" "reports" {
  name = "reports"
}

resource "aws_iam_role" "reports" {
  name = "reports"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = ["states.amazonaws.com", "ec2.amazonaws.com"] }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_instance_profile" "reports" {
  role = aws_iam_role.reports.name
}

resource "aws_iam_role_policy" "reports" {
  role = aws_iam_role.reports.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sns:*", Resource = "*" }]
  })
}

resource "aws_sfn_state_machine" "reports" {
  name     = "reports"
  role_arn = aws_iam_role.reports.arn
  definition = jsonencode({
    StartAt = "Publish"
    States = {
      Publish = {
        Type     = "Task"
        Resource = "arn:aws:states:::sns:publish"
        Parameters = {
          TopicArn    = aws_sns_topic.reports.arn
          "Message.$" = "$"
        }
        End = true
      }
    }
  })
}
