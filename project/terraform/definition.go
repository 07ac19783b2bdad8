package terraform

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// readDefinition reads a definition argument: JSON in a string or heredoc,
// jsonencode() of an HCL object, file(), templatefile(), a template_file
// data source, or a local holding one of these.
func (m *tfModule) readDefinition(mc *project.Machine, x hexpr, depth int) {
	fail := func(format string, args ...any) {
		if mc.Unbound == "" {
			mc.Unbound = fmt.Sprintf(format, args...)
		}
	}
	if depth > maxEvalDepth {
		fail("its definition cannot be read")
		return
	}
	if x.elsewhere(m) {
		x.mod.readDefinition(mc, x, depth+1)
		return
	}
	switch e := x.e.(type) {
	case *hclsyntax.TemplateWrapExpr:
		m.readDefinition(mc, x.sub(e.Wrapped), depth+1)
	case *hclsyntax.ParenthesesExpr:
		m.readDefinition(mc, x.sub(e.Expression), depth+1)
	case *hclsyntax.TemplateExpr:
		r := e.Range()
		quoted := r.Start.Byte < len(x.f.Data) && x.f.Data[r.Start.Byte] == '"'
		text, mapOff, opaque, err := m.templateJSON(x, quoted)
		if err != nil {
			fail("its definition %v", err)
			return
		}
		m.parseDefinition(mc, x.f, text, mapOff, opaque)
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "jsonencode":
			if len(e.Args) == 1 {
				// A definition held in a local is read where it is written.
				arg := x.sub(e.Args[0])
				for i := 0; i < maxEvalDepth; i++ {
					d, ok := m.follow(arg, refNames(arg.e))
					if _, isRef := arg.e.(*hclsyntax.ScopeTraversalExpr); !ok || !isRef {
						break
					}
					arg = d
				}
				if call, ok := arg.e.(*hclsyntax.FunctionCallExpr); ok && (call.Name == "yamldecode" || call.Name == "jsondecode") && len(call.Args) == 1 {
					// A JSON or YAML file re-encoded: read as the file was parsed.
					if inner, ok := call.Args[0].(*hclsyntax.FunctionCallExpr); ok && inner.Name == "file" {
						if f := m.fileArg(mc, arg, inner); f != nil {
							m.p.UseDefinition(f.Path)
							if f.Root == nil {
								fail("its definition file %s cannot be parsed", f.Path)
								return
							}
							m.useDefinition(mc, f, f.Root)
						}
						return
					}
				}
				n := m.toNode(arg, 0)
				if n == nil || n.Kind != node.Map {
					what := arg.brief()
					if call, ok := arg.e.(*hclsyntax.FunctionCallExpr); ok {
						what = call.Name + "()"
					}
					fail("its definition is computed by %s, which is not evaluated here", what)
					return
				}
				m.useDefinition(mc, arg.f, n)
				return
			}
		case "file":
			if f := m.fileArg(mc, x, e); f != nil {
				m.readJSONFile(mc, f)
			}
			return
		case "templatefile":
			f := m.fileArg(mc, x, e)
			if f == nil {
				return
			}
			var vars map[string]hexpr
			if len(e.Args) == 2 {
				vars = m.templateVars(x.sub(e.Args[1]))
			}
			m.readTemplateFile(mc, f, vars)
			return
		}
		fail("its definition is computed by %s(), which is not evaluated here", e.Name)
	case *hclsyntax.ScopeTraversalExpr:
		names := refNames(e)
		joined := strings.Join(names, ".")
		switch {
		case x.vars == nil && len(names) == 2 && names[0] == "local":
			if l, ok := m.locals[names[1]]; ok {
				m.readDefinition(mc, l, depth+1)
				return
			}
		case x.vars == nil && len(names) == 4 && names[0] == "data" && names[1] == "template_file" && names[3] == "rendered":
			m.templateFileData(mc, names[2])
			return
		case x.vars == nil && len(names) == 4 && names[0] == "data" && names[1] == "local_file" && names[3] == "content":
			if b := m.data["local_file."+names[2]]; b != nil {
				if ax, ok := b.attr("filename"); ok {
					if f := m.fileAt(mc, ax, "filename"); f != nil {
						m.readJSONFile(mc, f)
					}
					return
				}
			}
		case x.vars == nil && len(names) >= 2 && names[0] == "var":
			if d, ok := m.follow(x, names[:2]); ok && d.elsewhere(m) && len(names) == 2 {
				m.readDefinition(mc, d, depth+1)
				return
			}
			fail("its definition comes from the variable var.%s", names[1])
			return
		}
		fail("its definition comes from %s, which is not read here", joined)
	default:
		fail("its definition is computed in a way that is not read here")
	}
}

// fileArg finds the file a file() or templatefile() call reads, relative to
// the module; nil (with the reason set) when it is not among the files.
func (m *tfModule) fileArg(mc *project.Machine, x hexpr, e *hclsyntax.FunctionCallExpr) *project.File {
	if len(e.Args) == 0 {
		mc.Unbound = fmt.Sprintf("its definition's %s() names no file", e.Name)
		return nil
	}
	return m.fileAt(mc, x.sub(e.Args[0]), e.Name+"()")
}

// fileAt finds the file a path expression names, relative to the module.
func (m *tfModule) fileAt(mc *project.Machine, ax hexpr, what string) *project.File {
	rel, ok := m.str(ax, 0)
	if !ok || iam.HasSym(rel) {
		mc.Unbound = fmt.Sprintf("its definition file %s is not known before deploy", ax.brief())
		return nil
	}
	want := path.Clean(rel)
	if !path.IsAbs(rel) {
		// Terraform reads relative paths from the root module's directory;
		// a module called from another finds its own with path.module.
		want = path.Join(m.root().dir, rel)
	}
	f, err := m.p.Open(want)
	if err != nil {
		r := ax.e.Range()
		m.p.Problems = append(m.p.Problems, project.Problem{File: ax.f, Pos: r.Start.Byte, End: r.End.Byte,
			Msg: fmt.Sprintf("%s: %q does not exist", what, rel)})
		mc.Unbound = "its definition names a file that does not exist"
		return nil
	}
	return f
}

// readJSONFile reads a definition from a file Terraform passes as it is,
// which must be JSON.
func (m *tfModule) readJSONFile(mc *project.Machine, f *project.File) {
	m.p.UseDefinition(f.Path)
	root := f.Root
	if root == nil || !strings.EqualFold(path.Ext(f.Path), ".json") {
		m.p.DropProblems(f)
		var err error
		if root, err = node.ParseJSON(f.Data); err != nil {
			m.jsonError(f, err, "definition")
			return
		}
	}
	m.useDefinition(mc, f, root)
}

// templateVars reads the variables of a templatefile() call or a
// template_file data source.
func (m *tfModule) templateVars(x hexpr) map[string]hexpr {
	vars := map[string]hexpr{}
	if names := refNames(x.e); names != nil {
		if d, ok := m.follow(x, names); ok {
			x = d
		}
	}
	if obj, ok := x.e.(*hclsyntax.ObjectConsExpr); ok {
		for _, it := range obj.Items {
			if k, ok := objectKey(x.sub(it.KeyExpr)); ok {
				vars[k] = x.sub(it.ValueExpr)
			}
		}
	}
	return vars
}

// readTemplateFile reads a definition from a template file: its ${name}
// placeholders take the values of vars.
func (m *tfModule) readTemplateFile(mc *project.Machine, f *project.File, vars map[string]hexpr) {
	m.p.UseDefinition(f.Path)
	if f.Root == nil {
		// Placeholders outside strings keep the file from parsing as
		// JSON on its own; it is reported below if it is broken.
		m.p.DropProblems(f)
	}
	if vars == nil {
		vars = map[string]hexpr{}
	}
	tmpl, diags := hclsyntax.ParseTemplate(f.Data, f.Path, hcl.InitialPos)
	if diags.HasErrors() {
		d := diags[0]
		pr := project.Problem{File: f, Msg: "cannot parse template: " + strings.TrimSuffix(d.Summary, ".")}
		if d.Subject != nil {
			pr.Pos, pr.End = d.Subject.Start.Byte, d.Subject.End.Byte
		}
		m.p.Problems = append(m.p.Problems, pr)
		mc.Unbound = "its definition template cannot be parsed"
		return
	}
	x := hexpr{f: f, e: tmpl, vars: vars}
	if w, ok := tmpl.(*hclsyntax.TemplateWrapExpr); ok {
		m.readDefinition(mc, x.sub(w.Wrapped), 1)
		return
	}
	text, mapOff, opaque, err := m.templateJSON(x, false)
	if err != nil {
		mc.Unbound = fmt.Sprintf("its definition template %v", err)
		return
	}
	m.parseDefinition(mc, f, text, mapOff, opaque)
}

// templateFileData reads a definition rendered by a template_file data
// source from a file.
func (m *tfModule) templateFileData(mc *project.Machine, name string) {
	b := m.data["template_file."+name]
	if b == nil {
		mc.Unbound = fmt.Sprintf("its definition comes from data.template_file.%s, which is not in this module", name)
		return
	}
	tx, ok := b.attr("template")
	if w, isWrap := tx.e.(*hclsyntax.TemplateWrapExpr); ok && isWrap {
		tx = tx.sub(w.Wrapped)
	}
	call, isCall := tx.e.(*hclsyntax.FunctionCallExpr)
	if !ok || !isCall || call.Name != "file" {
		mc.Unbound = fmt.Sprintf("the template of data.template_file.%s is not read from a file", name)
		return
	}
	f := m.fileArg(mc, tx, call)
	if f == nil {
		return
	}
	var vars map[string]hexpr
	if vx, ok := b.attr("vars"); ok {
		vars = m.templateVars(vx)
	}
	m.readTemplateFile(mc, f, vars)
}

// parseDefinition parses JSON text taken from f.
func (m *tfModule) parseDefinition(mc *project.Machine, f *project.File, text string, mapOff func(int) int, opaque map[int]string) {
	root, err := project.ParseMapped(text, false, mapOff)
	if err != nil {
		m.jsonError(f, err, "definition")
		return
	}
	m.useDefinitionWith(mc, f, root, opaque)
}

func (m *tfModule) useDefinition(mc *project.Machine, f *project.File, root *node.Node) {
	m.useDefinitionWith(mc, f, root, nil)
}

// useDefinitionWith reads a definition tree. A structural problem at an
// interpolation whose JSON is not known (opaque) is not the file's fault:
// the machine is left unchecked instead.
func (m *tfModule) useDefinitionWith(mc *project.Machine, f *project.File, root *node.Node, opaque map[int]string) {
	if root == nil {
		return
	}
	sm, probs := asl.Parse(root, iam.PlainResolver)
	partial := ""
	for _, pr := range probs {
		if pr.Node != nil && opaque[pr.Node.Pos] != "" {
			partial = opaque[pr.Node.Pos]
			continue
		}
		m.p.Problem(f, pr.Node, "%s", pr.Msg)
	}
	if f != mc.File {
		mc.DefinitionFile = f
	}
	if partial != "" {
		if mc.Unbound == "" {
			mc.Unbound = fmt.Sprintf("its definition takes part of its structure from ${%s}, which is not evaluated here", partial)
		}
		return
	}
	mc.Definition = sm
}

// jsonError reports JSON that does not parse, at the parser's position.
func (m *tfModule) jsonError(f *project.File, err error, what string) {
	var pe *node.Error
	if errors.As(err, &pe) {
		off := project.Within(f, pe.Offset)
		m.p.Problems = append(m.p.Problems, project.Problem{File: f, Pos: off, End: off, Msg: fmt.Sprintf("cannot parse %s: %s", what, pe.Msg)})
		return
	}
	m.p.Problems = append(m.p.Problems, project.Problem{File: f, Msg: fmt.Sprintf("cannot parse %s: %v", what, err)})
}
