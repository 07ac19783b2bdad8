package terraform

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// hexpr is an HCL expression with the file it is written in. vars holds the
// variables of a template file read with templatefile() or a template_file
// data source: its names resolve there, not in the module. mod, when set,
// is the module instance whose scope the expression is written in, such as
// the caller of a module for the arguments it passes; nil means the module
// evaluating it.
type hexpr struct {
	f    *project.File
	e    hclsyntax.Expression
	vars map[string]hexpr
	mod  *tfModule
	// bound holds the names a %{ for } directive binds around the
	// expression: an element of what it iterates, or one that is not
	// known (no expression).
	bound map[string]hexpr
}

func (x hexpr) sub(e hclsyntax.Expression) hexpr {
	return hexpr{f: x.f, e: e, vars: x.vars, mod: x.mod, bound: x.bound}
}

// bind binds the names of a %{ for } directive to a key and a value (an
// element that is not known when v has no expression).
func (x hexpr) bind(fe *hclsyntax.ForExpr, k, v hexpr) hexpr {
	b := maps.Clone(x.bound)
	if b == nil {
		b = map[string]hexpr{}
	}
	if fe.KeyVar != "" {
		b[fe.KeyVar] = k
	}
	b[fe.ValVar] = v
	x.bound = b
	return x
}

// elsewhere reports whether x belongs to another module instance than m.
func (x hexpr) elsewhere(m *tfModule) bool { return x.mod != nil && x.mod != m }

// maxEvalDepth bounds how far references are followed: locals may refer to
// each other in long chains, but never this far.
const maxEvalDepth = 50

// maxEvalSteps bounds the work of evaluating one module's expressions.
const maxEvalSteps = 1_000_000

// rangeNode returns a scalar string node spanning r.
func rangeNode(r hcl.Range, value string) *node.Node {
	return &node.Node{Kind: node.Scalar, Style: node.String, Value: value, Pos: r.Start.Byte, End: r.End.Byte}
}

// source returns the text of an expression as written.
func (x hexpr) source() string {
	r := x.e.Range()
	if r.Start.Byte < 0 || r.End.Byte > len(x.f.Data) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(x.f.Data[r.Start.Byte:r.End.Byte])
}

// opaque is the symbol for an expression that is not evaluated here:
// written in messages as brief writes it, and the same value wherever the
// same text is written, as Terraform's functions are.
func (x hexpr) opaque() string {
	key := strings.Join(strings.Fields(x.source()), " ")
	if key == "" || len(key) > 4096 || strings.ContainsAny(key, "\uE000\uE001\uE002") {
		r := x.e.Range()
		key = fmt.Sprintf("%s:%d:%d", x.f.Path, r.Start.Line, r.Start.Column)
	}
	return iam.Expr(x.brief(), key)
}

// brief writes an expression for messages: on one line and short, a
// function call whose arguments do not fit with its first argument only,
// as templatefile("flow.json", …).
func (x hexpr) brief() string {
	if w, ok := x.e.(*hclsyntax.TemplateWrapExpr); ok {
		return x.sub(w.Wrapped).brief()
	}
	s := strings.Join(strings.Fields(x.source()), " ")
	if s == "" {
		return "…"
	}
	if iam.Fits(s) {
		return s
	}
	if call, ok := x.e.(*hclsyntax.FunctionCallExpr); ok && len(call.Args) > 0 {
		more := ""
		if len(call.Args) > 1 {
			more = ", …"
		}
		if t := call.Name + "(" + x.sub(call.Args[0]).brief() + more + ")"; iam.Fits(t) {
			return t
		}
	}
	return iam.Brief(s)
}

// refNames flattens a reference such as aws_iam_role.r[0].arn into its
// names (aws_iam_role, r, arn): indexes and splats select among instances
// of the same resource, which share its identity here.
func refNames(e hclsyntax.Expression) []string {
	switch e := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return TraversalNames(e.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		base := refNames(e.Source)
		if base == nil {
			return nil
		}
		return append(base, TraversalNames(e.Traversal)...)
	case *hclsyntax.IndexExpr:
		return refNames(e.Collection)
	case *hclsyntax.SplatExpr:
		base := refNames(e.Source)
		if base == nil {
			return nil
		}
		return append(base, refNames(e.Each)...)
	case *hclsyntax.AnonSymbolExpr:
		return []string{}
	}
	return nil
}

// TraversalNames is the names of a traversal's root and attribute steps,
// in order (aws_iam_role.r.arn is aws_iam_role, r, arn); index steps are
// left out.
func TraversalNames(t hcl.Traversal) []string {
	var out []string
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			out = append(out, s.Name)
		case hcl.TraverseAttr:
			out = append(out, s.Name)
		}
	}
	return out
}

// str evaluates an expression into a symbolic string. ok is false for null
// and for values that are not strings (objects, lists).
func (m *tfModule) str(x hexpr, depth int) (string, bool) {
	if x.e == nil || depth > maxEvalDepth {
		return "", false
	}
	if x.elsewhere(m) {
		return x.mod.str(x, depth)
	}
	// Locals that use each other many times over could take exponential
	// time; past a budget, values stay unknown.
	if m.steps++; m.steps > maxEvalSteps {
		return x.opaque(), true
	}
	switch e := x.e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return literalString(e.Val)
	case *hclsyntax.TemplateExpr:
		var b strings.Builder
		for _, part := range e.Parts {
			s, ok := m.str(x.sub(part), depth+1)
			if !ok {
				s = x.sub(part).opaque()
			}
			b.WriteString(s)
		}
		return b.String(), true
	case *hclsyntax.TemplateWrapExpr:
		return m.str(x.sub(e.Wrapped), depth+1)
	case *hclsyntax.ParenthesesExpr:
		return m.str(x.sub(e.Expression), depth+1)
	case *hclsyntax.ScopeTraversalExpr, *hclsyntax.RelativeTraversalExpr, *hclsyntax.IndexExpr:
		names := refNames(e)
		if len(names) == 0 {
			return x.opaque(), true
		}
		return m.ref(x, names, depth)
	case *hclsyntax.ConditionalExpr:
		if c, ok := m.str(x.sub(e.Condition), depth+1); ok && !iam.HasSym(c) {
			switch c {
			case "true":
				return m.str(x.sub(e.TrueResult), depth+1)
			case "false":
				return m.str(x.sub(e.FalseResult), depth+1)
			}
		}
		a, okA := m.str(x.sub(e.TrueResult), depth+1)
		b, okB := m.str(x.sub(e.FalseResult), depth+1)
		if okA && okB && a == b {
			return a, true
		}
		return x.opaque(), true
	case *hclsyntax.BinaryOpExpr:
		if e.Op == hclsyntax.OpEqual || e.Op == hclsyntax.OpNotEqual {
			a, okA := m.str(x.sub(e.LHS), depth+1)
			b, okB := m.str(x.sub(e.RHS), depth+1)
			if okA && okB && !iam.HasSym(a) && !iam.HasSym(b) {
				return fmt.Sprint((a == b) == (e.Op == hclsyntax.OpEqual)), true
			}
		}
		return x.opaque(), true
	case *hclsyntax.FunctionCallExpr:
		return m.call(x, e, depth)
	case *hclsyntax.TemplateJoinExpr:
		// A %{ for } directive over what is known.
		if fe, ok := e.Tuple.(*hclsyntax.ForExpr); ok {
			if keys, vals, ok := m.elements(x.sub(fe.CollExpr)); ok {
				var b strings.Builder
				for i := range vals {
					s, ok := m.str(x.bind(fe, keys[i], vals[i]).sub(fe.ValExpr), depth+1)
					if !ok {
						return x.opaque(), true
					}
					b.WriteString(s)
				}
				return b.String(), true
			}
		}
	}
	return x.opaque(), true
}

func literalString(v cty.Value) (string, bool) {
	if v.IsNull() || !v.IsKnown() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), true
	case cty.Bool:
		return fmt.Sprint(v.True()), true
	}
	return "", false
}

// isDirective reports whether a template part is a %{...} directive.
func isDirective(x hexpr) bool {
	r := x.e.Range()
	return r.Start.Byte+1 < len(x.f.Data) && x.f.Data[r.Start.Byte] == '%' && x.f.Data[r.Start.Byte+1] == '{'
}

// call evaluates the few functions that build names; the rest become
// symbols.
func (m *tfModule) call(x hexpr, e *hclsyntax.FunctionCallExpr, depth int) (string, bool) {
	args := make([]string, len(e.Args))
	known := true
	for i, a := range e.Args {
		s, ok := m.str(x.sub(a), depth+1)
		args[i], known = s, known && ok
	}
	switch e.Name {
	case "lower", "upper", "tostring", "trimspace", "chomp", "replace", "trimprefix", "trimsuffix", "trim":
		if len(args) >= 1 && known && !slices.ContainsFunc(args, iam.HasSym) {
			if r, err := rewrite(rendering{text: args[0], offs: make([]int, len(args[0])+1)}, e.Name, args[1:]); err == nil {
				return r.text, true
			}
		}
	case "format":
		if len(args) >= 1 && known && !strings.ContainsAny(strings.ReplaceAll(args[0], "%s", ""), "%") {
			parts := strings.Split(args[0], "%s")
			if len(parts)-1 == len(args)-1 {
				var b strings.Builder
				for i, p := range parts {
					b.WriteString(p)
					if i+1 < len(parts) {
						b.WriteString(args[i+1])
					}
				}
				return b.String(), true
			}
		}
	case "join":
		if len(e.Args) == 2 && args[0] != "" && !iam.HasSym(args[0]) {
			if list, ok := m.items(x.sub(e.Args[1]), depth+1); ok {
				vals := make([]string, len(list))
				for i, it := range list {
					v, ok := m.str(it, depth+1)
					if !ok {
						return x.opaque(), true
					}
					vals[i] = v
				}
				return strings.Join(vals, args[0]), true
			}
		}
	}
	return x.opaque(), true
}

// items returns the elements of a list written out as a tuple, following
// locals and concat(); ok is false when the list is not known.
func (m *tfModule) items(x hexpr, depth int) ([]hexpr, bool) {
	if depth > maxEvalDepth {
		return nil, false
	}
	if x.elsewhere(m) {
		return x.mod.items(x, depth)
	}
	switch e := x.e.(type) {
	case *hclsyntax.TupleConsExpr:
		out := make([]hexpr, len(e.Exprs))
		for i, it := range e.Exprs {
			out[i] = x.sub(it)
		}
		return out, true
	case *hclsyntax.ParenthesesExpr:
		return m.items(x.sub(e.Expression), depth+1)
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "concat", "flatten":
			var out []hexpr
			for _, a := range e.Args {
				l, ok := m.items(x.sub(a), depth+1)
				if !ok {
					return nil, false
				}
				out = append(out, l...)
			}
			return out, true
		case "tolist", "toset", "distinct", "compact":
			if len(e.Args) == 1 {
				return m.items(x.sub(e.Args[0]), depth+1)
			}
		}
	case *hclsyntax.ScopeTraversalExpr:
		if d, ok := m.follow(x, refNames(e)); ok {
			return m.items(d, depth+1)
		}
	}
	return nil, false
}

// follow returns the expression a local or a template variable stands
// for, a variable's argument in the module call that made this instance,
// or its literal default. The result carries the module it belongs to, so
// that whoever evaluates it does so in that module's scope.
func (m *tfModule) follow(x hexpr, names []string) (hexpr, bool) {
	if x.elsewhere(m) {
		return x.mod.follow(x, names)
	}
	if v, ok := x.bound[first(names)]; ok {
		return v, len(names) == 1 && v.e != nil
	}
	if x.vars != nil {
		if len(names) == 1 {
			v, ok := x.vars[names[0]]
			return v, ok
		}
		return hexpr{}, false
	}
	if len(names) != 2 {
		return hexpr{}, false
	}
	switch names[0] {
	case "local":
		if l, ok := m.locals[names[1]]; ok {
			l.mod = m
			return l, true
		}
	case "var":
		if m.via != nil {
			if a, ok := m.via.attr(names[1]); ok {
				a.mod = m.parent
				return a, true
			}
		}
		if v, ok := m.vars[names[1]]; ok {
			if d := v.body().Attributes["default"]; d != nil && len(d.Expr.Variables()) == 0 {
				return hexpr{f: v.f, e: d.Expr, mod: m}, true
			}
		}
	}
	return hexpr{}, false
}

// ref evaluates a reference.
func (m *tfModule) ref(x hexpr, names []string, depth int) (string, bool) {
	joined := strings.Join(names, ".")
	if v, ok := x.bound[names[0]]; ok {
		return m.member(v, names, depth)
	}
	if x.vars != nil {
		// In a template file only its variables are in scope.
		return m.member(x.vars[names[0]], names, depth)
	}
	switch names[0] {
	case "var":
		if len(names) == 2 {
			if v, ok := m.linked(names[1]); ok {
				// The provider's Region or account, whatever the
				// variable is set to.
				return v, true
			}
		}
		if len(names) >= 2 {
			if d, ok := m.follow(x, names[:2]); ok && len(names) == 2 {
				if s, ok := m.str(d, depth+1); ok {
					return s, true
				}
			}
		}
		return iam.Sym(joined), true
	case "local":
		if len(names) >= 2 {
			key := "local." + names[1]
			if l, ok := m.locals[names[1]]; ok && !m.visiting[key] {
				m.visiting[key] = true
				defer delete(m.visiting, key)
				if len(names) == 2 {
					return m.str(l, depth+1)
				}
				if obj, ok := l.e.(*hclsyntax.ObjectConsExpr); ok && len(names) == 3 {
					if item := objectItem(l, obj, names[2]); item != nil {
						return m.str(l.sub(item), depth+1)
					}
				}
			}
		}
		return iam.Sym(joined), true
	case "path":
		if len(names) == 2 && names[1] == "module" {
			return m.rel, true
		}
		return iam.Sym(joined), true
	case "data":
		if len(names) >= 4 {
			if s, ok := m.dataAttr(names[1], names[2], names[3], depth); ok {
				return s, true
			}
		}
		return iam.Sym(joined), true
	case "module", "each", "count", "self", "terraform":
		return iam.Sym(joined), true
	}
	if len(names) >= 3 {
		if s, ok := m.identity(names[0], names[1], names[2], depth); ok {
			return s, true
		}
	}
	return iam.Sym(joined), true
}

// member evaluates a name bound to v in a template (a variable, or what a
// %{ for } iterates), or an attribute of it (names[1]); without v, the
// name stands for a value not known here.
func (m *tfModule) member(v hexpr, names []string, depth int) (string, bool) {
	if v.e == nil {
		return iam.Sym(strings.Join(names, ".")), true
	}
	if len(names) == 1 {
		return m.str(v, depth+1)
	}
	if obj, ok := v.e.(*hclsyntax.ObjectConsExpr); ok {
		if item := objectItem(v, obj, names[1]); item != nil {
			return m.str(v.sub(item), depth+1)
		}
	}
	return iam.Sym(strings.Join(names, ".")), true
}

func first(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// objectItem returns the value of key in an object constructor.
func objectItem(x hexpr, obj *hclsyntax.ObjectConsExpr, key string) hclsyntax.Expression {
	for _, it := range obj.Items {
		if k, ok := objectKey(x.sub(it.KeyExpr)); ok && k == key {
			return it.ValueExpr
		}
	}
	return nil
}

// objectKey reads the key of an object item: a bare name or a string.
func objectKey(x hexpr) (string, bool) {
	e := x.e
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if name := hcl.ExprAsKeyword(k.Wrapped); name != "" && !k.ForceNonLiteral {
			return name, true
		}
		e = k.Wrapped
	}
	if t, ok := e.(*hclsyntax.TemplateExpr); ok && len(t.Parts) == 1 {
		if l, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr); ok {
			return literalString(l.Val)
		}
	}
	if l, ok := e.(*hclsyntax.LiteralValueExpr); ok {
		return literalString(l.Val)
	}
	return "", false
}

// dataAttr evaluates an attribute of a data source that names the
// deployment.
func (m *tfModule) dataAttr(typ, name, attr string, depth int) (string, bool) {
	switch typ + "." + attr {
	case "aws_region.name", "aws_region.id", "aws_region.region":
		b := m.data[typ+"."+name]
		if b == nil {
			return m.region, true
		}
		for _, arg := range []string{"region", "name"} {
			// The data source looks up the Region it names.
			if x, ok := b.attr(arg); ok {
				if v, ok := m.str(x, depth+1); ok && v != "" {
					return v, true
				}
			}
		}
		return m.regionOf(b), true
	case "aws_caller_identity.account_id":
		return m.account, true
	case "aws_partition.partition", "aws_partition.id":
		return m.partition, true
	case "aws_partition.dns_suffix":
		return "amazonaws.com", true
	case "aws_iam_policy.arn":
		if b := m.data[typ+"."+name]; b != nil {
			if a := b.body().Attributes["arn"]; a != nil {
				return m.str(hexpr{f: b.f, e: a.Expr}, depth+1)
			}
		}
	}
	return "", false
}

func (m *tfModule) arn(service, rest string) string {
	return "arn:" + m.partition + ":" + service + ":" + m.region + ":" + m.account + ":" + rest
}

// identity gives a resource attribute that names the resource (its ARN,
// name or URL) as the identity table says.
func (m *tfModule) identity(typ, label, attr string, depth int) (string, bool) {
	b := m.res[typ+"."+label]
	if b == nil || m.visiting[b.addr()] || depth > maxEvalDepth {
		return "", false
	}
	m.visiting[b.addr()] = true
	defer delete(m.visiting, b.addr())
	return project.Identity(project.TFIdentity, typ, attr, project.IdentityEnv{
		Partition: m.partition, Region: m.regionOf(b), Account: m.account, Symbol: b.addr(),
		Prop: func(name string) (string, bool) {
			x, _ := b.attr(name)
			return m.str(x, depth+1)
		},
	})
}

// toNode builds the node tree of a value written in HCL, as jsonencode
// would turn it into JSON, with every node at the bytes of the expression
// it comes from. Values that are not written out become strings holding
// their symbolic value.
func (m *tfModule) toNode(x hexpr, depth int) *node.Node {
	if x.e == nil {
		return nil
	}
	r := x.e.Range()
	at := func(n *node.Node) *node.Node { n.Pos, n.End = r.Start.Byte, r.End.Byte; return n }
	if depth > maxEvalDepth {
		return at(&node.Node{Kind: node.Scalar, Style: node.String, Value: x.opaque()})
	}
	if x.elsewhere(m) {
		return x.mod.toNode(x, depth)
	}
	switch e := x.e.(type) {
	case *hclsyntax.ObjectConsExpr:
		n := at(&node.Node{Kind: node.Map})
		for _, it := range e.Items {
			kx := x.sub(it.KeyExpr)
			k, ok := objectKey(kx)
			if !ok {
				k, _ = m.str(kx, depth+1)
			}
			n.Keys = append(n.Keys, rangeNode(it.KeyExpr.Range(), k))
			n.Values = append(n.Values, m.toNode(x.sub(it.ValueExpr), depth+1))
		}
		return n
	case *hclsyntax.TupleConsExpr:
		n := at(&node.Node{Kind: node.Seq})
		for _, it := range e.Exprs {
			n.Items = append(n.Items, m.toNode(x.sub(it), depth+1))
		}
		return n
	case *hclsyntax.ParenthesesExpr:
		return m.toNode(x.sub(e.Expression), depth+1)
	case *hclsyntax.LiteralValueExpr:
		n := at(&node.Node{Kind: node.Scalar})
		switch {
		case e.Val.IsNull():
			n.Style = node.Null
		case e.Val.Type() == cty.Number:
			n.Style = node.Number
		case e.Val.Type() == cty.Bool:
			n.Style = node.Bool
		default:
			n.Style = node.String
		}
		n.Value, _ = literalString(e.Val)
		return n
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "merge":
			n := at(&node.Node{Kind: node.Map})
			for _, a := range e.Args {
				sub := m.toNode(x.sub(a), depth+1)
				if sub == nil || sub.Kind != node.Map {
					return at(&node.Node{Kind: node.Scalar, Style: node.String, Value: x.opaque()})
				}
				for i, k := range sub.Keys {
					if j := keyIndex(n, k.Value); j >= 0 {
						n.Keys[j], n.Values[j] = k, sub.Values[i]
						continue
					}
					n.Keys = append(n.Keys, k)
					n.Values = append(n.Values, sub.Values[i])
				}
			}
			return n
		case "concat", "flatten", "tolist", "toset", "distinct", "compact":
			if list, ok := m.items(x, depth+1); ok {
				n := at(&node.Node{Kind: node.Seq})
				for _, it := range list {
					n.Items = append(n.Items, m.toNode(it, depth+1))
				}
				return n
			}
		}
	case *hclsyntax.ScopeTraversalExpr:
		names := refNames(e)
		key := strings.Join(names, ".")
		if d, ok := m.follow(x, names); ok && !m.visiting[key] {
			switch d.e.(type) {
			case *hclsyntax.ObjectConsExpr, *hclsyntax.TupleConsExpr, *hclsyntax.FunctionCallExpr:
				m.visiting[key] = true
				n := m.toNode(d, depth+1)
				delete(m.visiting, key)
				if n != nil && d.f != x.f {
					// Written in another file: point at the reference.
					node.Remap(n, func(int) int { return r.Start.Byte })
					node.Walk(n, func(c *node.Node) bool { c.End = r.End.Byte; return true })
				}
				if n != nil && (n.Kind != node.Scalar || d.f == x.f) {
					return n
				}
			}
		}
	}
	s, ok := m.str(x, depth+1)
	if !ok {
		return at(&node.Node{Kind: node.Scalar, Style: node.Null})
	}
	return at(&node.Node{Kind: node.Scalar, Style: node.String, Value: s})
}

func keyIndex(n *node.Node, key string) int {
	for i, k := range n.Keys {
		if k.Value == key {
			return i
		}
	}
	return -1
}
