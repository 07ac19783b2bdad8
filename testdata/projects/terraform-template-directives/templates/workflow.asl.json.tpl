{
  "StartAt": "Resize",
  "States": {
    "Resize": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "arn:aws:lambda:${region}:${account}:function:resize"},
      "Next": "Tag"
    },
    "Tag": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "arn:aws:lambda:${region}:${account}:function:tag"},
      "Next": "Child"
    },
    "Child": {
      "Type": "Task",
      "Resource": "arn:aws:states:::states:startExecution.sync:2",
      "Parameters": {"StateMachineArn": "arn:aws:states:${region}:${account}:stateMachine:child"},
%{ if notify ~}
      "Next": "Announce"
    },
    "Announce": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sns:publish",
      "Parameters": {"TopicArn": "${topic}", "Message": "done"},
      "Next": "Cleanup"
    },
    "Cleanup": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "arn:aws:lambda:${region}:${account}:function:cleanup"},
%{ endif ~}
      "End": true
    }
  }
}
