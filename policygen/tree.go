package policygen

import (
	"regexp"
	"strings"

	"github.com/sfn-lint/sfn-lint/node"
)

// A policy is written through a small tree of values that YAML and JSON
// both express: strings, CloudFormation functions, lists and mappings in
// the order they are written.
type (
	value   any
	list    []value
	mapping []entry
	entry   struct {
		key string
		val value
	}
	// fn is a CloudFormation function: Ref (arg a string), GetAtt (arg
	// "Resource.Attribute") or Sub (arg the template, with vars the
	// values of the variables it names besides the template's own).
	fn struct {
		name, arg string
		vars      mapping
	}
	// raw is a value as a template writes it: an expression sfn-lint
	// does not evaluate, such as an Fn::If.
	raw struct{ n *node.Node }
)

// plainRE matches the strings YAML reads as the same string unquoted in
// block context: no indicator first, no ": " or " #", not a number.
var plainRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9:/._\-*${}@+=,~]*$`)

var yamlKeywords = map[string]bool{"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true, "null": true, "y": true, "n": true}

func yamlString(s string) string {
	if plainRE.MatchString(s) && !yamlKeywords[strings.ToLower(s)] {
		return s
	}
	return node.Quote(s)
}

// writeYAML writes v as the value of a key (after "key:") or of a list
// item (after "- "), in block style, indented by indent spaces.
func writeYAML(b *strings.Builder, v value, indent int) {
	pad := strings.Repeat(" ", indent)
	switch v := v.(type) {
	case string:
		b.WriteString(" " + yamlString(v) + "\n")
	case fn:
		arg := yamlString(v.arg)
		switch {
		case len(v.vars) > 0:
			arg = "[" + node.Quote(v.arg) + ", " + flowYAML(v.vars) + "]"
		case v.name == "Sub":
			arg = node.Quote(v.arg)
		}
		b.WriteString(" !" + v.name + " " + arg + "\n")
	case raw:
		b.WriteString(" " + flowYAML(v) + "\n")
	case list:
		if len(v) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteString("\n")
		for _, it := range v {
			b.WriteString(pad + "  -")
			writeItem(b, it, indent+4)
		}
	case mapping:
		if len(v) == 0 {
			b.WriteString(" {}\n")
			return
		}
		b.WriteString("\n")
		writeEntries(b, v, indent+2, false)
	}
}

// writeItem writes a list item after its "-": a mapping's first entry on
// the dash's line.
func writeItem(b *strings.Builder, v value, indent int) {
	if m, ok := v.(mapping); ok {
		writeEntries(b, m, indent, true)
		return
	}
	writeYAML(b, v, indent-2)
}

func writeEntries(b *strings.Builder, m mapping, indent int, first bool) {
	pad := strings.Repeat(" ", indent)
	for i, e := range m {
		if i == 0 && first {
			b.WriteString(" ")
		} else {
			b.WriteString(pad)
		}
		b.WriteString(yamlString(e.key) + ":")
		writeYAML(b, e.val, indent)
	}
}

// writeJSON writes v as JSON, indented by indent spaces on each line but
// the first, CloudFormation functions in their long form.
func writeJSON(b *strings.Builder, v value, indent int) {
	pad := strings.Repeat(" ", indent)
	switch v := v.(type) {
	case string:
		b.WriteString(node.Quote(v))
	case fn:
		switch {
		case len(v.vars) > 0:
			b.WriteString(`{"Fn::Sub": [` + node.Quote(v.arg) + ", ")
			writeJSON(b, v.vars, indent)
			b.WriteString("]}")
		case v.name == "GetAtt":
			res, attr, _ := strings.Cut(v.arg, ".")
			b.WriteString(`{"Fn::GetAtt": [` + node.Quote(res) + ", " + node.Quote(attr) + "]}")
		case v.name == "Ref":
			b.WriteString(`{"Ref": ` + node.Quote(v.arg) + "}")
		default:
			b.WriteString(`{"Fn::` + v.name + `": ` + node.Quote(v.arg) + "}")
		}
	case raw:
		b.WriteString(flowJSON(v.n))
	case list:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, it := range v {
			b.WriteString(pad + "  ")
			writeJSON(b, it, indent+2)
			if i < len(v)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(pad + "]")
	case mapping:
		if len(v) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, e := range v {
			b.WriteString(pad + "  " + node.Quote(e.key) + ": ")
			writeJSON(b, e.val, indent+2)
			if i < len(v)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(pad + "}")
	}
}

// flowYAML writes a value on one line in YAML flow style, with
// CloudFormation's short-form tags as the template writes them.
func flowYAML(v value) string {
	switch v := v.(type) {
	case string:
		return node.Quote(v)
	case raw:
		return flowNode(v.n, true)
	case fn:
		if len(v.vars) > 0 {
			return "!Sub [" + node.Quote(v.arg) + ", " + flowYAML(v.vars) + "]"
		}
		return "!" + v.name + " " + node.Quote(v.arg)
	case mapping:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = node.Quote(e.key) + ": " + flowYAML(e.val)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return ""
}

// flowJSON writes a node of a template as JSON, short-form tags in their
// long form.
func flowJSON(n *node.Node) string { return flowNode(n, false) }

func flowNode(n *node.Node, yaml bool) string {
	if n == nil {
		return "null"
	}
	if tag := n.Tag; strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		untagged := *n
		untagged.Tag = ""
		if yaml {
			return tag + " " + flowNode(&untagged, yaml)
		}
		name := tag[1:]
		arg := flowNode(&untagged, yaml)
		switch name {
		case "Ref", "Condition":
		case "GetAtt":
			if res, attr, ok := strings.Cut(n.Value, "."); ok && n.Kind == node.Scalar {
				arg = "[" + node.Quote(res) + ", " + node.Quote(attr) + "]"
			}
			name = "Fn::GetAtt"
		default:
			name = "Fn::" + name
		}
		return "{" + node.Quote(name) + ": " + arg + "}"
	}
	switch n.Kind {
	case node.Seq:
		parts := make([]string, len(n.Items))
		for i, it := range n.Items {
			parts[i] = flowNode(it, yaml)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case node.Map:
		parts := make([]string, len(n.Keys))
		for i, k := range n.Keys {
			parts[i] = node.Quote(k.Value) + ": " + flowNode(n.Values[i], yaml)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	if n.Style == node.String {
		return node.Quote(n.Value)
	}
	if n.Style == node.Null {
		return "null"
	}
	return n.Value
}
