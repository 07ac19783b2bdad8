package terraform

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// A template (a quoted string, a heredoc or a template file) holding JSON
// renders to text to parse, with a map from each offset of that text to the
// file. An interpolation inside a JSON string is written out as its
// symbolic value; one outside a string (where it must produce JSON of its
// own) becomes a string holding the symbol, so the text parses and the
// value stays unknown.
//
// A %{ if } directive whose condition is known renders its branch; one
// whose condition is not known renders each branch in turn, and so does a
// %{ for } over a list that is not known (no element, or one that is not
// known), so a template renders to one text for each way its unknown
// directives can go. What every rendering holds is certain; what only some
// hold depends on the directives.

// rendering is the text a template renders to for one way its directives
// go.
type rendering struct {
	f    *project.File
	text string
	offs []int // the file offset of each byte of text, and one past its end
	// start is where offsets before the text map to.
	start int
	// opaque holds the file offsets of interpolations outside strings
	// whose JSON is not known here, so that what the definition parser
	// says about the placeholder standing for one is not taken for a
	// fault of the file.
	opaque map[int]string
	// dirs are the directives whose condition or list is not known, with
	// the span of what they render.
	dirs []directive
	// raw is set for the text of a file read as it is written.
	raw bool
}

// directive is a %{ if } or %{ for } whose outcome is not known: what it
// is, as written, and the bytes of the file it spans.
type directive struct {
	what     string
	pos, end int
}

func (r rendering) mapOff(off int) int {
	if off < 0 || len(r.offs) == 0 {
		return r.start
	}
	return r.offs[min(off, len(r.offs)-1)]
}

// maxRenderings bounds the ways a template's unknown directives are
// followed: each doubles them.
const maxRenderings = 16

// errDirectives is returned for templates with more unknown directives
// than are followed.
var errDirectives = fmt.Errorf("uses more %%{...} template directives whose outcome is not known than are followed here")

// renderTemplate renders a template for each way its unknown directives
// can go; the first rendering takes every unknown %{ if } to hold and every
// unknown %{ for } to have an element.
func (m *tfModule) renderTemplate(x hexpr, quoted bool) ([]rendering, error) {
	var parts []hclsyntax.Expression
	switch e := x.e.(type) {
	case *hclsyntax.TemplateExpr:
		parts = e.Parts
	case *hclsyntax.TemplateWrapExpr:
		parts = []hclsyntax.Expression{e.Wrapped}
	default:
		return nil, fmt.Errorf("not a template")
	}
	var out []rendering
	var walk func(plan []bool) error
	walk = func(plan []bool) error {
		if len(out) >= maxRenderings {
			return errDirectives
		}
		r := &renderer{m: m, quoted: quoted, plan: plan, opaque: map[int]string{}}
		if err := r.parts(x, parts, 0); err != nil {
			return err
		}
		out = append(out, r.done(x))
		// Each choice made past the plan took its first branch: follow
		// the other too.
		for i := len(plan); i < len(r.taken); i++ {
			if err := walk(append(slices.Clone(r.taken[:i]), !r.taken[i])); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(nil); err != nil {
		return nil, err
	}
	return out, nil
}

// renderer renders a template one way.
type renderer struct {
	m      *tfModule
	quoted bool
	// plan is the branch each unknown directive takes, in the order they
	// are met; past it, the first. taken is what they took.
	plan, taken []bool
	dirs        []directive
	b           strings.Builder
	offs        []int
	opaque      map[int]string
	inStr, esc  bool
}

// choose decides an unknown directive.
func (r *renderer) choose(x hexpr, e hclsyntax.Expression) bool {
	c := true
	if i := len(r.taken); i < len(r.plan) {
		c = r.plan[i]
	}
	r.taken = append(r.taken, c)
	rg := e.Range()
	src := x.sub(e).source()
	if i := strings.Index(src, "}"); i > 0 {
		src = src[:i+1]
	}
	r.dirs = append(r.dirs, directive{what: strings.Join(strings.Fields(src), " "), pos: rg.Start.Byte, end: rg.End.Byte})
	return c
}

func (r *renderer) parts(x hexpr, parts []hclsyntax.Expression, depth int) error {
	for _, part := range parts {
		if err := r.part(x, part, depth); err != nil {
			return err
		}
	}
	return nil
}

// body renders what a directive holds.
func (r *renderer) body(x hexpr, e hclsyntax.Expression, depth int) error {
	if t, ok := e.(*hclsyntax.TemplateExpr); ok {
		return r.parts(x, t.Parts, depth+1)
	}
	return r.part(x, e, depth+1)
}

func (r *renderer) part(x hexpr, part hclsyntax.Expression, depth int) error {
	if depth > maxEvalDepth {
		return errors.New("nests its template directives too deeply")
	}
	px := x.sub(part)
	switch e := part.(type) {
	case *hclsyntax.LiteralValueExpr:
		if e.Val.Type() == cty.String && !e.Val.IsNull() {
			r.literal(x, e)
			return nil
		}
	case *hclsyntax.TemplateWrapExpr:
		return r.part(x, e.Wrapped, depth+1)
	case *hclsyntax.ConditionalExpr:
		if !isDirective(px) {
			break
		}
		c, ok := r.m.str(x.sub(e.Condition), 0)
		switch {
		case ok && c == "true":
			return r.body(x, e.TrueResult, depth)
		case ok && c == "false":
			return r.body(x, e.FalseResult, depth)
		case r.choose(x, part):
			return r.body(x, e.TrueResult, depth)
		}
		return r.body(x, e.FalseResult, depth)
	case *hclsyntax.TemplateJoinExpr:
		if fe, ok := e.Tuple.(*hclsyntax.ForExpr); ok && isDirective(px) {
			return r.forEach(x, part, fe, depth)
		}
	}
	r.interpolation(px)
	return nil
}

// forEach renders a %{ for } directive: its body once per element of a
// list or object that is known, and otherwise either not at all or once
// for an element that is not known.
func (r *renderer) forEach(x hexpr, part hclsyntax.Expression, fe *hclsyntax.ForExpr, depth int) error {
	each := func(k, v hexpr) error { return r.body(x.bind(fe, k, v), fe.ValExpr, depth) }
	keys, vals, ok := r.m.elements(x.sub(fe.CollExpr))
	if !ok {
		if !r.choose(x, part) {
			return nil
		}
		return each(hexpr{}, hexpr{})
	}
	for i := range vals {
		if err := each(keys[i], vals[i]); err != nil {
			return err
		}
	}
	return nil
}

// literal writes a template's literal text.
func (r *renderer) literal(x hexpr, lit *hclsyntax.LiteralValueExpr) {
	rg := lit.Range()
	val := lit.Val.AsString()
	src := x.f.Data[rg.Start.Byte:rg.End.Byte]
	for i, o := range alignLiteral(src, val, r.quoted) {
		r.b.WriteByte(val[i])
		r.offs = append(r.offs, rg.Start.Byte+o)
		c := val[i]
		switch {
		case r.esc:
			r.esc = false
		case r.inStr && c == '\\':
			r.esc = true
		case c == '"':
			r.inStr = !r.inStr
		}
	}
}

// interpolation writes the value of a ${...}.
func (r *renderer) interpolation(px hexpr) {
	rg := px.e.Range()
	var q string
	if call, ok := px.e.(*hclsyntax.FunctionCallExpr); ok && !r.inStr && call.Name == "jsonencode" && len(call.Args) == 1 {
		// JSON written as an HCL value: its text.
		var jb strings.Builder
		writeJSON(&jb, nil, r.m.toNode(px.sub(call.Args[0]), 0))
		q = jb.String()
	} else {
		v, ok := r.m.str(px, 0)
		if !ok {
			v = px.opaque()
		}
		q = node.Quote(v)
		if r.inStr {
			q = q[1 : len(q)-1]
		} else {
			r.opaque[rg.Start.Byte] = px.brief()
		}
	}
	r.b.WriteString(q)
	for range len(q) {
		r.offs = append(r.offs, rg.Start.Byte)
	}
}

func (r *renderer) done(x hexpr) rendering {
	end := x.e.Range().End.Byte
	if n := len(r.offs); n > 0 {
		end = min(end, r.offs[n-1]+1)
	}
	return rendering{f: x.f, text: r.b.String(), offs: append(r.offs, end), start: x.e.Range().Start.Byte,
		opaque: r.opaque, dirs: r.dirs}
}

// elements returns the keys and values of a list or object written out
// (an index for each element of a list), following references; ok is false
// when it is not known.
func (m *tfModule) elements(x hexpr) (keys, vals []hexpr, ok bool) {
	for range maxEvalDepth {
		if obj, isObj := x.e.(*hclsyntax.ObjectConsExpr); isObj {
			for _, it := range obj.Items {
				k := x.sub(it.KeyExpr)
				if name, ok := objectKey(k); ok {
					k.e = &hclsyntax.LiteralValueExpr{Val: cty.StringVal(name), SrcRange: it.KeyExpr.Range()}
				}
				keys, vals = append(keys, k), append(vals, x.sub(it.ValueExpr))
			}
			return keys, vals, true
		}
		if _, isRef := x.e.(*hclsyntax.ScopeTraversalExpr); !isRef {
			break
		}
		d, ok := m.follow(x, refNames(x.e))
		if !ok {
			break
		}
		x = d
	}
	vals, ok = m.items(x, 0)
	for i := range vals {
		keys = append(keys, hexpr{f: x.f, e: &hclsyntax.LiteralValueExpr{Val: cty.NumberIntVal(int64(i)), SrcRange: x.e.Range()}})
	}
	return keys, vals, ok
}

// writeJSON writes a node tree as JSON text; with offs, it records for
// each byte the offset of the node it comes from.
func writeJSON(b *strings.Builder, offs *[]int, n *node.Node) {
	put := func(s string, at *node.Node) {
		b.WriteString(s)
		if offs != nil {
			for range len(s) {
				*offs = append(*offs, at.Pos)
			}
		}
	}
	switch {
	case n == nil:
		b.WriteString("null")
		if offs != nil {
			*offs = append(*offs, 0, 0, 0, 0)
		}
	case n.Kind == node.Map:
		put("{", n)
		for i, k := range n.Keys {
			if i > 0 {
				put(",", n)
			}
			put(node.Quote(k.Value), k)
			put(":", k)
			writeJSON(b, offs, n.Values[i])
		}
		put("}", n)
	case n.Kind == node.Seq:
		put("[", n)
		for i, it := range n.Items {
			if i > 0 {
				put(",", n)
			}
			writeJSON(b, offs, it)
		}
		put("]", n)
	case n.Style == node.Number || n.Style == node.Bool:
		put(n.Value, n)
	case n.Style == node.Null:
		put("null", n)
	default:
		put(node.Quote(n.Value), n)
	}
}

// alignLiteral maps each byte of a template literal's value to its offset
// in the literal's source text. Quoted strings decode escapes; heredocs and
// template files differ from their source only by $${ and %%{ escapes and,
// for <<- heredocs, removed indentation.
func alignLiteral(src []byte, val string, quoted bool) []int {
	out := make([]int, 0, len(val))
	j := 0
	if quoted {
		for j < len(src) && len(out) < len(val) {
			start := j
			var dec []byte
			switch {
			case src[j] == '\\' && j+1 < len(src):
				var width int
				dec, width = node.Unescape(src, j)
				j += width
			case (src[j] == '$' || src[j] == '%') && j+2 < len(src) && src[j+1] == src[j] && src[j+2] == '{':
				dec = []byte{src[j]}
				j += 2
			default:
				dec = []byte{src[j]}
				j++
			}
			for range dec {
				out = append(out, start)
			}
		}
	} else {
		for i := 0; i < len(val); i++ {
			for j < len(src) && src[j] != val[i] {
				j++
			}
			if j >= len(src) {
				break
			}
			out = append(out, j)
			j++
		}
	}
	if len(out) != len(val) {
		// Not aligned: every byte maps to the literal's start.
		out = make([]int, len(val))
	}
	return out[:len(val)]
}
