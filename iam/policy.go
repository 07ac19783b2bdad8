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
	Condition   bool // has a Condition block: an Allow under it is not a definite grant

	Node         *node.Node // the statement
	ActionNode   *node.Node // the Action or NotAction value
	ResourceNode *node.Node // the Resource or NotResource value
	Index        int        // position in the policy's Statement list
}

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
		if s.ActionNode == nil {
			probs = append(probs, Problem{sn, `statement has no "Action" or "NotAction"`})
		}
		p.Statements = append(p.Statements, s)
	}
	return p, probs
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
			v = Sym(fmt.Sprintf("?%s%d.%d@%d", kind, stmt, j, it.Pos))
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

// Evaluate decides whether the policies allow action on resource. Explicit
// Deny wins over Allow; anything not allowed is implicitly denied.
func Evaluate(policies []*Policy, action, resource string) Result {
	var allow, deny Result
	allowT, denyT := No, No
	var allowWhy, denyWhy string
	for _, p := range policies {
		for _, s := range p.Statements {
			t := s.matches(action, resource)
			if t == No {
				continue
			}
			why := ""
			if t == Maybe {
				why = "it depends on values not known before deploy"
			}
			if s.Condition {
				if t == Yes {
					why = "it is granted only under a condition"
				}
				t = Maybe
			}
			if s.Deny {
				if t > denyT {
					denyT, denyWhy, deny = t, why, Result{Statement: s, Policy: p}
				}
			} else if t > allowT || t == allowT && allow.Statement == nil {
				allowT, allowWhy, allow = t, why, Result{Statement: s, Policy: p}
			}
		}
	}
	switch {
	case denyT == Yes:
		deny.Decision = Denied
		return deny
	case allowT == No:
		return Result{Decision: ImplicitDeny}
	case allowT == Yes && denyT == No:
		allow.Decision = Allowed
		return allow
	case denyT == Maybe:
		deny.Decision, deny.Reason = Unknown, "a Deny statement may apply: "+strings.TrimPrefix(denyWhy, "it ")
		if denyWhy == "" || strings.Contains(denyWhy, "condition") {
			deny.Reason, deny.Condition = "a Deny statement with a condition may apply", true
		}
		return deny
	default:
		allow.Decision, allow.Reason = Unknown, allowWhy
		allow.Condition = strings.Contains(allowWhy, "condition")
		return allow
	}
}

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
