resource "aws_glue_job" "compact" {
  name     = "compact-reports"
  role_arn = "arn:aws:iam::111122223333:role/glue"
  command {
    script_location = "s3://scripts/compact.py"
  }
}

resource "aws_s3_bucket" "archive" {
  bucket = "reports-archive"
}

resource "aws_sfn_state_machine" "reports" {
  name     = "reports-nightly"
  role_arn = aws_iam_role.reports.arn

  definition = jsonencode({
    StartAt = "Compact"
    States = {
      Compact = {
        Type       = "Task"
        Resource   = "arn:aws:states:::glue:startJobRun.sync"
        Parameters = { JobName = aws_glue_job.compact.name }
        Next       = "Archive"
      }
      Archive = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:s3:putObject"
        Parameters = {
          Bucket   = aws_s3_bucket.archive.bucket
          Key      = "latest.json"
          "Body.$" = "$"
        }
        Next = "Notify"
      }
      Notify = {
        Type     = "Task"
        Resource = "arn:aws:states:::sns:publish"
        Parameters = {
          TopicArn    = "arn:aws:sns:eu-west-1:111122223333:reports"
          "Message.$" = "$"
        }
        End = true
      }
    }
  })

  tracing_configuration {
    enabled = true
  }
}
