# Values that are not evaluated here: a definition parameter computed by
# functions, and a policy read with templatefile() from a file whose path
# only the deployment knows. Messages name both as the module writes them,
# shortened, on one line.

variable "env" {
  type = string
}

variable "tables" {
  type = map(string)
}

variable "policy_dir" {
  type = string
}

resource "aws_iam_role" "orders" {
  name = "orders"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "orders" {
  role = aws_iam_role.orders.id
  policy = templatefile("${var.policy_dir}/orders-${var.env}.json", {
    table_arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
    region    = "eu-west-1"
  })
}

resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  role_arn = aws_iam_role.orders.arn
  definition = jsonencode({
    StartAt = "Save"
    States = {
      Save = {
        Type     = "Task"
        Resource = "arn:aws:states:::dynamodb:putItem"
        Parameters = {
          TableName = coalesce(lookup(var.tables, var.env, null), "orders-${var.env}-fallback-table-of-this-region")
          "Item.$"  = "$.item"
        }
        End = true
      }
    }
  })
}
