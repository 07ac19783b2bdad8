# The role's trust and permissions come from aws_iam_policy_document data
# sources: conditions, a NotAction deny, a source document whose statement
# the module overrides by Sid, and an AWS managed policy. The trust names
# other state machines, and the deny blocks the topic.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:states:*:${data.aws_caller_identity.current.account_id}:stateMachine:reports-daily-*"]
    }
  }
}

data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Crawl"
    actions   = ["glue:StartCrawler"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "reports" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

  statement {
    sid       = "Crawl"
    actions   = ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"]
    resources = [aws_glue_job.compact.arn]
  }

  statement {
    sid         = "NoIam"
    effect      = "Deny"
    not_actions = ["glue:*", "s3:*", "xray:*"]
    resources   = ["*"]
  }

  statement {
    sid       = "Archive"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.archive.arn}/*"]
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }
}

resource "aws_iam_role" "reports" {
  name               = "reports-flow"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "reports" {
  name   = "reports"
  role   = aws_iam_role.reports.id
  policy = data.aws_iam_policy_document.reports.json
}

resource "aws_iam_role_policy_attachment" "xray" {
  role       = aws_iam_role.reports.name
  policy_arn = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"
}
