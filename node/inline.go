package node

import (
	"strings"
)

// Inline writes a value on one line, the way a flow-style YAML document
// would: sequences as [a, b], maps as {k: v}, strings quoted only when
// they would not read as one value. A CloudFormation short-form tag is
// written as the function it stands for (!If [C, a, b] as Fn::If [C, a, b])
// and a map that is one intrinsic function without its braces, so both
// forms of a template read alike. Writing stops past about limit bytes,
// with an ellipsis.
func Inline(n *Node, limit int) string {
	w := &inliner{limit: limit}
	w.write(n, 0)
	return w.b.String()
}

type inliner struct {
	b     strings.Builder
	limit int
	full  bool
}

func (w *inliner) str(s string) {
	if w.full {
		return
	}
	if w.b.Len()+len(s) > w.limit {
		w.b.WriteString("…")
		w.full = true
		return
	}
	w.b.WriteString(s)
}

// Intrinsic returns the name of the CloudFormation function a node is
// written as (Fn::If, Ref, Condition) and its argument, or "" when it is
// not one.
func Intrinsic(n *Node) (string, *Node) {
	if n == nil {
		return "", nil
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		name := n.Tag[1:]
		if name != "Ref" && name != "Condition" {
			name = "Fn::" + name
		}
		return name, n
	}
	if n.Kind == Map && len(n.Keys) == 1 {
		k := n.Keys[0].Value
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			return k, n.Values[0]
		}
	}
	return "", nil
}

func (w *inliner) write(n *Node, depth int) {
	if n == nil || w.full {
		return
	}
	if depth > 20 {
		w.str("…")
		return
	}
	if fn, arg := Intrinsic(n); fn != "" {
		w.str(fn + " ")
		if arg == n {
			// A tagged node is its own argument: write it untagged.
			untagged := *n
			untagged.Tag = ""
			arg = &untagged
		}
		w.write(arg, depth+1)
		return
	}
	switch n.Kind {
	case Scalar:
		w.str(inlineScalar(n))
	case Seq:
		w.str("[")
		for i, it := range n.Items {
			if i > 0 {
				w.str(", ")
			}
			w.write(it, depth+1)
		}
		w.str("]")
	case Map:
		w.str("{")
		for i, k := range n.Keys {
			if i > 0 {
				w.str(", ")
			}
			w.str(inlineScalar(k) + ": ")
			w.write(n.Values[i], depth+1)
		}
		w.str("}")
	}
}

// inlineScalar writes a scalar plain when it reads as one value in a flow
// collection, and in single quotes otherwise.
func inlineScalar(n *Node) string {
	v := n.Value
	if n.Style == Null && v == "" {
		return "null"
	}
	plain := v != "" && strings.TrimSpace(v) == v && !strings.ContainsAny(v, ",[]{}#'\"\n\t") &&
		!strings.Contains(v, ": ") && !strings.HasSuffix(v, ":") && !strings.ContainsAny(v[:1], "!&*|>%@`-?")
	if n.Style != String || plain {
		return v
	}
	return "'" + strings.ReplaceAll(strings.ReplaceAll(v, "'", "''"), "\n", `\n`) + "'"
}

// Short writes a value as Inline does, in at most max characters: the
// arguments of a function that do not fit are written as an ellipsis, as
// Fn::If [IsProd, …] or Fn::Select [5, Fn::Split [':', …]].
func Short(n *Node, max int) string {
	if s, ok := short(n, max); ok {
		return s
	}
	r := []rune(Inline(n, 4*max))
	return strings.TrimRight(string(r[:max-1]), " ,") + "…"
}

// short writes n in at most max characters, or says it cannot.
func short(n *Node, max int) (string, bool) {
	full := Inline(n, 4*max)
	if runes(full) <= max {
		return full, true
	}
	fn, arg := Intrinsic(n)
	if fn == "" || arg == nil || arg.Kind != Seq || len(arg.Items) == 0 {
		return "", false
	}
	s := fn + " ["
	for i, it := range arg.Items {
		sep := ""
		if i > 0 {
			sep = ", "
		}
		room := max - runes(s) - runes(sep) - len("]")
		if i < len(arg.Items)-1 {
			room -= runes(", …")
		}
		part, ok := short(it, room)
		if !ok {
			if i == 0 {
				return "", false
			}
			s += sep + "…"
			break
		}
		s += sep + part
	}
	return s + "]", runes(s)+1 <= max
}

func runes(s string) int { return len([]rune(s)) }
