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

// suppress drops the findings the directives of the files and configs
// silence, and reports the directives that are wrong or silence nothing.
func suppress(diags []Diagnostic, proj *rules.Project, configs []*Config) []Diagnostic {
	if proj == nil {
		return diags
	}
	ds := commentDirectives(proj)
	ds = append(ds, structureDirectives(proj)...)
	ds = append(ds, configDirectives(proj, configs)...)
	if len(ds) == 0 {
		return diags
	}
	out := diags[:0]
	for _, d := range diags {
		if silenced(ds, d) {
			continue
		}
		out = append(out, d)
	}
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

// configDirectives reads the config's ignore entries, which silence the
// findings on the statements with a given Sid in the files the config
// governs.
func configDirectives(proj *rules.Project, configs []*Config) []directive {
	var out []directive
	for _, c := range configs {
		for _, ig := range c.Ignores {
			d := parseDirective(ig.Rule + ": " + ig.Reason)
			d.at = Span{File: c.Path, Line: ig.Line, Column: 1, EndLine: ig.Line, EndColumn: 1}
			found := false
			for _, st := range statementsWithSid(proj, ig.Sid) {
				if nearest(configs, st.file) != c {
					continue
				}
				s := d
				s.file, s.pos, s.end = st.file, st.n.Pos, st.n.End
				out = append(out, s)
				found = true
			}
			if !found {
				// Reported as silencing nothing.
				d.file = c.Path
				out = append(out, d)
			}
		}
	}
	return out
}

type statementAt struct {
	file string
	n    *node.Node
}

// statementsWithSid finds the policy statements of the project's roles
// that have a Sid.
func statementsWithSid(proj *rules.Project, sid string) []statementAt {
	var out []statementAt
	seen := map[*node.Node]bool{}
	for _, m := range proj.Machines {
		if m.Role == nil {
			continue
		}
		for _, pol := range m.Role.Policies {
			for _, s := range pol.Statements {
				if s.Sid == sid && s.Node != nil && !seen[s.Node] && !pol.Generated {
					seen[s.Node] = true
					out = append(out, statementAt{pol.File, s.Node})
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
