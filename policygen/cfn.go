package policygen

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/cfn"
	"github.com/sfn-lint/sfn-lint/project/serverless"
)

// reference is a value a template or module names a resource by: a
// CloudFormation Ref or Fn::GetAtt, or a Terraform attribute reference.
type reference struct {
	value string // what it resolves to, symbolic
	expr  string // "R" (Ref), "R.Attr" (Fn::GetAtt), or Terraform's expression
}

// references orders the references a value is searched for: longest
// first, so that a resource's ARN is found before a name it holds.
func sortReferences(refs []reference) {
	slices.SortStableFunc(refs, func(a, b reference) int { return len(b.value) - len(a.value) })
}

// partOf reports whether a reference may stand for part of a longer
// value: an ARN, or a value with a symbol in it. A name written out
// ("orders") is recognised only as the whole value.
func partOf(r reference) bool {
	return strings.HasPrefix(r.value, "arn:") || iam.HasSym(r.value)
}

// boundary reports whether a reference found at the start of rest ends
// where a resource's name ends.
func boundary(rest string) bool {
	return rest == "" || strings.ContainsAny(rest[:1], ":/*") || strings.HasPrefix(rest, "\uE000")
}

// cfnWriter writes values as a CloudFormation template does: a resource
// of the template by Ref or Fn::GetAtt, and anything else not known
// before deploy in an Fn::Sub.
type cfnWriter struct {
	refs   []reference
	whole  map[string]string // value -> "R" or "R.Attr"
	params map[string]bool
	// pseudoPartition: the template writes the partition as
	// ${AWS::Partition} (or nowhere literally).
	pseudoPartition bool
	// serverless: the file is a Serverless Framework service, which
	// resolves its own variables (${sls:stage}, ${env:NAME}) before
	// CloudFormation reads it.
	serverless bool
	// exprs are the expressions of the template sfn-lint does not
	// evaluate, by the key of their symbols.
	exprs map[string]*node.Node
	// widened is set when a value the template cannot name had to be
	// written as "*".
	widened []string
}

var literalPartitionRE = regexp.MustCompile(`arn:aws(?:-[a-z]+)*:`)

// newCFNWriter reads the references of the template m is defined in.
func newCFNWriter(m *project.Machine) *cfnWriter {
	w := &cfnWriter{whole: map[string]string{}, params: map[string]bool{}, exprs: expressions(m.File.Root)}
	w.serverless = m.File.Kind == serverless.Serverless
	w.pseudoPartition = bytes.Contains(m.File.Data, []byte("AWS::Partition")) || !literalPartitionRE.Match(m.File.Data)
	t, _ := m.Scope.(*cfn.Template)
	if t == nil {
		return w
	}
	root := m.File.Root
	if ps := root.Get("Parameters"); ps != nil {
		for _, k := range ps.Keys {
			w.params[k.Value] = true
		}
	}
	if rs := root.Get("resources"); rs != nil { // the Serverless Framework's
		if ps := rs.Get("Parameters"); ps != nil {
			for _, k := range ps.Keys {
				w.params[k.Value] = true
			}
		}
	}
	res := t.Resources()
	if res == nil {
		return w
	}
	for i, k := range res.Keys {
		typ := cfn.TypeOf(res.Values[i])
		for _, attr := range project.IdentityAttrs(project.CFNIdentity, typ) {
			var v, expr string
			if attr == "" {
				v, expr = t.Ref(k.Value), k.Value
			} else {
				v, expr = t.GetAtt(k.Value, attr), k.Value+"."+attr
			}
			if _, dup := w.whole[v]; !dup {
				w.whole[v] = expr
				w.refs = append(w.refs, reference{value: v, expr: expr})
			}
		}
	}
	sortReferences(w.refs)
	return w
}

// write turns a symbolic value into a string, or a Ref, Fn::GetAtt or
// Fn::Sub.
func (w *cfnWriter) write(v string) value {
	if expr, ok := w.whole[v]; ok {
		return refValue(expr)
	}
	if name, ok := iam.IsSym(v); ok {
		if w.params[name] || strings.HasPrefix(name, "AWS::") {
			return fn{name: "Ref", arg: name}
		}
		if e := w.expr(name); e != nil {
			return e
		}
	}
	var vars mapping
	partition := ""
	if w.pseudoPartition {
		partition = "${AWS::Partition}"
	}
	s := interpolate(v, partition, w.refs, func(sym string) string {
		if name, _ := iam.IsSym(sym); iam.IsExpr(name) {
			if e := w.expr(name); e != nil {
				// Fn::Sub names an expression through a variable.
				vars = append(vars, entry{fmt.Sprintf("Value%d", len(vars)+1), e})
				return "${" + vars[len(vars)-1].key + "}"
			}
		}
		return w.symbol(sym)
	}, func(rest string) (string, int) {
		if strings.HasPrefix(rest, "${") {
			return "${!", 2 // literal text, as Fn::Sub escapes it
		}
		return rest[:1], 1
	})
	switch inner, ok := strings.CutPrefix(s, "${"); {
	case !strings.Contains(s, "${"):
		return s
	case len(vars) > 0:
		return fn{name: "Sub", arg: s, vars: vars}
	case ok && strings.HasSuffix(inner, "}") && !strings.ContainsAny(inner[:len(inner)-1], "${}"):
		return refValue(inner[:len(inner)-1])
	}
	return fn{name: "Sub", arg: s}
}

// expressions indexes the intrinsic functions of a template by the key
// of the symbols they stand for (see cfn's exprSym).
func expressions(root *node.Node) map[string]*node.Node {
	out := map[string]*node.Node{}
	node.Walk(root, func(n *node.Node) bool {
		if fn, _ := node.Intrinsic(n); fn != "" {
			key := node.Inline(n, maxExprKey)
			if strings.HasSuffix(key, "…") {
				key += fmt.Sprintf("@%d", n.Pos)
			}
			if _, dup := out[key]; !dup {
				out[key] = n
			}
		}
		return true
	})
	return out
}

// maxExprKey is cfn's bound on the text of an expression's key.
const maxExprKey = 4096

// expr returns the expression a symbol stands for, as the template
// writes it, or nil.
func (w *cfnWriter) expr(name string) value {
	_, key, ok := strings.Cut(name, "\uE002")
	if !ok {
		return nil
	}
	if s, ok := strings.CutPrefix(key, "ImportValue:"); ok {
		return mapping{{"Fn::ImportValue", w.write(s)}}
	}
	if n := w.exprs[key]; n != nil {
		return raw{n}
	}
	return nil
}

// refValue is the function that names a resource or parameter: Ref, or
// Fn::GetAtt for an attribute.
func refValue(expr string) value {
	if strings.Contains(expr, ".") {
		return fn{name: "GetAtt", arg: expr}
	}
	return fn{name: "Ref", arg: expr}
}

// interpolate writes a symbolic value as text with ${...} in it: a
// partition written out at its start as partition says ("" leaves it),
// each reference of refs it holds as ${expr}, each symbol as sym says, and
// the rest as lit says of the text that starts there (what it writes, and
// how many bytes it stands for).
func interpolate(v, partition string, refs []reference, sym func(string) string, lit func(string) (string, int)) string {
	var b strings.Builder
	rest := v
	if partition != "" {
		if loc := literalPartitionRE.FindStringIndex(rest); loc != nil && loc[0] == 0 {
			b.WriteString("arn:" + partition + ":")
			rest = rest[loc[1]:]
		}
	}
	for rest != "" {
		if r, ok := refAt(refs, rest); ok {
			b.WriteString("${" + r.expr + "}")
			rest = rest[len(r.value):]
			continue
		}
		if end := strings.IndexRune(rest, '\uE001'); strings.HasPrefix(rest, "\uE000") && end > 0 {
			one := rest[:end+len("\uE001")]
			b.WriteString(sym(one))
			rest = rest[len(one):]
			continue
		}
		text, n := lit(rest)
		b.WriteString(text)
		rest = rest[n:]
	}
	return b.String()
}

// refAt finds the reference whose value rest starts with.
func refAt(refs []reference, rest string) (reference, bool) {
	for _, r := range refs {
		if partOf(r) && strings.HasPrefix(rest, r.value) && boundary(rest[len(r.value):]) {
			return r, true
		}
	}
	return reference{}, false
}

// subNameRE matches what Fn::Sub can name: a parameter, a pseudo
// parameter, or a resource's attribute.
var subNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(::[A-Za-z]+)?(\.[A-Za-z0-9.]+)?$`)

// serverlessVarRE matches the Serverless Framework's variables.
var serverlessVarRE = regexp.MustCompile(`^(self|sls|opt|env|ssm|aws|cf|s3|param|file\([^)]*\)):[^{}]*$`)

// symbol writes one symbol inside an Fn::Sub, or "*" for one the template
// cannot name here (an expression, a value another stack exports).
func (w *cfnWriter) symbol(sym string) string {
	name, _ := iam.IsSym(sym)
	if iam.Placeholder(name) {
		return "*"
	}
	if !iam.IsGenerated(sym) && !iam.IsExpr(name) && (subNameRE.MatchString(name) || w.serverless && serverlessVarRE.MatchString(name)) {
		return "${" + name + "}"
	}
	w.widened = append(w.widened, iam.Display(sym))
	return "*"
}
