package terraform

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// A definition or policy may be the text of a template, a file or
// jsonencode() passed through functions that rewrite text, such as
// replace(file("flow.json"), "REGION", var.region) or
// trimspace(templatefile(...)). Each function is applied to the rendered
// text, with every byte still mapped to the file it comes from (a
// replacement to the text it replaces).

// textFuncs are the functions applied to rendered text.
var textFuncs = map[string]bool{
	"replace": true, "trimspace": true, "chomp": true, "lower": true, "upper": true,
	"trimprefix": true, "trimsuffix": true, "trim": true, "tostring": true,
}

// texts renders what an argument gives as text; mc records why a file it
// names cannot be read.
func (m *tfModule) texts(mc *project.Machine, x hexpr, depth int) ([]rendering, error) {
	if depth > maxEvalDepth {
		return nil, errors.New("is computed too deeply to be read")
	}
	if x.elsewhere(m) {
		return x.mod.texts(mc, x, depth+1)
	}
	switch e := x.e.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return m.texts(mc, x.sub(e.Wrapped), depth+1)
	case *hclsyntax.ParenthesesExpr:
		return m.texts(mc, x.sub(e.Expression), depth+1)
	case *hclsyntax.TemplateExpr:
		r := e.Range()
		return m.renderTemplate(x, r.Start.Byte < len(x.f.Data) && x.f.Data[r.Start.Byte] == '"')
	case *hclsyntax.ScopeTraversalExpr:
		names := refNames(e)
		if d, ok := m.follow(x, names); ok && len(names) == 2 && (names[0] == "local" || names[0] == "var") {
			return m.texts(mc, d, depth+1)
		}
		return nil, fmt.Errorf("comes from %s, which is not read here", strings.Join(names, "."))
	case *hclsyntax.FunctionCallExpr:
		switch {
		case e.Name == "file" || e.Name == "templatefile":
			return m.fileTexts(mc, x, e)
		case e.Name == "jsonencode" && len(e.Args) == 1:
			var b strings.Builder
			var offs []int
			writeJSON(&b, &offs, m.toNode(x.sub(e.Args[0]), 0))
			r := e.Range()
			return []rendering{{f: x.f, text: b.String(), offs: append(offs, r.End.Byte), start: r.Start.Byte}}, nil
		case textFuncs[e.Name] && len(e.Args) >= 1:
			rs, err := m.texts(mc, x.sub(e.Args[0]), depth+1)
			if err != nil {
				return nil, err
			}
			args := make([]string, len(e.Args)-1)
			for i, a := range e.Args[1:] {
				v, ok := m.str(x.sub(a), depth+1)
				// What replace() puts in may be a value not known here; what
				// the functions look for must be known.
				if !ok || iam.HasSym(v) && (e.Name != "replace" || i != 1) {
					return nil, fmt.Errorf("is computed by %s() with arguments not known here", e.Name)
				}
				args[i] = v
			}
			for i := range rs {
				if rs[i], err = rewrite(rs[i], e.Name, args); err != nil {
					return nil, err
				}
			}
			return rs, nil
		}
		return nil, fmt.Errorf("is computed by %s(), which is not evaluated here", e.Name)
	}
	return nil, fmt.Errorf("is computed in a way that is not read here")
}

// fileTexts renders the file a file() or templatefile() call reads.
func (m *tfModule) fileTexts(mc *project.Machine, x hexpr, e *hclsyntax.FunctionCallExpr) ([]rendering, error) {
	f := m.fileArg(mc, x, e)
	if f == nil {
		return nil, errors.New("names a file that cannot be read")
	}
	if f.Root == nil {
		// What the file says on its own is not what is read.
		m.p.DropProblems(f)
	}
	if e.Name == "file" {
		offs := make([]int, len(f.Data)+1)
		for i := range offs {
			offs[i] = i
		}
		return []rendering{{f: f, text: string(f.Data), offs: offs, raw: true}}, nil
	}
	tmpl, diags := hclsyntax.ParseTemplate(f.Data, f.Path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("reads a template that cannot be parsed")
	}
	var vars map[string]hexpr
	if len(e.Args) == 2 {
		vars = m.templateVars(x.sub(e.Args[1]))
	}
	if vars == nil {
		vars = map[string]hexpr{}
	}
	return m.renderTemplate(hexpr{f: f, e: tmpl, vars: vars}, false)
}

// rewrite applies a text function, with its other arguments, to a
// rendering.
func rewrite(r rendering, fn string, args []string) (rendering, error) {
	arg := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	s := r.text
	switch fn {
	case "trimspace":
		return r.keep(len(s)-len(strings.TrimLeft(s, " \t\r\n")), len(strings.TrimRight(s, " \t\r\n"))), nil
	case "chomp":
		return r.keep(0, len(strings.TrimRight(s, "\r\n"))), nil
	case "trimprefix":
		return r.keep(len(s)-len(strings.TrimPrefix(s, arg(0))), len(s)), nil
	case "trimsuffix":
		return r.keep(0, len(strings.TrimSuffix(s, arg(0)))), nil
	case "trim":
		return r.keep(len(s)-len(strings.TrimLeft(s, arg(0))), len(strings.TrimRight(s, arg(0)))), nil
	case "lower", "upper":
		t := strings.ToLower(s)
		if fn == "upper" {
			t = strings.ToUpper(s)
		}
		if len(t) != len(s) {
			return r, fmt.Errorf("is computed by %s() of text whose offsets it changes", fn)
		}
		r.text = t
		return r, nil
	case "replace":
		search := arg(0)
		if len(search) > 1 && strings.HasPrefix(search, "/") && strings.HasSuffix(search, "/") {
			// A regular expression, whose replacement may name its groups.
			re, err := regexp.Compile(search[1 : len(search)-1])
			if err != nil {
				return r, fmt.Errorf("is computed by replace() with a pattern that does not compile: %w", err)
			}
			return r.replace(re, arg(1), true), nil
		}
		if search == "" {
			return r, errors.New("is computed by replace() of empty text")
		}
		return r.replace(regexp.MustCompile(regexp.QuoteMeta(search)), arg(1), false), nil
	}
	return r, nil
}

// keep is the part [i, j) of a rendering.
func (r rendering) keep(i, j int) rendering {
	j = max(i, j)
	r.text, r.offs = r.text[i:j], append(r.offs[i:j:j], r.mapOff(j))
	return r
}

// replace replaces each match of re, as replace() does, with text or,
// with expand, the expansion of a template naming re's groups; the
// replacement maps to the start of what it replaces.
func (r rendering) replace(re *regexp.Regexp, with string, expand bool) rendering {
	var b strings.Builder
	var offs []int
	last := 0
	for _, loc := range re.FindAllStringSubmatchIndex(r.text, -1) {
		b.WriteString(r.text[last:loc[0]])
		offs = append(offs, r.offs[last:loc[0]]...)
		sub := []byte(with)
		if expand {
			sub = re.ExpandString(nil, with, r.text, loc)
		}
		b.Write(sub)
		for range sub {
			offs = append(offs, r.offs[loc[0]])
		}
		last = loc[1]
	}
	b.WriteString(r.text[last:])
	r.text, r.offs = b.String(), append(offs, r.offs[last:]...)
	return r
}
