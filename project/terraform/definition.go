package terraform

import (
	"cmp"
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
		rs, err := m.renderTemplate(x, quoted)
		if err != nil {
			fail("its definition %v", err)
			return
		}
		m.parseRenderings(mc, rs)
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "jsonencode":
			if len(e.Args) == 1 {
				m.readEncoded(mc, x.sub(e.Args[0]), fail)
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
		if textFuncs[e.Name] {
			rs, err := m.texts(mc, x, depth+1)
			if err != nil {
				fail("its definition %v", err)
				return
			}
			m.parseRenderings(mc, rs)
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

// readEncoded reads a definition written as an HCL value and encoded with
// jsonencode(), or a JSON or YAML file decoded and encoded again.
func (m *tfModule) readEncoded(mc *project.Machine, arg hexpr, fail func(string, ...any)) {
	// A definition held in a local is read where it is written.
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
				mc.Unsubstituted = asWritten
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
	mc.Unsubstituted = escaped
	m.useDefinition(mc, arg.f, n)
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
	f, err := m.p.Open(m.filePath(rel))
	if err != nil {
		r := ax.e.Range()
		m.p.Problems = append(m.p.Problems, project.Problem{File: ax.f, Pos: r.Start.Byte, End: r.End.Byte,
			Msg: fmt.Sprintf("%s: %q %s", what, rel, project.Unreadable(err))})
		mc.Unbound = "its definition names a file that " + project.Unreadable(err)
		return nil
	}
	return f
}

// filePath is the path of the file a path Terraform reads names.
func (m *tfModule) filePath(rel string) string {
	if path.IsAbs(rel) {
		return path.Clean(rel)
	}
	// Terraform reads relative paths from the root module's directory; a
	// module called from another finds its own with path.module.
	return path.Join(m.root().dir, rel)
}

// useFiles records the files an argument reads with file() or
// templatefile(), directly or through locals, variables its caller sets
// and template_file or local_file data sources, as definitions read as
// part of a machine, whether or not the machine can be read here: they are
// not machines of their own.
func (m *tfModule) useFiles(x hexpr, seen map[string]bool, depth int) {
	if x.e == nil || depth > maxEvalDepth {
		return
	}
	if x.elsewhere(m) {
		x.mod.useFiles(x, seen, depth+1)
		return
	}
	use := func(ax hexpr) {
		if rel, ok := m.str(ax, 0); ok && !iam.HasSym(rel) {
			if f, err := m.p.Open(m.filePath(rel)); err == nil {
				m.p.UseDefinition(f.Path)
			}
		}
	}
	_ = hclsyntax.VisitAll(x.e, func(n hclsyntax.Node) hcl.Diagnostics {
		switch e := n.(type) {
		case *hclsyntax.FunctionCallExpr:
			if (e.Name == "file" || e.Name == "templatefile") && len(e.Args) > 0 {
				use(x.sub(e.Args[0]))
			}
		case *hclsyntax.ScopeTraversalExpr:
			names := refNames(e)
			key := fmt.Sprintf("%p %s", m, strings.Join(names, "."))
			if len(names) < 2 || seen[key] {
				break
			}
			seen[key] = true
			switch names[0] {
			case "local", "var":
				if d, ok := m.follow(x.sub(e), names[:2]); ok {
					m.useFiles(d, seen, depth+1)
				}
			case "data":
				if b := m.data[strings.Join(names[1:min(3, len(names))], ".")]; b != nil {
					if ax, ok := b.attr("template"); ok && b.typ == "template_file" {
						m.useFiles(ax, seen, depth+1)
					}
					if ax, ok := b.attr("filename"); ok && b.typ == "local_file" {
						use(ax)
					}
				}
			}
		}
		return nil
	})
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
	mc.Unsubstituted = asWritten
	m.useDefinition(mc, f, root)
}

// asWritten and escaped say why a ${Name} a definition holds as text
// reaches Step Functions so: file() reads a file as it is written, and
// $${Name} in a template or string is the text ${Name}.
func asWritten(string) string {
	return "file() passes the file as it is written, and only templatefile() fills placeholders in"
}

func escaped(name string) string {
	return fmt.Sprintf("$${%s} in a Terraform template or string is the text ${%s}", name, name)
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
	rs, err := m.renderTemplate(x, false)
	if err != nil {
		mc.Unbound = fmt.Sprintf("its definition template %v", err)
		return
	}
	m.parseRenderings(mc, rs)
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

// parseRenderings reads a definition from the renderings of a template.
// Its tasks and Map states are those of every rendering that parses; one
// that only some hold is marked with the directive that may leave it out.
// A rendering that does not parse is a way the directives cannot go,
// unless none parses.
func (m *tfModule) parseRenderings(mc *project.Machine, rs []rendering) {
	roots, used, err := parseEach(rs)
	if len(roots) == 0 {
		m.jsonError(rs[0].f, err, "definition")
		return
	}
	mc.Unsubstituted = escaped
	if used[0].raw {
		mc.Unsubstituted = asWritten
	}
	m.useDefinitionWith(mc, used[0].f, roots[0], used[0].opaque)
	if mc.Definition == nil || len(roots) == 1 {
		return
	}
	all := []*asl.StateMachine{mc.Definition}
	for _, root := range roots[1:] {
		sm, _ := asl.Parse(root, iam.PlainResolver)
		all = append(all, sm)
	}
	mergeDefinitions(all, used)
}

// parseEach parses the renderings that are JSON; err is the first error.
func parseEach(rs []rendering) (roots []*node.Node, used []rendering, err error) {
	for _, r := range rs {
		root, perr := project.ParseMapped(r.text, false, r.mapOff)
		if perr != nil {
			err = cmp.Or(err, perr)
			continue
		}
		roots, used = append(roots, root), append(used, r)
	}
	return roots, used, err
}

// mergeDefinitions gathers into the first definition the tasks and Map
// states of all, each once, and marks those some lack.
func mergeDefinitions(all []*asl.StateMachine, rs []rendering) {
	base := all[0]
	taskKey := func(t *asl.Task) string {
		var b strings.Builder
		writeJSON(&b, nil, t.Args)
		return fmt.Sprintf("%s\x00%d\x00%s\x00%s", t.Path, t.Node.Pos, t.Resource, b.String())
	}
	mapKey := func(mp *asl.Map) string { return fmt.Sprintf("%s\x00%d", mp.Path, mp.Node.Pos) }
	tasks, tn := gather(all, func(sm *asl.StateMachine) []*asl.Task { return sm.Tasks }, taskKey)
	maps, mn := gather(all, func(sm *asl.StateMachine) []*asl.Map { return sm.Maps }, mapKey)
	for _, sm := range all {
		base.States = max(base.States, sm.States)
	}
	for _, t := range tasks {
		if tn[taskKey(t)] < len(all) {
			t.When = leftOut(rs, t.Node.Pos)
		}
	}
	for _, mp := range maps {
		if mn[mapKey(mp)] < len(all) {
			mp.When = leftOut(rs, mp.Node.Pos)
		}
	}
	base.Tasks, base.Maps = tasks, maps
}

// gather lists the items of each rendering's document once, by key, in
// the order they are met, and counts the documents that hold each.
func gather[D, T any](all []D, items func(D) []T, key func(T) string) ([]T, map[string]int) {
	var out []T
	n := map[string]int{}
	for _, sm := range all {
		seen := map[string]bool{}
		for _, it := range items(sm) {
			k := key(it)
			if seen[k] {
				continue
			}
			seen[k] = true
			if n[k]++; n[k] == 1 {
				out = append(out, it)
			}
		}
	}
	return out, n
}

// leftOut names the directive of the template that may leave out what is
// at pos in the file: the innermost unknown one around it.
func leftOut(rs []rendering, pos int) string {
	var best *directive
	for _, r := range rs {
		for i, d := range r.dirs {
			if d.pos <= pos && pos < d.end && (best == nil || d.end-d.pos < best.end-best.pos) {
				best = &r.dirs[i]
			}
		}
	}
	if best == nil {
		return "the template's directives"
	}
	return "the template's " + best.what
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
