// Package snapshot reads what the AWS CLI says of an account: the roles
// and policies of `aws iam get-account-authorization-details` and the
// state machines of `aws stepfunctions describe-state-machine`, bound to
// each other by role ARN.
package snapshot

import (
	"github.com/sfn-lint/sfn-lint/project"
)

const (
	// AccountDetails is the output of `aws iam get-account-authorization-details`.
	AccountDetails project.Kind = "account-details"
	// MachineSnapshot is the output of `aws stepfunctions describe-state-machine`.
	MachineSnapshot project.Kind = "machine-snapshot"
)

// Reader reads account snapshots.
type Reader struct{}

// Extensions are those of the files the format is written in.
func (Reader) Extensions() []string { return []string{".json"} }

// Recognize knows each output by the keys it starts with.
func (Reader) Recognize(f *project.File) project.Kind {
	root := f.Root
	switch {
	case root == nil:
	case root.Get("RoleDetailList") != nil || root.Get("Policies") != nil && root.Get("UserDetailList") != nil:
		return AccountDetails
	case root.Get("stateMachineArn") != nil && root.Get("definition") != nil:
		return MachineSnapshot
	}
	return project.Other
}

// Read indexes the account details, then reads the machines: a machine's
// role may be in any of the run's account files.
func (Reader) Read(p *project.Project, files []*project.File) { readSnapshots(p, files) }
