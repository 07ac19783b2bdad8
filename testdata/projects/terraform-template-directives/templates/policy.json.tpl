{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["states:StartExecution"],
      "Resource": "arn:aws:states:${region}:${account}:stateMachine:child"
    },
    {
      "Effect": "Allow",
      "Action": ["states:DescribeExecution"],
      "Resource": "arn:aws:states:${region}:${account}:execution:child:*"
    },
    {
      "Effect": "Allow",
      "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
      "Resource": "arn:aws:events:${region}:${account}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
    },
%{ for w in workers ~}
    {
      "Effect": "Allow",
      "Action": "lambda:InvokeFunction",
      "Resource": "arn:aws:lambda:${region}:${account}:function:${w}"
    },
%{ endfor ~}
%{ if audit ~}
    {
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Resource": "${topic}"
    },
%{ endif ~}
    {
      "Effect": "Deny",
      "Action": "sqs:*",
      "Resource": "*"
    }
  ]
}
