package rules

import (
	"slices"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

func TestFormOf(t *testing.T) {
	tests := map[string]valueForm{
		"render":                                   nameForm,
		"arn:aws:ecs:us-east-1:1:cluster/x":        arnForm,
		iam.Sym("TaskDefinition"):                  unknownForm,
		iam.Sym("var.task_definition"):             unknownForm,
		iam.Sym("local.fn"):                        unknownForm,
		iam.Sym("env:PAYMENTS_FUNCTION"):           unknownForm,
		iam.Sym("Worker.Arn"):                      arnForm,
		iam.Sym("Worker.Arn") + ":live":            arnForm,
		iam.Sym("Worker") + ":live":                unknownForm,
		iam.GenSym("Fn.Name") + ":live":            nameForm,
		iam.Sym("module.jobs.task_arn"):            arnForm,
		iam.Sym("Queue.QueueName"):                 nameForm,
		iam.Sym("aws_lambda_function.f.name"):      nameForm,
		iam.GenSym("Table.TableName"):              nameForm,
		iam.Sym("Prefix") + "-render":              nameForm,
		iam.Sym("Custom.Result"):                   unknownForm,
		iam.Sym("var.prefix") + "-" + iam.Sym("x"): nameForm,
	}
	for v, want := range tests {
		if got := formOf(v); got != want {
			t.Errorf("formOf(%q) = %d, want %d", iam.Display(v), got, want)
		}
	}
}

func TestExpandForms(t *testing.T) {
	e := env{partition: "aws", region: "us-east-1", account: "111111111111"}
	td, fn := iam.Sym("TaskDefinition"), iam.Sym("Worker.Arn")
	tests := []struct {
		tmpl, params string
		want         formed
	}{
		{"{ecs:TaskDefinition}", `{"TaskDefinition":"` + td + `"}`, formed{
			res:  "arn:aws:ecs:us-east-1:111111111111:task-definition/" + td + ":" + iam.Wild,
			alts: []string{"arn:aws:ecs:us-east-1:111111111111:task-definition/" + td, td}, of: td}},
		{"{ecs:TaskDefinition}", `{"TaskDefinition":"` + iam.Sym("Def.TaskDefinitionArn") + `"}`, formed{res: iam.Sym("Def.TaskDefinitionArn")}},
		{"{lambda:FunctionName}", `{"FunctionName":"` + fn + `"}`, formed{res: fn}},
		{"{lambda:FunctionName}", `{"FunctionName":"` + td + `"}`, formed{res: "arn:aws:lambda:us-east-1:111111111111:function:" + td, alts: []string{td}, of: td}},
		{"{lambda:FunctionName}", `{"FunctionName":"` + td + `:live"}`, formed{res: "arn:aws:lambda:us-east-1:111111111111:function:" + td + ":live", alts: []string{td + ":live"}, of: td}},
		{"{ecs:TaskDefinition}", `{"TaskDefinition":"` + td + `:3"}`, formed{res: "arn:aws:ecs:us-east-1:111111111111:task-definition/" + td + ":3", alts: []string{td + ":3"}, of: td}},
		{"arn:aws:dynamodb:us-east-1:1:table/{name:TableName}", `{"TableName":"` + td + `"}`, formed{res: "arn:aws:dynamodb:us-east-1:1:table/" + td, alts: []string{td}, of: td}},
		{"arn:aws:dynamodb:us-east-1:1:table/{name:TableName}", `{"TableName":"` + iam.Sym("T.Arn") + `"}`, formed{res: iam.Sym("T.Arn")}},
		{"arn:aws:dynamodb:us-east-1:1:table/{name:TableName}/index/*", `{"TableName":"` + td + `"}`, formed{res: "arn:aws:dynamodb:us-east-1:1:table/" + td + "/index/" + iam.Wild}},
		{"arn:aws:glue:us-east-1:1:job/{JobName}", `{"JobName":"` + td + `"}`, formed{res: "arn:aws:glue:us-east-1:1:job/" + td}},
		{"{iamrole:ServiceRole}", `{"ServiceRole":"` + td + `"}`, formed{res: "arn:aws:iam::111111111111:role/" + td, alts: []string{td}, of: td}},
	}
	for _, tt := range tests {
		task := taskWith(t, "arn:aws:states:::lambda:invoke", tt.params)
		got := e.expandForms(tt.tmpl, task.Param)
		if len(got) != 1 || got[0].res != tt.want.res || !slices.Equal(got[0].alts, tt.want.alts) || got[0].of != tt.want.of {
			t.Errorf("expandForms(%q, %s) = %+v, want %+v", tt.tmpl, tt.params, got, tt.want)
		}
	}
}

func TestDecideForms(t *testing.T) {
	td := iam.Sym("TaskDefinition")
	name := "arn:aws:ecs:us-east-1:1:task-definition/" + td + ":" + iam.Wild
	need := Need{Action: "ecs:RunTask", Resource: name, Alternatives: []string{td}, Ambiguity: "the parameter TaskDefinition may be a name or an ARN"}
	grant := func(action, resource string, deny bool) *project.Role {
		s := &iam.Statement{Deny: deny, Actions: []iam.Item{{Value: action}}, Resources: []iam.Item{{Value: resource}}}
		return &project.Role{Policies: []*iam.Policy{{Statements: []*iam.Statement{s}}}}
	}
	role := func(resource string, deny bool) *project.Role { return grant("ecs:RunTask", resource, deny) }
	both := func(a, b *project.Role) *project.Role {
		return &project.Role{Policies: append(a.Policies, b.Policies...)}
	}
	tests := []struct {
		name   string
		role   *project.Role
		want   iam.Decision
		reason string
	}{
		{"the ARN form", role(td, false), iam.Allowed, ""},
		{"the name form", role("arn:aws:ecs:us-east-1:1:task-definition/"+td+":*", false), iam.Allowed, ""},
		{"no form", grant("ecs:StopTask", "*", false), iam.ImplicitDeny, ""},
		{"any resource may be the ARN", role("arn:aws:ecs:us-east-1:1:cluster/main", false), iam.Unknown, need.Ambiguity},
		{"either, maybe", role("arn:aws:ecs:us-east-1:1:task-definition/render:*", false), iam.Unknown, need.Ambiguity},
		{"one form denied", both(role(td, false), role("arn:aws:ecs:*", true)), iam.Unknown, need.Ambiguity},
		{"both denied", role("*", true), iam.Denied, ""},
	}
	for _, tt := range tests {
		r := decideForms(tt.role, nil, need)
		if r.Decision != tt.want || r.Reason != tt.reason {
			t.Errorf("%s: got %v %q, want %v %q", tt.name, r.Decision, r.Reason, tt.want, tt.reason)
		}
	}
}
