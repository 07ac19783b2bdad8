package rules

import (
	"cmp"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

func parsePolicy(t *testing.T, src string) *iam.Policy {
	t.Helper()
	doc, err := node.ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, probs := iam.ParsePolicy(doc, iam.PlainResolver)
	if len(probs) > 0 {
		t.Fatalf("%s: %v", src, probs)
	}
	return p
}

// TestDecideResourcePolicies follows the IAM evaluation logic for a role's
// request within one account, with a KMS key policy beside it.
func TestDecideResourcePolicies(t *testing.T) {
	const (
		acct = "111122223333"
		key  = "arn:aws:kms:eu-west-1:" + acct + ":key/k1"
		arn  = "arn:aws:iam::" + acct + ":role/flow"
	)
	stmt := func(effect, principal, action, cond string) string {
		s := `{"Effect":"` + effect + `","Principal":` + principal + `,"Action":"` + action + `","Resource":"*"`
		if cond != "" {
			s += `,"Condition":` + cond
		}
		return s + `}`
	}
	doc := func(stmts ...string) string {
		out := `{"Statement":[`
		for i, s := range stmts {
			if i > 0 {
				out += ","
			}
			out += s
		}
		return out + `]}`
	}
	root := `{"AWS":"arn:aws:iam::` + acct + `:root"}`
	toRole := `{"AWS":"` + arn + `"}`
	iamGrant := `{"Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"` + key + `"}]}`
	noGrant := `{"Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"*"}]}`
	tests := []struct {
		name      string
		identity  string
		keyPolicy string // "" for no key policy in the files
		required  bool
		keyARN    string // the key the policy is attached to; key when ""
		boundary  string
		unknown   bool // the role has a policy whose contents are not known
		want      iam.Decision
		reason    string
	}{
		{"no key policy: IAM decides", iamGrant, "", true, "", "", false, iam.Allowed, ""},
		{"no key policy in the files, IAM lacks: the key policy may grant it", noGrant, "", true, "", "", false, iam.Unknown, "the key's policy is not in these files, and it may grant it to the role directly"},
		{"the key policy grants the role", noGrant, doc(stmt("Allow", toRole, "kms:GenerateDataKey", "")), true, "", "", false, iam.Allowed, ""},
		{"the key policy grants anyone", noGrant, doc(stmt("Allow", `"*"`, "kms:*", "")), true, "", "", false, iam.Allowed, ""},
		{"the account lets IAM policies grant", iamGrant, doc(stmt("Allow", root, "kms:*", "")), true, "", "", false, iam.Allowed, ""},
		{"the account statement grants the role nothing", noGrant, doc(stmt("Allow", root, "kms:*", "")), true, "", "", false, iam.ImplicitDeny, ""},
		{"no account statement: IAM policies do not count", iamGrant, doc(stmt("Allow", `{"AWS":"arn:aws:iam::`+acct+`:role/admin"}`, "kms:*", "")), true, "", "", false, iam.ImplicitDeny, keyPolicy},
		{"nor do policies whose contents are not known", noGrant, doc(stmt("Allow", `{"AWS":"arn:aws:iam::`+acct+`:role/admin"}`, "kms:*", "")), true, "", "", true, iam.ImplicitDeny, keyPolicy},
		{"the account statement is for other actions", iamGrant, doc(stmt("Allow", root, "kms:Describe*", "")), true, "", "", false, iam.ImplicitDeny, keyPolicy},
		{"a conditional account statement", iamGrant, doc(stmt("Allow", root, "kms:*", `{"Bool":{"aws:SecureTransport":"true"}}`)), true, "", "", false, iam.Unknown, `the key policy of key "k1" lets IAM policies grant it only under a condition`},
		{"a Deny for the account", iamGrant, doc(stmt("Allow", root, "kms:*", ""), stmt("Deny", root, "kms:GenerateDataKey", "")), true, "", "", false, iam.Denied, ""},
		{"a Deny for anyone, under a condition", iamGrant, doc(stmt("Allow", root, "kms:*", ""), stmt("Deny", `"*"`, "kms:*", `{"Bool":{"aws:SecureTransport":"false"}}`)), true, "", "", false, iam.Unknown, "a Deny statement with a condition may apply"},
		{"a Deny in IAM wins over the key policy", `{"Statement":[{"Effect":"Deny","Action":"kms:*","Resource":"*"}]}`, doc(stmt("Allow", toRole, "kms:*", "")), true, "", "", false, iam.Denied, ""},
		{"the caller's account is known", noGrant, doc(stmt("Allow", `"*"`, "kms:*", `{"StringEquals":{"kms:CallerAccount":"`+acct+`"}}`)), true, "", "", false, iam.Allowed, ""},
		{"another caller account", noGrant, doc(stmt("Allow", `"*"`, "kms:*", `{"StringEquals":{"kms:CallerAccount":"444455556666"}}`)), true, "", "", false, iam.ImplicitDeny, ""},
		{"the principal ARN is known", noGrant, doc(stmt("Allow", `"*"`, "kms:*", `{"ArnEquals":{"aws:PrincipalArn":"`+arn+`"}}`)), true, "", "", false, iam.Allowed, ""},
		{"a boundary limits a grant to the role's ARN", noGrant, doc(stmt("Allow", toRole, "kms:*", "")), true, "", noGrant, false, iam.Denied, "boundary"},
		{"another key's policy", iamGrant, doc(stmt("Allow", `{"AWS":"arn:aws:iam::`+acct+`:role/admin"}`, "kms:*", "")), true, "arn:aws:kms:eu-west-1:" + acct + ":key/k2", "", false, iam.Allowed, ""},
		{"a key that may be this one", iamGrant, doc(stmt("Allow", `{"AWS":"arn:aws:iam::`+acct+`:role/admin"}`, "kms:*", "")), true, "arn:aws:kms:eu-west-1:" + acct + ":key/" + iam.Sym("KeyId"), "", false, iam.Unknown, `the key policy of key "k1" may not let IAM policies grant it`},
		{"a policy that is not required grants on its own", noGrant, doc(stmt("Allow", toRole, "kms:*", "")), false, "", "", false, iam.Allowed, ""},
		{"and leaves IAM policies their say", iamGrant, doc(stmt("Allow", `{"AWS":"arn:aws:iam::`+acct+`:role/admin"}`, "kms:*", "")), false, "", "", false, iam.Allowed, ""},
		{"where its account statement grants nothing", noGrant, doc(stmt("Allow", root, "kms:*", "")), false, "", "", false, iam.ImplicitDeny, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			role := &project.Role{Name: "flow", ARN: arn, Policies: []*iam.Policy{parsePolicy(t, tt.identity)}}
			if tt.unknown {
				role.Policies = nil
				role.Unknown = []string{"AttachedPolicy"}
			}
			if tt.boundary != "" {
				role.Boundary = parsePolicy(t, tt.boundary)
			}
			var rps []*project.ResourcePolicy
			if tt.keyPolicy != "" {
				rps = append(rps, &project.ResourcePolicy{Resource: cmp.Or(tt.keyARN, key), Policy: parsePolicy(t, tt.keyPolicy), Required: tt.required, What: `key "k1"`})
			}
			got := decide(role, rps, Need{Action: "kms:GenerateDataKey", Resource: key})
			if got.Decision != tt.want || got.Reason != tt.reason {
				t.Errorf("decide = %v %q, want %v %q", got.Decision, got.Reason, tt.want, tt.reason)
			}
			if got.Decision == iam.Allowed && tt.keyPolicy != "" && tt.identity == noGrant && got.Policy != rps[0].Policy {
				t.Errorf("allowed by %v, want the key policy", got.Policy)
			}
		})
	}
}
