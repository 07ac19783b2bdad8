package iam

import "strings"

// Resource-based policies, such as KMS key policies, name in their
// Principal who they apply to. Within one account, IAM allows a request
// that the identity-based policies or a resource-based policy allows,
// unless either denies it; a statement whose principal is the account
// itself grants nothing to a role directly, it lets the account's IAM
// policies grant it.

// Grantee is the principal a resource-based policy is asked about: a
// role, by its ARN, and the account it belongs to.
type Grantee struct {
	ARN     string // may be symbolic; "" when not known
	Account string
}

// ARNAccount returns the account of an ARN, such as the 12 digits of
// arn:aws:iam::123456789012:role/x or the symbol written in their place,
// or "" when s is not an ARN.
func ARNAccount(arn string) string {
	masked, unmask := Mask(arn)
	parts := strings.SplitN(masked, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return unmask(parts[4])
}

// Names says whether the statement's Principal applies to the grantee
// itself (its ARN, or anyone), and whether it names the grantee's account
// (its root ARN or its ID), which delegates to the account's IAM policies.
// A principal not known before deploy may be either.
func (s *Statement) Names(g Grantee) (direct, account Tri) {
	if s.NotPrincipal {
		// Everyone but those listed: whether the role is among them is not
		// worked out here.
		return Maybe, No
	}
	for _, p := range s.Principals {
		if p.Type != "AWS" && p.Type != "*" {
			continue // a service, a federated or canonical user
		}
		d, a := names(p.Value, g)
		direct, account = max(direct, d), max(account, a)
	}
	return direct, account
}

func names(v string, g Grantee) (direct, account Tri) {
	if v == "*" {
		return Yes, No
	}
	exact := func(a, b string) Tri {
		if a == "" || b == "" {
			return Maybe
		}
		return Match(escapeWild(a), escapeWild(b), false)
	}
	if _, whole := IsSym(v); whole {
		// A parameter, or an attribute not known here: any principal.
		return exact(v, g.ARN), exact(v, g.Account)
	}
	acct := v
	if a := ARNAccount(v); a != "" {
		masked, _ := Mask(v)
		if !strings.HasSuffix(masked, ":root") {
			return exact(v, g.ARN), No
		}
		acct = a
	}
	return No, exact(acct, g.Account)
}
