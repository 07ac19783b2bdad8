package policygen

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/terraform"
)

// tfWriter writes values as a Terraform module does: a resource of the
// module by its attribute reference, the deployment through the module's
// data sources, and anything else not known before apply as the
// expression the module writes.
type tfWriter struct {
	refs  []reference
	whole map[string]string
	// deploy maps the deployment's symbols to the data source attributes
	// that read them; partition is "" when the module writes it out.
	deploy map[string]string
	// missing are the data sources of the deployment the module does not
	// declare, and declare those the output reads, which it must declare.
	missing, declare []string
	widened          []string
}

// tfDeploy names, for each of the deployment's symbols, the data source
// type that reads it and its attribute.
var tfDeploy = []struct{ sym, typ, attr string }{
	{"AWS::Region", "aws_region", "name"},
	{"AWS::AccountId", "aws_caller_identity", "account_id"},
	{"AWS::Partition", "aws_partition", "partition"},
}

func newTFWriter(m *project.Machine) *tfWriter {
	w := &tfWriter{whole: map[string]string{}, deploy: map[string]string{}}
	for _, r := range terraform.References(m.Scope) {
		if _, dup := w.whole[r.Value]; !dup {
			w.whole[r.Value] = r.Expr
			w.refs = append(w.refs, reference{value: r.Value, expr: r.Expr})
		}
	}
	sortReferences(w.refs)
	data := terraform.DataSources(m.Scope)
	for _, d := range tfDeploy {
		i := slices.IndexFunc(data, func(s string) bool { return strings.HasPrefix(s, d.typ+".") })
		switch {
		case i >= 0:
			w.deploy[d.sym] = "data." + data[i] + "." + d.attr
		case d.sym != "AWS::Partition":
			w.deploy[d.sym] = "data." + d.typ + ".current." + d.attr
			w.missing = append(w.missing, d.typ)
		}
	}
	return w
}

// use records that the output reads a data source the module may not
// declare.
func (w *tfWriter) use(expr string) string {
	for _, d := range tfDeploy {
		if expr == "data."+d.typ+".current."+d.attr && slices.Contains(w.missing, d.typ) && !slices.Contains(w.declare, d.typ) {
			w.declare = append(w.declare, d.typ)
		}
	}
	return expr
}

// tfNameRE matches the symbols that stand for a Terraform expression by
// its text: a variable, local, data source, module output or resource
// attribute.
var tfNameRE = regexp.MustCompile(`^(var|local|data|module)\.[A-Za-z0-9_.\-\[\]"]+$|^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_\-]*\.[A-Za-z0-9_.]+$`)

// fallbackKeyRE matches the key of an expression told apart by where it
// is written rather than by its text.
var fallbackKeyRE = regexp.MustCompile(`^\S+:\d+:\d+$`)

// write turns a symbolic value into an HCL expression.
func (w *tfWriter) write(v string) string {
	if expr, ok := w.whole[v]; ok {
		return expr
	}
	if name, ok := iam.IsSym(v); ok {
		if e := w.expr(name); e != "" {
			return e
		}
	}
	partition := ""
	if p := w.deploy["AWS::Partition"]; p != "" {
		partition = "${" + p + "}"
	}
	s := interpolate(v, partition, w.refs, func(sym string) string {
		name, _ := iam.IsSym(sym)
		switch e := w.expr(name); {
		case iam.Placeholder(name):
			return "*"
		case e != "":
			return "${" + e + "}"
		}
		w.widened = append(w.widened, iam.Display(sym))
		return "*"
	}, func(rest string) (string, int) {
		switch {
		case strings.HasPrefix(rest, "${"), strings.HasPrefix(rest, "%{"):
			return rest[:1] + rest[:2], 2 // $${ and %%{ are literal
		case rest[0] == '"' || rest[0] == '\\':
			return `\` + rest[:1], 1
		case rest[0] == '\n':
			return `\n`, 1
		}
		return rest[:1], 1
	})
	return `"` + s + `"`
}

// expr is the expression a symbol stands for, or "".
func (w *tfWriter) expr(name string) string {
	if e, ok := w.deploy[name]; ok {
		return w.use(e)
	}
	if iam.IsExpr(name) {
		_, key, _ := strings.Cut(name, "\uE002")
		if key != "" && !fallbackKeyRE.MatchString(key) && !strings.ContainsAny(key, "\n\uE000") {
			return key
		}
		return ""
	}
	if tfNameRE.MatchString(name) {
		return name
	}
	return ""
}

// tfLabel turns a name into a Terraform block label.
func tfLabel(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		for _, r := range p {
			switch {
			case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-':
				b.WriteRune(r)
			default:
				b.WriteByte('_')
			}
		}
	}
	s := b.String()
	if s == "" || s[0] >= '0' && s[0] <= '9' || s[0] == '-' {
		s = "sfn_" + s
	}
	return s
}

// writeTerraform writes a document as a data "aws_iam_policy_document"
// block called label.
func writeTerraform(b *strings.Builder, d *Document, w *tfWriter, label string) {
	fmt.Fprintf(b, "data \"aws_iam_policy_document\" %q {\n", label)
	for i, s := range d.Statements {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("  statement {\n")
		fmt.Fprintf(b, "    sid       = %q\n", s.Sid)
		b.WriteString("    effect    = \"Allow\"\n")
		b.WriteString("    actions   = " + tfList(s.Actions, func(a string) string { return `"` + a + `"` }) + "\n")
		b.WriteString("    resources = " + tfList(s.Resources, w.write) + "\n")
		for _, c := range s.Conditions {
			b.WriteString("\n    condition {\n")
			fmt.Fprintf(b, "      test     = %q\n", c.Op)
			fmt.Fprintf(b, "      variable = %q\n", c.Key)
			b.WriteString("      values   = [" + w.write(c.Value) + "]\n")
			b.WriteString("    }\n")
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
}

func tfList(items []string, write func(string) string) string {
	if len(items) == 1 {
		return "[" + write(items[0]) + "]"
	}
	var b strings.Builder
	b.WriteString("[\n")
	for _, it := range items {
		b.WriteString("      " + write(it) + ",\n")
	}
	b.WriteString("    ]")
	return b.String()
}
