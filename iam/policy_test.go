package iam

import (
	"testing"

	"github.com/sfn-lint/sfn-lint/node"
)

func mustPolicy(t *testing.T, src string) *Policy {
	t.Helper()
	n, err := node.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, probs := ParsePolicy(n, PlainResolver)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	return p
}

func TestEvaluate(t *testing.T) {
	fn := "arn:aws:lambda:us-east-1:123456789012:function:f"
	tests := []struct {
		name     string
		policy   string
		action   string
		resource string
		want     Decision
		reason   string
	}{
		{"exact allow", `{"Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"` + fn + `"}]}`,
			"lambda:InvokeFunction", fn, Allowed, ""},
		{"action case-insensitive", `{"Statement":[{"Effect":"Allow","Action":"Lambda:invokefunction","Resource":"*"}]}`,
			"lambda:InvokeFunction", fn, Allowed, ""},
		{"resource case-sensitive", `{"Statement":[{"Effect":"Allow","Action":"lambda:*","Resource":"arn:aws:lambda:us-east-1:123456789012:function:F"}]}`,
			"lambda:InvokeFunction", fn, ImplicitDeny, ""},
		{"nothing", `{"Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]}`,
			"lambda:InvokeFunction", fn, ImplicitDeny, ""},
		{"deny wins", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"lambda:Invoke*","Resource":"*"}]}`,
			"lambda:InvokeFunction", fn, Denied, ""},
		{"NotAction allow", `{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`,
			"lambda:InvokeFunction", fn, Allowed, ""},
		{"NotAction excludes", `{"Statement":[{"Effect":"Allow","NotAction":["lambda:*"],"Resource":"*"}]}`,
			"lambda:InvokeFunction", fn, ImplicitDeny, ""},
		{"NotResource", `{"Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","NotResource":"arn:aws:lambda:*:*:function:other"}]}`,
			"lambda:InvokeFunction", fn, Allowed, ""},
		{"condition", `{"Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"a"}}}]}`,
			"lambda:InvokeFunction", fn, Unknown, "it is granted only under a condition"},
		{"conditional deny", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
			"lambda:InvokeFunction", fn, Unknown, "a Deny statement with a condition may apply"},
		{"unknown region", `{"Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"` + fn + `"}]}`,
			"lambda:InvokeFunction", "arn:aws:lambda:" + Region + ":123456789012:function:f", Unknown, "it depends on values not known before deploy"},
		{"unknown covered by wildcard", `{"Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:*:123456789012:function:f"}]}`,
			"lambda:InvokeFunction", "arn:aws:lambda:" + Region + ":123456789012:function:f", Allowed, ""},
		{"qualified needs qualified grant", `{"Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"` + fn + `"}]}`,
			"lambda:InvokeFunction", fn + ":live", ImplicitDeny, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate([]*Policy{mustPolicy(t, tt.policy)}, tt.action, tt.resource)
			if got.Decision != tt.want || got.Reason != tt.reason {
				t.Errorf("Evaluate = %v %q, want %v %q", got.Decision, got.Reason, tt.want, tt.reason)
			}
			if got.Decision != ImplicitDeny && got.Statement == nil {
				t.Errorf("no deciding statement for %v", got.Decision)
			}
		})
	}
}

func TestParsePolicyProblems(t *testing.T) {
	n, _ := node.Parse([]byte(`{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"},{"Effect":"Allow","Resource":"*"},"x"]}`))
	_, probs := ParsePolicy(n, PlainResolver)
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.Msg)
	}
	want := []string{
		`statement has Effect "Maybe", want "Allow" or "Deny"`,
		`statement has no "Action" or "NotAction"`,
		"statement is not an object",
	}
	if len(msgs) != len(want) {
		t.Fatalf("problems = %q, want %q", msgs, want)
	}
	for i := range want {
		if msgs[i] != want[i] {
			t.Errorf("problem %d = %q, want %q", i, msgs[i], want[i])
		}
	}
}

func TestEvaluateConditions(t *testing.T) {
	pass := `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
	  "Condition":{"StringEquals":{"iam:PassedToService":["ecs-tasks.amazonaws.com","sagemaker.amazonaws.com"]}}}]}`
	like := `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
	  "Condition":{"StringLike":{"iam:PassedToService":"ecs*"}}}]}`
	notEq := `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
	  "Condition":{"StringNotEquals":{"iam:PassedToService":"glue.amazonaws.com"}}}]}`
	boolCond := `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
	  "Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`
	tests := []struct {
		name, policy string
		ctx          Context
		want         Decision
	}{
		{"equals holds", pass, Context{"iam:passedtoservice": "ecs-tasks.amazonaws.com"}, Allowed},
		{"equals fails", pass, Context{"iam:passedtoservice": "glue.amazonaws.com"}, ImplicitDeny},
		{"key unknown", pass, nil, Unknown},
		{"like holds", like, Context{"iam:passedtoservice": "ecs-tasks.amazonaws.com"}, Allowed},
		{"like fails", like, Context{"iam:passedtoservice": "eks.amazonaws.com"}, ImplicitDeny},
		{"not equals holds", notEq, Context{"iam:passedtoservice": "ecs-tasks.amazonaws.com"}, Allowed},
		{"not equals fails", notEq, Context{"iam:passedtoservice": "glue.amazonaws.com"}, ImplicitDeny},
		{"operator not evaluated", boolCond, Context{"aws:securetransport": "true"}, Unknown},
	}
	for _, tt := range tests {
		got := EvaluateIn([]*Policy{mustPolicy(t, tt.policy)}, "iam:PassRole", "arn:aws:iam::1:role/r", tt.ctx)
		if got.Decision != tt.want {
			t.Errorf("%s: %v (%s), want %v", tt.name, got.Decision, got.Reason, tt.want)
		}
	}
}

func TestPrincipals(t *testing.T) {
	p := mustPolicy(t, `{"Statement":[{"Effect":"Allow","Principal":{"Service":["states.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`)
	s := p.Statements[0]
	if got := s.Allows("Service", "states.amazonaws.com"); got != Yes {
		t.Errorf("Allows(states) = %v", got)
	}
	if got := s.Allows("Service", "lambda.amazonaws.com"); got != No {
		t.Errorf("Allows(lambda) = %v", got)
	}
}

func TestNames(t *testing.T) {
	role := "arn:aws:iam::" + AccountID + ":role/" + GenSym("Role")
	g := Grantee{ARN: role, Account: AccountID}
	stmt := func(principal string) *Statement {
		return mustPolicy(t, `{"Statement":[{"Effect":"Allow","Principal":`+principal+`,"Action":"kms:*","Resource":"*"}]}`).Statements[0]
	}
	tests := []struct {
		name            string
		s               *Statement
		direct, account Tri
	}{
		{"anyone", stmt(`"*"`), Yes, No},
		{"anyone in AWS", stmt(`{"AWS": "*"}`), Yes, No},
		{"the role", stmt(`{"AWS": "` + role + `"}`), Yes, No},
		{"another role", stmt(`{"AWS": "arn:aws:iam::` + AccountID + `:role/other"}`), No, No},
		{"the account root", stmt(`{"AWS": "arn:aws:iam::` + AccountID + `:root"}`), No, Yes},
		{"the account ID", stmt(`{"AWS": "` + AccountID + `"}`), No, Yes},
		{"another account", stmt(`{"AWS": "arn:aws:iam::111122223333:root"}`), No, Maybe},
		{"a service", stmt(`{"Service": "states.amazonaws.com"}`), No, No},
		{"a parameter", stmt(`{"AWS": "` + Sym("Principal") + `"}`), Maybe, Maybe},
	}
	for _, tt := range tests {
		d, a := tt.s.Names(g)
		if d != tt.direct || a != tt.account {
			t.Errorf("%s: Names = %v, %v; want %v, %v", tt.name, d, a, tt.direct, tt.account)
		}
	}
	literal := Grantee{ARN: "arn:aws:iam::444455556666:role/r", Account: "444455556666"}
	if _, a := stmt(`{"AWS": "arn:aws:iam::111122223333:root"}`).Names(literal); a != No {
		t.Errorf("another literal account: %v, want no", a)
	}
	np := mustPolicy(t, `{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:role/admin"},"Action":"kms:*","Resource":"*"}]}`).Statements[0]
	if d, _ := np.Names(g); d != Maybe {
		t.Errorf("NotPrincipal: %v, want maybe", d)
	}
	if got := ARNAccount("arn:aws:iam::" + AccountID + ":root"); got != AccountID {
		t.Errorf("ARNAccount = %q", got)
	}
}
