# The same in Terraform: the HTTP API's $default stage is what a task
# without a Stage calls, and the role grants only the prod stage.

resource "aws_apigatewayv2_api" "ledger" {
  name          = "ledger"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "entries" {
  api_id             = aws_apigatewayv2_api.ledger.id
  route_key          = "POST /entries"
  authorization_type = "AWS_IAM"
}

resource "aws_iam_role" "books" {
  name = "books"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "invoke"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "execute-api:Invoke"
        Resource = "arn:aws:execute-api:eu-west-1:111122223333:${aws_apigatewayv2_api.ledger.id}/prod/POST/entries"
      }]
    })
  }
}

resource "aws_sfn_state_machine" "books" {
  name     = "books"
  role_arn = aws_iam_role.books.arn
  definition = jsonencode({
    StartAt = "PostEntry"
    States = {
      PostEntry = {
        Type     = "Task"
        Resource = "arn:aws:states:::apigateway:invoke"
        Parameters = {
          ApiEndpoint = "${aws_apigatewayv2_api.ledger.id}.execute-api.eu-west-1.amazonaws.com"
          Method      = "POST"
          Path        = "/entries"
          AuthType    = "IAM_ROLE"
        }
        End = true
      }
    }
  })
}
