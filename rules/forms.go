package rules

import (
	"fmt"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// nameOrARN lists the placeholder functions whose parameter AWS takes as
// a name or as a whole ARN: a Lambda function, an ECS task definition, a
// Bedrock model, an IAM role, a secret, a Systems Manager parameter, and
// the resources "name" reads (a DynamoDB table, an event bus).
var nameOrARN = map[string]bool{"lambda": true, "ecs": true, "bedrock": true, "iamrole": true, "name": true, "secret": true, "ssmparam": true}

// valueForm is what a value known only at deploy time is known to be.
type valueForm uint8

const (
	unknownForm valueForm = iota
	nameForm
	arnForm
)

// formOf tells what a value stands for. Written text is an ARN when it
// starts like one; a symbol is a name when it is a generated name or an
// attribute called Name, an ARN when it is an attribute called Arn, and
// either when it is a parameter, a variable or a value whose kind the
// files do not say.
func formOf(v string) valueForm {
	name, ok := iam.LeadingSym(v)
	if !ok {
		if strings.HasPrefix(v, "arn:") {
			return arnForm
		}
		return nameForm
	}
	// A symbol followed by a qualifier (${Fn}:live) has the form the symbol
	// has.
	rest, _ := strings.CutPrefix(v, iam.Sym(name))
	whole := rest == "" || strings.HasPrefix(rest, ":")
	dot := strings.LastIndexByte(name, '.')
	switch {
	case iam.IsGenerated(v):
		return nameForm
	case dot < 0 || iam.IsExpr(name) || strings.HasPrefix(name, "var.") || strings.HasPrefix(name, "local."):
		// A parameter, a variable or an expression is whatever its value
		// is.
		if whole {
			return unknownForm
		}
		return nameForm
	}
	attr := name[dot+1:]
	lower := strings.ToLower(attr)
	switch {
	case lower == "arn" || strings.HasSuffix(attr, "Arn") || strings.HasSuffix(lower, "_arn"):
		return arnForm
	case !whole || lower == "name" || lower == "family" || strings.HasSuffix(attr, "Name") || strings.HasSuffix(lower, "_name"):
		return nameForm
	}
	return unknownForm
}

// isARN reports whether a value is known to be an ARN, such as
// arn:aws:..., ${Function.Arn} or ${Function.Arn}:live.
func isARN(v string) bool { return formOf(v) == arnForm }

// forms applies a placeholder function to a value and, when the function
// takes a name or an ARN and the value's form is not known, says what the
// value is as a whole ARN.
func (e env) forms(fn, v string) formed {
	f := formed{res: e.apply(fn, v)}
	if !nameOrARN[fn] || formOf(v) != unknownForm {
		return f
	}
	name, _ := iam.LeadingSym(v)
	f.of = iam.Sym(name)
	if fn == "ecs" && strings.HasSuffix(f.res, ":"+iam.Wild) {
		// A family runs its latest revision, and the value may be
		// family:revision as well.
		f.alts = append(f.alts, strings.TrimSuffix(f.res, ":"+iam.Wild))
	}
	f.alts = append(f.alts, v)
	return f
}

// ambiguity says why a need has two forms, naming the value as its file
// spells it.
func (e env) ambiguity(of string) string {
	if of == "" {
		return ""
	}
	return project.ValueName(e.file, of) + " may be a name or an ARN"
}

// decideForms decides a need that has two forms: met when either form is
// granted (and neither denied), decided as one when both forms are decided
// alike, and undecided otherwise, since only the deployment says which
// form the value has.
func decideForms(role *project.Role, rps []*project.ResourcePolicy, n Need) iam.Result {
	results := []iam.Result{decide(role, rps, n)}
	if len(n.Alternatives) == 0 {
		return results[0]
	}
	for _, alt := range n.Alternatives {
		a := n
		a.Resource = alt
		results = append(results, decide(role, rps, a))
	}
	same, allowed, denied := true, -1, false
	for i, r := range results {
		same = same && r.Decision == results[0].Decision
		if r.Decision == iam.Allowed && allowed < 0 {
			allowed = i
		}
		denied = denied || r.Decision == iam.Denied
	}
	switch {
	case same && results[0].Reason == iam.ValuesUnknown:
		// Every form depends on what the value is.
		r := results[0]
		r.Reason = n.Ambiguity
		return r
	case same:
		return results[0]
	case allowed >= 0 && !denied:
		return results[allowed]
	}
	out := iam.Result{Decision: iam.Unknown, Reason: n.Ambiguity}
	for _, r := range results {
		if r.Decision != iam.ImplicitDeny && r.Statement != nil {
			out.Statement, out.Policy = r.Statement, r.Policy
			break
		}
	}
	return out
}

// resources writes a need's resource for messages: every form it has.
func (n Need) resources() string {
	q := []string{fmt.Sprintf("%q", iam.Display(n.Resource))}
	for _, a := range n.Alternatives {
		q = append(q, fmt.Sprintf("%q", iam.Display(a)))
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
