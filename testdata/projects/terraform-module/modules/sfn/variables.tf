variable "name" {
  type = string
}

variable "role_arn" {
  type = string
}

variable "definition_file" {
  type = string
}

variable "function_arn" {
  type = string
}

variable "table" {
  type    = string
  default = "none"
}

variable "queue_url" {
  type    = string
  default = "none"
}
