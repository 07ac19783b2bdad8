package project_test

import (
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"testing"

	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/formats"
)

// credentialsDef is a definition whose task assumes the role roleArn, a
// JSON value, names.
func credentialsDef(roleArn string) string {
	return `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Credentials": {"RoleArn": ` + roleArn + `}, "Parameters": {"FunctionName": "f"}, "End": true}}}`
}

// assumeTemplate is a CloudFormation template whose machine's task assumes the
// role Target of the same template by reference.
const assumeTemplate = `Resources:
  M:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Exec.Arn
      DefinitionString: !Sub '` + `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "${Target.Arn}"}, "Parameters": {"FunctionName": "f"}, "End": true}}}` + `'
  Exec:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]}
  Target:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: !GetAtt Exec.Arn}, Action: sts:AssumeRole}]}
`

const assumeService = `service: svc
stepFunctions:
  stateMachines:
    m:
      role: {Fn::GetAtt: [Exec, Arn]}
      definition:
        StartAt: A
        States:
          A:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Credentials: {RoleArn: {Fn::GetAtt: [Target, Arn]}}
            Parameters: {FunctionName: f}
            End: true
resources:
  Resources:
    Exec:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]}
    Target:
      Type: AWS::IAM::Role
      Properties:
        RoleName: target
        AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: sts:AssumeRole}]}
`

const assumeTF = `resource "aws_iam_role" "exec" {
  name               = "exec"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role" "target" {
  name               = "target"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.exec.arn }, Action = "sts:AssumeRole" }] })
}
resource "aws_sfn_state_machine" "m" {
  role_arn   = aws_iam_role.exec.arn
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Task", Resource = "arn:aws:states:::lambda:invoke",
    Credentials = { RoleArn = aws_iam_role.target.arn }, Parameters = { FunctionName = "f" }, End = true } } })
}
`

const assumePlan = `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "mode": "managed", "type": "aws_sfn_state_machine", "name": "m",
     "values": {"arn": "arn:aws:states:us-east-2:444455556666:stateMachine:flow", "name": "flow",
       "role_arn": "arn:aws:iam::444455556666:role/exec",
       "definition": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Credentials\":{\"RoleArn\":\"arn:aws:iam::444455556666:role/target\"},\"Parameters\":{\"FunctionName\":\"f\"},\"End\":true}}}"}},
    {"address": "aws_iam_role.exec", "mode": "managed", "type": "aws_iam_role", "name": "exec",
     "values": {"arn": "arn:aws:iam::444455556666:role/exec", "name": "exec"}},
    {"address": "aws_iam_role.target", "mode": "managed", "type": "aws_iam_role", "name": "target",
     "values": {"arn": "arn:aws:iam::444455556666:role/target", "name": "target",
       "assume_role_policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:role/exec\"},\"Action\":\"sts:AssumeRole\"}]}"}}
  ]}}
}`

const assumeAccount = `{"RoleDetailList": [
  {"RoleName": "exec", "Arn": "arn:aws:iam::111122223333:role/exec", "RolePolicyList": [], "AttachedManagedPolicies": [],
   "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]}},
  {"RoleName": "target", "Arn": "arn:aws:iam::111122223333:role/target", "RolePolicyList": [], "AttachedManagedPolicies": [],
   "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/exec"}, "Action": "sts:AssumeRole"}]}}
], "Policies": []}`

// TestAssumedRoles checks that each format finds the role a task assumes
// through its Credentials among the roles it defines, and the role's ARN
// and the state machine's.
func TestAssumedRoles(t *testing.T) {
	snapshotMachine := `{"stateMachineArn": "arn:aws:states:eu-west-1:111122223333:stateMachine:m", "name": "m",
  "roleArn": "arn:aws:iam::111122223333:role/exec", "definition": ` + strconv.Quote(credentialsDef(`"arn:aws:iam::111122223333:role/target"`)) + `}`
	tests := []struct {
		name     string
		files    map[string]string
		machine  string
		role     string // the assumed role's name
		policies bool   // the definition is standalone, bound to exec.json (a role without an ARN)
	}{
		{"template", map[string]string{"a/template.yaml": assumeTemplate, "b/template.yaml": assumeTemplate}, "M", "Target", false},
		{"serverless", map[string]string{"serverless.yml": assumeService}, "m", "Target", false},
		{"terraform", map[string]string{"main.tf": assumeTF}, "m", "target", false},
		{"plan", map[string]string{"plan.json": assumePlan}, "m", "target", false},
		{"snapshot", map[string]string{"account.json": assumeAccount, "m.json": snapshotMachine}, "m", "target", false},
		{"standalone", map[string]string{"account.json": assumeAccount, "flow.asl.json": credentialsDef(`"arn:aws:iam::111122223333:role/target"`),
			"exec.json": `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}`}, "flow", "target", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := project.Options{Readers: formats.All()}
			if tt.policies {
				opts.PoliciesFor = func(string) []string { return []string{"exec.json"} }
			}
			p := project.Load(slices.Sorted(maps.Keys(tt.files)), func(name string) ([]byte, error) {
				if src, ok := tt.files[name]; ok {
					return []byte(src), nil
				}
				return nil, fs.ErrNotExist
			}, opts)
			for _, pr := range p.Problems {
				t.Errorf("problem: %s: %s", pr.File.Path, pr.Msg)
			}
			for _, m := range p.Machines {
				if m.Name != tt.machine {
					continue
				}
				if m.Role == nil {
					t.Fatalf("machine %q unbound: %s", m.Name, m.Unbound)
				}
				if len(m.Assumed) != 1 {
					t.Fatalf("machine %q (%s) assumes %d roles, want 1", m.Name, m.File.Path, len(m.Assumed))
				}
				for arn, r := range m.Assumed {
					if r.Name != tt.role || r.Trust == nil {
						t.Errorf("the role %q names is %q (trust %v), want %q with its trust policy", arn, r.Name, r.Trust, tt.role)
					}
					if r.File.Path != m.File.Path && !tt.policies && tt.name != "snapshot" {
						t.Errorf("the role of %s is read from %s", m.File.Path, r.File.Path)
					}
					if r.ARN == "" || m.Role.ARN == "" && !tt.policies {
						t.Errorf("role ARNs %q, %q: want both", m.Role.ARN, r.ARN)
					}
				}
				if got := m.Roles(); len(got) != 2 || got[0] != m.Role {
					t.Errorf("Roles() = %v", got)
				}
			}
		})
	}
}
