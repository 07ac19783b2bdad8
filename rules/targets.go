package rules

import (
	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/project"
)

// variant picks the catalog rows of a task's integration for what the
// task starts, where the project defines it: a child state machine that is
// an Express workflow has rows of its own (states:startExecution:express).
func (e env) variant(in Integration, t *asl.Task) string {
	if in.API == "states:startExecution" && e.expressChild(t) {
		return in.API + ":express"
	}
	return in.API
}

// expressChild reports whether every state machine a task starts is an
// Express workflow of the project, named by the ARN it has or by the ARN of
// one of its versions or aliases.
func (e env) expressChild(t *asl.Task) bool {
	vals := t.Param("StateMachineArn")
	if e.proj == nil || len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		if v.Dynamic {
			return false
		}
		if c := e.machine(e.apply("sfn", v.Value)); c == nil || !c.Express {
			return false
		}
	}
	return true
}

// machine returns the state machine of the project whose ARN is arn.
func (e env) machine(arn string) *project.Machine {
	for _, m := range e.proj.Machines {
		if m.ARN != "" && m.ARN == arn {
			return m
		}
	}
	return nil
}
