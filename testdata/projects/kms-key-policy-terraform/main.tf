# Two state machines encrypted with customer managed keys. The orders key
# grants the role in its key policy; the ledger key's policy, set by an
# aws_kms_key_policy, neither grants the role nor lets IAM policies count.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

resource "aws_kms_key" "orders" {
  description = "orders execution data"
  policy      = data.aws_iam_policy_document.orders_key.json
}

data "aws_iam_policy_document" "orders_key" {
  statement {
    sid       = "Administer"
    actions   = ["kms:Describe*", "kms:Put*", "kms:ScheduleKeyDeletion"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/key-admin"]
    }
  }
  statement {
    sid       = "OrdersExecutions"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.orders.arn]
    }
  }
}

resource "aws_kms_key" "ledger" {
  description = "ledger execution data"
}

resource "aws_kms_key_policy" "ledger" {
  key_id = aws_kms_key.ledger.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Administer"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/key-admin" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
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
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.orders.arn }]
  })
}

resource "aws_iam_role" "ledger" {
  name = "ledger-flow"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "ledger" {
  role = aws_iam_role.ledger.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.orders.arn },
      { Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = aws_kms_key.ledger.arn },
    ]
  })
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  role_arn = aws_iam_role.orders.arn
  encryption_configuration {
    type       = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id = aws_kms_key.orders.arn
  }
  definition = jsonencode({
    StartAt = "Queue"
    States = {
      Queue = {
        Type       = "Task"
        Resource   = "arn:aws:states:::sqs:sendMessage"
        Parameters = { QueueUrl = aws_sqs_queue.orders.url, "MessageBody.$" = "$" }
        End        = true
      }
    }
  })
}

resource "aws_sfn_state_machine" "ledger" {
  name     = "ledger"
  role_arn = aws_iam_role.ledger.arn
  encryption_configuration {
    type       = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id = aws_kms_key.ledger.arn
  }
  definition = jsonencode({
    StartAt = "Queue"
    States = {
      Queue = {
        Type       = "Task"
        Resource   = "arn:aws:states:::sqs:sendMessage"
        Parameters = { QueueUrl = aws_sqs_queue.orders.url, "MessageBody.$" = "$" }
        End        = true
      }
    }
  })
}
