package iam

import (
	"fmt"
	"strings"

	"github.com/sfn-lint/sfn-lint/node"
)

// Item is one action or resource of a statement, with where it is written.
type Item struct {
	Value string // may contain symbols
	Node  *node.Node
}

// Statement is one IAM policy statement.
type Statement struct {
	Sid         string
	Deny        bool
	Actions     []Item
	NotAction   bool
	Resources   []Item
	NotResource bool
	Condition   bool   // has a Condition block: an Allow under it is not a definite grant
	Conds       []Cond // the tests of the Condition block, when they could be read
	Principals  []Principal
	// NotPrincipal: Principals are the principals the statement leaves out.
	NotPrincipal bool
	// Optional says why the statement may not be in the policy that
	// deploys (a template directive may leave it out); empty when it is.
	Optional string

	Node         *node.Node // the statement
	ActionNode   *node.Node // the Action or NotAction value
	ResourceNode *node.Node // the Resource or NotResource value
	Index        int        // position in the policy's Statement list
}

// Cond is one test of a Condition block, such as StringEquals on
// iam:PassedToService.
type Cond struct {
	Op     string // as written, such as "StringLike" or "ForAnyValue:StringEquals"
	Key    string // lower case: condition keys are case-insensitive
	Values []string
	Node   *node.Node
}

// Principal is one principal of a trust policy statement.
type Principal struct {
	Type  string // "Service", "AWS", "Federated", or "*" for anyone
	Value string
}

// Context holds the values of condition keys a request is known to carry,
// by lower-case key. Keys it lacks are unknown.
type Context map[string]string

// Policy is a policy document with where it came from.
type Policy struct {
	Name       string // for messages: the policy's name, or the file
	File       string
	Node       *node.Node // the document (the map holding Statement)
	Statements []*Statement
	// Path is a logical location for stable fingerprints, such as
	// "Resources.Role.Policies[0]".
	Path string
	// Generated is set for documents the user does not write: SAM policy
	// templates and AWS managed policies. Their statements can be replaced,
	// not edited, so they are never called too broad.
	Generated bool
}

// Resolver turns a node into a symbolic string, evaluating whatever
// intrinsic functions its format has. ok is false when the node is not a
// string at all.
type Resolver func(*node.Node) (s string, ok bool)

// PlainResolver reads string scalars as they are.
func PlainResolver(n *node.Node) (string, bool) { return n.Str() }

// IsPolicyDocument reports whether n looks like an IAM policy document.
func IsPolicyDocument(n *node.Node) bool {
	return n != nil && n.Kind == node.Map && n.Get("Statement") != nil
}

// Problem is something wrong with a policy document, at a node.
type Problem struct {
	Node *node.Node
	Msg  string
}

// ParsePolicy reads a policy document. Values the resolver cannot read
// become unique symbols, so they match nothing for certain.
func ParsePolicy(doc *node.Node, resolve Resolver) (*Policy, []Problem) {
	p := &Policy{Node: doc}
	var probs []Problem
	stmts := doc.Get("Statement")
	if stmts == nil {
		return p, []Problem{{doc, `policy document has no "Statement"`}}
	}
	for i, sn := range stmts.List() {
		if sn.Kind != node.Map {
			probs = append(probs, Problem{sn, "statement is not an object"})
			continue
		}
		s := &Statement{Node: sn, Index: i}
		if v, ok := resolve(sn.Get("Sid")); ok {
			s.Sid = v
		}
		effNode := sn.Get("Effect")
		eff, _ := resolve(effNode)
		switch {
		case effNode == nil:
			probs = append(probs, Problem{sn, `statement has no "Effect"`})
			continue
		case eff == "Allow":
		case eff == "Deny":
			s.Deny = true
		default:
			probs = append(probs, Problem{effNode, fmt.Sprintf(`statement has Effect %q, want "Allow" or "Deny"`, eff)})
			continue
		}
		s.ActionNode, s.NotAction = field(sn, "Action", "NotAction")
		s.ResourceNode, s.NotResource = field(sn, "Resource", "NotResource")
		s.Actions = items(s.ActionNode, resolve, i, "a")
		s.Resources = items(s.ResourceNode, resolve, i, "r")
		s.Condition = sn.Get("Condition") != nil
		s.Conds = conds(sn.Get("Condition"), resolve)
		s.Principals = principals(sn.Get("Principal"), resolve)
		if np := sn.Get("NotPrincipal"); np != nil {
			s.Principals, s.NotPrincipal = principals(np, resolve), true
		}
		if s.ActionNode == nil {
			probs = append(probs, Problem{sn, `statement has no "Action" or "NotAction"`})
		}
		p.Statements = append(p.Statements, s)
	}
	return p, probs
}

// conds reads a Condition block; what it cannot read is left out, and the
// statement stays conditional all the same.
func conds(c *node.Node, resolve Resolver) []Cond {
	if c == nil || c.Kind != node.Map {
		return nil
	}
	var out []Cond
	for i, op := range c.Keys {
		tests := c.Values[i]
		if tests.Kind != node.Map {
			continue
		}
		for j, k := range tests.Keys {
			cond := Cond{Op: op.Value, Key: strings.ToLower(k.Value), Node: tests.Values[j]}
			for _, v := range tests.Values[j].List() {
				if s, ok := resolve(v); ok {
					cond.Values = append(cond.Values, s)
				}
			}
			out = append(out, cond)
		}
	}
	return out
}

// principals reads a Principal: "*", or a map from type to values.
func principals(p *node.Node, resolve Resolver) []Principal {
	if p == nil {
		return nil
	}
	if s, ok := resolve(p); ok {
		return []Principal{{Type: "*", Value: s}}
	}
	var out []Principal
	for i, k := range p.Keys {
		for _, v := range p.Values[i].List() {
			if s, ok := resolve(v); ok {
				out = append(out, Principal{Type: k.Value, Value: s})
			}
		}
	}
	return out
}

func field(sn *node.Node, name, notName string) (*node.Node, bool) {
	if v := sn.Get(name); v != nil {
		return v, false
	}
	if v := sn.Get(notName); v != nil {
		return v, true
	}
	return nil, false
}

func items(n *node.Node, resolve Resolver, stmt int, kind string) []Item {
	var out []Item
	for j, it := range n.List() {
		v, ok := resolve(it)
		if !ok {
			v = Expr(node.Short(it, MaxBrief), fmt.Sprintf("?%s%d.%d@%d", kind, stmt, j, it.Pos))
		}
		out = append(out, Item{Value: v, Node: it})
	}
	return out
}

// Decision is the outcome of evaluating a request against policies.
type Decision int8

const (
	// ImplicitDeny: no statement allows the request.
	ImplicitDeny Decision = iota
	// Allowed: a statement allows it for certain and nothing may deny it.
	Allowed
	// Denied: a Deny statement matches for certain.
	Denied
	// Unknown: the answer depends on a condition or on values not known
	// before deploy.
	Unknown
)

// Result is a Decision with the statement that decided it and, for
// Unknown, why.
type Result struct {
	Decision  Decision
	Statement *Statement // the allowing or denying statement, if any
	Policy    *Policy
	Reason    string
	// Condition is set when a condition decides an Unknown result, rather
	// than a value not known before deploy.
	Condition bool
}

// ValuesUnknown is the reason of an Unknown result that a statement's
// match with values not known before deploy decides.
const ValuesUnknown = "it depends on values not known before deploy"

// Evaluate decides whether the policies allow action on resource. Explicit
// Deny wins over Allow; anything not allowed is implicitly denied.
func Evaluate(policies []*Policy, action, resource string) Result {
	return EvaluateIn(policies, action, resource, nil)
}

// EvaluateIn is Evaluate for a request whose condition keys ctx knows:
// conditions on those keys are decided, others stay undecided.
func EvaluateIn(policies []*Policy, action, resource string, ctx Context) Result {
	return Judge(policies, action, resource, ctx, nil).Result()
}

// Verdict is what a set of policies says of a request before it is
// combined with policies of other kinds: how certainly a statement allows
// it and how certainly one denies it, each with the statement that comes
// closest and, short of certain, why.
type Verdict struct {
	Allow, Deny       Tri
	Allowing, Denying Result // Statement and Policy only
	AllowWhy, DenyWhy string
}

// Judge weighs the statements of policies that match a request. applies,
// when not nil, says whether a statement applies to the one making the
// request at all (the Principal of a resource-based policy).
func Judge(policies []*Policy, action, resource string, ctx Context, applies func(*Statement) Tri) Verdict {
	var v Verdict
	for _, p := range policies {
		for _, s := range p.Statements {
			t := s.matches(action, resource)
			if t == No {
				continue
			}
			why := ""
			if t == Maybe {
				why = ValuesUnknown
			}
			if applies != nil {
				a := applies(s)
				if a == No {
					continue
				}
				if a == Maybe && t == Yes {
					why = "it depends on whether the statement's principal is this role"
				}
				t = min(t, a)
			}
			if s.Condition {
				c := s.ConditionHolds(ctx)
				if c == No {
					continue
				}
				if c == Maybe {
					if t == Yes {
						why = "it is granted only under a condition"
					}
					t = Maybe
				}
			}
			if s.Optional != "" {
				if t == Yes {
					why = s.Optional
				}
				t = Maybe
			}
			if s.Deny {
				if t > v.Deny {
					v.Deny, v.DenyWhy, v.Denying = t, why, Result{Statement: s, Policy: p}
				}
			} else if t > v.Allow || t == v.Allow && v.Allowing.Statement == nil {
				v.Allow, v.AllowWhy, v.Allowing = t, why, Result{Statement: s, Policy: p}
			}
		}
	}
	return v
}

// Result is the decision of the verdict alone: explicit Deny wins over
// Allow; anything not allowed is implicitly denied.
func (v Verdict) Result() Result {
	switch {
	case v.Deny == Yes:
		r := v.Denying
		r.Decision = Denied
		return r
	case v.Allow == No:
		return Result{Decision: ImplicitDeny}
	case v.Allow == Yes && v.Deny == No:
		r := v.Allowing
		r.Decision = Allowed
		return r
	case v.Deny == Maybe:
		r := v.Denying
		r.Decision, r.Reason = Unknown, "a Deny statement may apply: "+strings.TrimPrefix(v.DenyWhy, "it ")
		if v.DenyWhy == "" || strings.Contains(v.DenyWhy, "condition") {
			r.Reason, r.Condition = "a Deny statement with a condition may apply", true
		}
		return r
	default:
		r := v.Allowing
		r.Decision, r.Reason = Unknown, v.AllowWhy
		r.Condition = strings.Contains(v.AllowWhy, "condition")
		return r
	}
}

// ConditionHolds decides the statement's Condition block for a request:
// every test must hold. A test on a key ctx does not know, or with an
// operator not evaluated here, is Maybe; so is a block that could not be
// read.
func (s *Statement) ConditionHolds(ctx Context) Tri {
	if !s.Condition {
		return Yes
	}
	if len(s.Conds) == 0 {
		return Maybe
	}
	result := Yes
	for _, c := range s.Conds {
		result = min(result, c.Holds(ctx))
	}
	return result
}

// Holds decides one test for a request.
func (c Cond) Holds(ctx Context) Tri {
	v, known := ctx[c.Key]
	op := c.Op
	for _, prefix := range []string{"ForAnyValue:", "ForAllValues:"} {
		op = strings.TrimPrefix(op, prefix)
	}
	// With the key present, ...IfExists tests like the plain operator.
	op = strings.TrimSuffix(op, "IfExists")
	if !known {
		return Maybe
	}
	var negate, like, fold bool
	switch op {
	case "StringEquals", "ArnEquals":
	case "StringEqualsIgnoreCase":
		fold = true
	case "StringLike", "ArnLike":
		like = true
	case "StringNotEquals", "ArnNotEquals":
		negate = true
	case "StringNotEqualsIgnoreCase":
		negate, fold = true, true
	case "StringNotLike", "ArnNotLike":
		negate, like = true, true
	default:
		return Maybe
	}
	best := No
	for _, want := range c.Values {
		var t Tri
		if like {
			t = Match(want, v, fold)
		} else {
			t = Match(escapeWild(want), escapeWild(v), fold)
		}
		best = max(best, t)
	}
	if negate {
		return best.not()
	}
	return best
}

// escapeWild keeps the wildcard characters of an exact comparison from
// acting as wildcards, by swapping them for private-use runes.
func escapeWild(s string) string { return wildEscaper.Replace(s) }

var wildEscaper = strings.NewReplacer("*", "\uF000", "?", "\uF001")

func (s *Statement) matches(action, resource string) Tri {
	a := anyMatch(s.Actions, action, true)
	if s.NotAction {
		a = a.not()
	}
	if a == No {
		return No
	}
	r := anyMatch(s.Resources, resource, false)
	if s.NotResource {
		r = r.not()
	}
	return min(a, r)
}

func anyMatch(items []Item, value string, fold bool) Tri {
	best := No
	for _, it := range items {
		if t := Match(it.Value, value, fold); t > best {
			best = t
			if best == Yes {
				break
			}
		}
	}
	return best
}

// ActionMatches reports whether the statement's Action (or NotAction)
// covers action.
func (s *Statement) ActionMatches(action string) Tri {
	a := anyMatch(s.Actions, action, true)
	if s.NotAction {
		a = a.not()
	}
	return a
}

func (d Decision) String() string {
	return [...]string{"implicit deny", "allowed", "denied", "unknown"}[d]
}

// Allows reports whether a statement lets a principal of the given type
// and value act: Principal "*" or {"AWS": "*"} lets anyone.
func (s *Statement) Allows(typ, value string) Tri {
	if s.NotPrincipal {
		return Maybe
	}
	best := No
	for _, p := range s.Principals {
		switch {
		case p.Type == "*" && p.Value == "*", p.Type == "AWS" && p.Value == "*":
			return Yes
		case p.Type == typ:
			best = max(best, Match(p.Value, value, true))
		}
	}
	return best
}
