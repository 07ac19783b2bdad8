# The task signs its requests (AuthType IAM_ROLE). API Gateway evaluates
# execute-api:Invoke only for a method or route that authorizes callers
# with IAM: the REST method POST /orders does not, so the role needs
# nothing for it; the HTTP API route POST /events does, and the role does
# not grant it.

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "create" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "post" {
  api_id             = aws_apigatewayv2_api.events.id
  route_key          = "POST /events"
  authorization_type = "AWS_IAM"
}

resource "aws_iam_role" "checkout" {
  name = "checkout"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_sfn_state_machine" "checkout" {
  name     = "checkout"
  role_arn = aws_iam_role.checkout.arn
  definition = jsonencode({
    StartAt = "CreateOrder"
    States = {
      CreateOrder = {
        Type     = "Task"
        Resource = "arn:aws:states:::apigateway:invoke"
        Parameters = {
          ApiEndpoint = "${aws_api_gateway_rest_api.orders.id}.execute-api.eu-west-1.amazonaws.com"
          Method      = "POST"
          Stage       = "prod"
          Path        = "orders"
          AuthType    = "IAM_ROLE"
        }
        Next = "PostEvent"
      }
      PostEvent = {
        Type     = "Task"
        Resource = "arn:aws:states:::apigateway:invoke"
        Parameters = {
          ApiEndpoint = "${aws_apigatewayv2_api.events.id}.execute-api.eu-west-1.amazonaws.com"
          Method      = "POST"
          Path        = "/events"
          AuthType    = "IAM_ROLE"
        }
        End = true
      }
    }
  })
}
