package checker

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/rules"
)

// A directive silences findings of some rules, for a reason:
//
//	# sfn-lint-ignore SFN501: the audit role reads every bucket on purpose
//
// in a YAML or Terraform comment, on the line of the findings or alone on
// the line above them; in a state's Comment (its findings); in a
// template's or a resource's Metadata under sfn-lint: ignore; or in the
// config, for the statements with a given Sid.
type directive struct {
	file   string
	rules  []string // codes
	reason string
	// line, when set, is the line whose findings it silences; otherwise
	// it silences those within the byte span [pos, end).
	line     int
	pos, end int
	at       Span // where it is written
	text     string
	bad      string // why it cannot be applied
	used     bool
	// ignore is the config entry a directive of the config stands for;
	// notFound marks the directive that stands for one whose Sid no
	// statement has.
	ignore   *Ignore
	notFound bool
}

// directiveKey tells directives apart: the units of a run that read the
// same file find the same directives in it.
type directiveKey struct {
	file           string
	line, pos, end int
	at             Span
	text, bad      string
	ignore         *Ignore
	notFound       bool
}

func (d *directive) key() directiveKey {
	return directiveKey{d.file, d.line, d.pos, d.end, d.at, d.text, d.bad, d.ignore, d.notFound}
}

var directiveRE = regexp.MustCompile(`^[ \t]*([^:]*?)[ \t]*(?::[ \t]*(.*?))?[ \t]*$`)

// parseDirective reads the text after "sfn-lint-ignore" (RULES: REASON)
// into a directive.
func parseDirective(text string) directive {
	d := directive{text: strings.TrimSpace(text)}
	m := directiveRE.FindStringSubmatch(d.text)
	if m == nil {
		d.bad = "is not of the form sfn-lint-ignore RULE: REASON"
		return d
	}
	for _, name := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		r := rules.Lookup(name)
		if r == nil {
			d.bad = fmt.Sprintf("names no rule %q (see sfn-lint rules)", name)
			return d
		}
		d.rules = append(d.rules, r.Code)
	}
	d.reason = m[2]
	switch {
	case len(d.rules) == 0:
		d.bad = "names no rule: write sfn-lint-ignore RULE: REASON"
	case d.reason == "":
		d.bad = "gives no reason: write the reason after the rule, as in sfn-lint-ignore " + m[1] + ": REASON"
	}
	return d
}

// suppress drops the findings the directives of a project's files and of
// the configs silence, and returns the directives, each marked used if it
// silenced one.
func suppress(diags []Diagnostic, proj *rules.Project, configs *configTree) ([]Diagnostic, []directive) {
	if proj == nil {
		return diags, nil
	}
	ds := commentDirectives(proj)
	ds = append(ds, structureDirectives(proj)...)
	ds = append(ds, configDirectives(proj, configs)...)
	if len(ds) == 0 {
		return diags, nil
	}
	out := diags[:0]
	for _, d := range diags {
		if silenced(ds, d) {
			continue
		}
		out = append(out, d)
	}
	return out, ds
}

// directiveFindings reports the directives that are wrong or silence
// nothing, of those the units of a run found and of the config entries
// none found: a directive several units found is used if one of them
// used it.
func directiveFindings(all []directive, configs *configTree) []Diagnostic {
	index := map[directiveKey]int{}
	var ds []directive
	for _, d := range append(all, ignoredNowhere(configs, all)...) {
		k := d.key()
		if i, ok := index[k]; ok {
			ds[i].used = ds[i].used || d.used
			continue
		}
		index[k] = len(ds)
		ds = append(ds, d)
	}
	var out []Diagnostic
	for i := range ds {
		d := &ds[i]
		var msg string
		sev := rules.Suppression.Severity
		switch {
		case d.bad != "":
			msg, sev = fmt.Sprintf("this sfn-lint-ignore %s", d.bad), rules.Error
		case !d.used:
			msg = fmt.Sprintf("sfn-lint-ignore %s silences nothing here: remove it, or move it to the finding it is for", strings.Join(d.rules, ", "))
		default:
			continue
		}
		out = append(out, Diagnostic{Rule: rules.Suppression.Code, Slug: rules.Suppression.Slug, Severity: sev,
			Span: d.at, Message: msg, Key: "sfn-lint-ignore " + d.text})
	}
	return out
}

func silenced(ds []directive, d Diagnostic) bool {
	if d.Input || d.Rule == rules.Suppression.Code {
		return false
	}
	hit := false
	for i := range ds {
		s := &ds[i]
		if s.bad != "" || s.file != d.File || !containsRule(s.rules, d.Rule) {
			continue
		}
		if s.line > 0 && s.line == d.Line || s.line == 0 && s.pos <= d.off && d.end <= s.end {
			s.used, hit = true, true
		}
	}
	return hit
}

func containsRule(codes []string, code string) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

// commentDirectives reads the directives written in comments of YAML and
// Terraform files: # (and // in Terraform) at the start of a line or after
// a blank.
func commentDirectives(proj *rules.Project) []directive {
	var out []directive
	for _, f := range proj.Files {
		ext := strings.ToLower(path.Ext(f.Path))
		if ext == ".json" || !bytes.Contains(f.Data, []byte("sfn-lint-ignore")) {
			continue
		}
		lines := strings.Split(string(f.Data), "\n")
		for i, line := range lines {
			start, text, ok := lineComment(line, ext == ".tf")
			if !ok {
				continue
			}
			d := parseDirective(strings.TrimPrefix(text, "sfn-lint-ignore"))
			d.file = f.Path
			col := len([]rune(line[:start])) + 1
			d.at = Span{File: f.Path, Line: i + 1, Column: col, EndLine: i + 1, EndColumn: len([]rune(line)) + 1}
			d.line = i + 1
			if strings.TrimSpace(line[:start]) == "" {
				d.line = nextCodeLine(lines, i+1, ext == ".tf")
			}
			out = append(out, d)
		}
	}
	return out
}

// lineComment finds a comment in a line that holds a directive: where the
// comment starts, and its text from "sfn-lint-ignore" on.
func lineComment(line string, hcl bool) (int, string, bool) {
	for i := 0; i < len(line); i++ {
		var n int
		switch {
		case line[i] == '#':
			n = 1
		case hcl && strings.HasPrefix(line[i:], "//"):
			n = 2
		default:
			continue
		}
		if i > 0 && line[i-1] != ' ' && line[i-1] != '\t' {
			continue
		}
		text := strings.TrimSpace(line[i+n:])
		if strings.HasPrefix(text, "sfn-lint-ignore") {
			return i, text, true
		}
		return 0, "", false
	}
	return 0, "", false
}

// nextCodeLine is the first line from i (0-based) on that is neither blank
// nor a comment, 1-based; a directive at the end of a file applies to no
// line.
func nextCodeLine(lines []string, i int, hcl bool) int {
	for ; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" || strings.HasPrefix(t, "#") || hcl && strings.HasPrefix(t, "//") {
			continue
		}
		return i + 1
	}
	return -1
}

// structureDirectives reads the directives written in the files'
// structure: a Comment of a state or definition, and Metadata of a
// template or of a resource.
func structureDirectives(proj *rules.Project) []directive {
	var out []directive
	seen := map[*node.Node]bool{}
	for _, m := range proj.Machines {
		if m.Definition == nil || m.Definition.Root == nil {
			continue
		}
		f := m.DefFile()
		node.Walk(m.Definition.Root, func(n *node.Node) bool {
			c := n.Get("Comment")
			text, ok := c.Str()
			if !ok || seen[n] {
				return true
			}
			seen[n] = true
			if i := strings.Index(text, "sfn-lint-ignore"); i >= 0 {
				d := parseDirective(strings.TrimPrefix(text[i:], "sfn-lint-ignore"))
				d.file, d.pos, d.end, d.at = f.Path, n.Pos, n.End, spanOf(f, c)
				out = append(out, d)
			}
			return true
		})
	}
	for _, f := range proj.Files {
		if f.Kind != project.Template || f.Root == nil {
			continue
		}
		out = append(out, metadataDirectives(f, f.Root, f.Root)...)
		if res := f.Root.Get("Resources"); res != nil && res.Kind == node.Map {
			for _, r := range res.Values {
				out = append(out, metadataDirectives(f, r, r)...)
			}
		}
	}
	return out
}

// metadataDirectives reads Metadata: {sfn-lint: {ignore: {RULE: REASON}}}
// of a template or resource, which silences what lies within scope.
func metadataDirectives(f *project.File, holder, scope *node.Node) []directive {
	ig := holder.Get("Metadata").Get("sfn-lint").Get("ignore")
	if ig == nil {
		return nil
	}
	var out []directive
	if ig.Kind != node.Map {
		d := directive{bad: "under Metadata must map rules to reasons, as in ignore: {SFN501: REASON}", file: f.Path, at: spanOf(f, ig)}
		return append(out, d)
	}
	for i, k := range ig.Keys {
		reason, _ := ig.Values[i].Str()
		d := parseDirective(k.Value + ": " + reason)
		d.file, d.pos, d.end, d.at = f.Path, scope.Pos, scope.End, spanOf(f, k)
		out = append(out, d)
	}
	return out
}

// configDirectives reads the ignore entries of the configs that govern
// the project's policy statements, which silence the findings on the
// statements with a given Sid in the files the config governs. An entry
// no statement of the run has is reported by ignoredNowhere.
func configDirectives(proj *rules.Project, configs *configTree) []directive {
	if !configs.ignores {
		return nil
	}
	var out []directive
	for _, st := range policyStatements(proj) {
		c := configs.governing(st.file)
		if c == nil {
			continue
		}
		for i, ig := range c.Ignores {
			if ig.Sid != st.sid {
				continue
			}
			d := configDirective(c, i)
			d.file, d.pos, d.end = st.file, st.n.Pos, st.n.End
			out = append(out, d)
		}
	}
	return out
}

// configDirective is the directive of a config's i-th ignore entry.
func configDirective(c *Config, i int) directive {
	ig := c.Ignores[i]
	d := parseDirective(ig.Rule + ": " + ig.Reason)
	d.at = Span{File: c.Path, Line: ig.Line, Column: 1, EndLine: ig.Line, EndColumn: 1}
	d.ignore = &c.Ignores[i]
	return d
}

// ignoredNowhere returns, for each config ignore entry that no directive
// of ds stands for (no statement of the run has its Sid), a directive
// that silences nothing.
func ignoredNowhere(configs *configTree, ds []directive) []directive {
	found := map[*Ignore]bool{}
	for _, d := range ds {
		if d.ignore != nil {
			found[d.ignore] = true
		}
	}
	var out []directive
	for _, c := range configs.configs {
		for i := range c.Ignores {
			if !found[&c.Ignores[i]] {
				d := configDirective(c, i)
				d.file, d.notFound = c.Path, true
				out = append(out, d)
			}
		}
	}
	return out
}

type statementAt struct {
	file string
	sid  string
	n    *node.Node
}

// policyStatements finds the statements of the policies of the project's
// roles, each once.
func policyStatements(proj *rules.Project) []statementAt {
	var out []statementAt
	seen := map[*node.Node]bool{}
	for _, m := range proj.Machines {
		if m.Role == nil {
			continue
		}
		for _, pol := range m.Role.Policies {
			for _, s := range pol.Statements {
				if s.Node != nil && !seen[s.Node] && !pol.Generated {
					seen[s.Node] = true
					out = append(out, statementAt{pol.File, s.Sid, s.Node})
				}
			}
		}
	}
	return out
}

// spanOf is the span of a node of a file.
func spanOf(f *project.File, n *node.Node) Span {
	if n == nil {
		return Span{File: f.Path}
	}
	line, col := f.Lines.Position(n.Pos)
	eline, ecol := f.Lines.Position(n.End)
	return Span{File: f.Path, Line: line, Column: col, EndLine: eline, EndColumn: ecol}
}
