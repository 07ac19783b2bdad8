# One state machine; its role and definition come from the caller.

data "template_file" "definition" {
  template = file("${path.module}/${var.definition_file}")
  vars = {
    function_arn = var.function_arn
    table        = var.table
    queue_url    = var.queue_url
  }
}

resource "aws_sfn_state_machine" "this" {
  name       = var.name
  role_arn   = var.role_arn
  definition = data.template_file.definition.rendered
}
