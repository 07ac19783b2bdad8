package cfn

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// refersTo reports whether n refers to the resource's ARN or name outside
// policies and principals.
func refersTo(n *node.Node, res string) bool {
	if n == nil {
		return false
	}
	if name, ok := roleRef(n); ok {
		return name == res
	}
	for i, k := range n.Keys {
		if !project.PrincipalKey(k.Value) && refersTo(n.Values[i], res) {
			return true
		}
	}
	return slices.ContainsFunc(n.Items, func(it *node.Node) bool { return refersTo(it, res) })
}

// refTarget returns the logical ID a Ref names, or "".
func refTarget(n *node.Node) string {
	if n == nil {
		return ""
	}
	if n.Tag == "!Ref" {
		return n.Value
	}
	if s, ok := n.Get("Ref").Str(); ok && len(n.Keys) == 1 {
		return s
	}
	return ""
}

// getAtt returns the resource and attribute of a Fn::GetAtt.
func getAtt(n *node.Node) (res, attr string, ok bool) {
	if n == nil {
		return "", "", false
	}
	var v *node.Node
	if n.Tag == "!GetAtt" {
		v = n
	} else if len(n.Keys) == 1 && n.Keys[0].Value == "Fn::GetAtt" {
		v = n.Values[0]
	} else {
		return "", "", false
	}
	if v.Kind == node.Scalar {
		res, attr, ok = strings.Cut(v.Value, ".")
		return res, attr, ok
	}
	if len(v.Items) == 2 {
		a, ok1 := v.Items[0].Str()
		b, ok2 := v.Items[1].Str()
		return a, b, ok1 && ok2
	}
	return "", "", false
}

// roleRef recognises a reference to a resource's ARN or name: Ref X,
// GetAtt X.Arn, or a Fn::Sub naming ${X} or ${X.Arn}.
func roleRef(n *node.Node) (string, bool) {
	if r := refTarget(n); r != "" {
		return r, true
	}
	if res, attr, ok := getAtt(n); ok && attr == "Arn" {
		return res, true
	}
	return "", false
}

// intrinsic returns the function name and argument of an intrinsic
// function node, in either long or short form.
func intrinsic(n *node.Node) (string, *node.Node) { return node.Intrinsic(n) }

// resolve evaluates a Template value into a symbolic string.
func (t *Template) resolve(n *node.Node) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.eval(n, 0)
}

func (t *Template) ref(name string) string {
	switch name {
	case "AWS::Partition":
		return t.partition
	case "AWS::Region":
		return t.region
	case "AWS::AccountId":
		return t.account
	}
	if v, ok := t.identity(name, ""); ok {
		return v
	}
	return iam.Sym(name)
}

func (t *Template) getAtt(res, attr string) string {
	if v, ok := t.identity(res, attr); ok {
		return v
	}
	return iam.Sym(res + "." + attr)
}

// identity gives what Ref (attr "") or Fn::GetAtt of a resource returns,
// as the identity table says.
func (t *Template) identity(res, attr string) (string, bool) {
	r := t.resource(res)
	if r == nil || t.visiting[res] {
		return "", false
	}
	t.visiting[res] = true
	defer delete(t.visiting, res)
	props := r.Get("Properties")
	return project.Identity(project.CFNIdentity, typeOf(r), attr, project.IdentityEnv{
		Partition: t.partition, Region: t.region, Account: t.account, Symbol: res,
		Prop: func(name string) (string, bool) { return t.eval(project.Nested(props, name), 1) },
	})
}

// findInMap looks a Fn::FindInMap up in the template's Mappings when its
// keys are known.
func (t *Template) findInMap(arg *node.Node, depth int) (string, bool) {
	if arg.Kind != node.Seq || len(arg.Items) < 3 {
		return "", false
	}
	cur := t.f.Root.Get("Mappings")
	for _, k := range arg.Items[:3] {
		key, ok := t.eval(k, depth+1)
		if !ok || iam.HasSym(key) {
			return "", false
		}
		cur = cur.Get(key)
	}
	if cur == nil || cur.Kind != node.Scalar {
		return "", false
	}
	return cur.Value, true
}

// selectItem evaluates a Fn::Select of a list written out, or of a
// Fn::Split of a value whose part is sure: no value not known before
// deploy up to it may hold the delimiter, as in
// !Select [5, !Split [":", !GetAtt Bucket.Arn]], the bucket's name.
func (t *Template) selectItem(arg *node.Node, depth int) (string, bool) {
	if arg.Kind != node.Seq || len(arg.Items) != 2 {
		return "", false
	}
	is, ok := t.eval(arg.Items[0], depth+1)
	i, err := strconv.Atoi(is)
	if !ok || err != nil || i < 0 {
		return "", false
	}
	list := arg.Items[1]
	fn, farg := intrinsic(list)
	switch {
	case fn == "" && list.Kind == node.Seq:
		if i < len(list.Items) {
			return t.eval(list.Items[i], depth+1)
		}
	case fn == "Fn::Split" && farg.Kind == node.Seq && len(farg.Items) == 2:
		delim, ok := farg.Items[0].Str()
		if !ok || delim == "" || strings.ContainsAny(delim, "0123456789\uE000\uE001\uE002") {
			return "", false // the digits and runes Mask writes symbols with
		}
		s, ok := t.eval(farg.Items[1], depth+1)
		if !ok {
			return "", false
		}
		masked, unmask := iam.Mask(s)
		parts := strings.Split(masked, delim)
		if i >= len(parts) || iam.MayHold(unmask(strings.Join(parts[:i+1], delim)), delim) {
			return "", false
		}
		return unmask(parts[i]), true
	}
	return "", false
}

// subArgs splits a Fn::Sub argument into its Template and variables.
func subArgs(arg *node.Node) (string, map[string]*node.Node, bool) {
	local := map[string]*node.Node{}
	switch {
	case arg.Kind == node.Seq && len(arg.Items) == 2 && arg.Items[0].Kind == node.Scalar:
		m := arg.Items[1]
		for i, k := range m.Keys {
			local[k.Value] = m.Values[i]
		}
		return arg.Items[0].Value, local, true
	case arg.Kind == node.Scalar:
		return arg.Value, local, true
	}
	return "", nil, false
}

// subLookup resolves the names of a Fn::Sub: its own variables, then
// attributes (Res.Attr), parameters, resources and pseudo parameters.
func (t *Template) subLookup(local map[string]*node.Node, depth int) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if v, ok := local[name]; ok {
			return t.eval(v, depth+1)
		}
		if res, attr, ok := strings.Cut(name, "."); ok {
			return t.getAtt(res, attr), true
		}
		return t.ref(name), true
	}
}

// eval evaluates intrinsic functions into a symbolic string.
func (t *Template) eval(n *node.Node, depth int) (string, bool) {
	if n == nil || depth > 50 {
		return "", false
	}
	fn, arg := intrinsic(n)
	if arg == n && fn != "" {
		// A short-form tag is its own argument: the argument is the node
		// without the tag (!ImportValue name is Fn::ImportValue: name).
		untagged := *n
		untagged.Tag = ""
		arg = &untagged
	}
	switch fn {
	case "":
		if n.Kind != node.Scalar || n.Style == node.Null {
			return "", false
		}
		return n.Value, true
	case "Ref":
		s, ok := arg.Str()
		if arg.Tag == "!Ref" {
			s, ok = arg.Value, true
		}
		if !ok || s == "AWS::NoValue" {
			// AWS::NoValue removes the property: there is no value.
			return "", false
		}
		return t.ref(s), true
	case "Fn::GetAtt":
		res, attr, ok := getAtt(n)
		if !ok {
			return "", false
		}
		return t.getAtt(res, attr), true
	case "Fn::Sub":
		tmpl, local, ok := subArgs(arg)
		if !ok {
			return "", false
		}
		return iam.Substitute(tmpl, t.subLookup(local, depth)), true
	case "Fn::Join":
		if arg.Kind != node.Seq || len(arg.Items) != 2 {
			return "", false
		}
		delim, _ := arg.Items[0].Str()
		var parts []string
		list := arg.Items[1]
		if list.Kind != node.Seq {
			return "", false
		}
		for _, it := range list.Items {
			s, ok := t.eval(it, depth+1)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, delim), true
	case "Fn::FindInMap":
		if v, ok := t.findInMap(arg, depth); ok {
			return v, true
		}
	case "Fn::Select":
		if v, ok := t.selectItem(arg, depth); ok {
			return v, true
		}
	case "Fn::ImportValue":
		// Another stack's export: the same wherever its name is written.
		s, _ := t.eval(arg, depth+1)
		return iam.Expr("Fn::ImportValue "+iam.Display(s), "ImportValue:"+s), true
	}
	// Fn::If, Fn::Select, Fn::FindInMap and the rest: not known before deploy.
	return exprSym(n), true
}

// maxExprKey bounds the text that tells an expression's value apart; a
// longer one is told apart by where it is written.
const maxExprKey = 4096

// exprSym is the symbol for an intrinsic function that is not evaluated:
// written in messages as the template writes it, and the same value
// wherever the same function is written.
func exprSym(n *node.Node) string {
	key := node.Inline(n, maxExprKey)
	if strings.HasSuffix(key, "…") {
		key += fmt.Sprintf("@%d", n.Pos)
	}
	return iam.Expr(node.Short(n, iam.MaxBrief), key)
}
