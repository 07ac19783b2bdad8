package checker

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// SummaryLine counts problems, files and state machines.
func SummaryLine(s Summary) string {
	total := s.Errors + s.Warnings + s.Notes
	var b strings.Builder
	if total == 0 {
		b.WriteString("no problems")
	} else {
		fmt.Fprintf(&b, "%s (%s)", plural(total, "problem"), counts(s))
	}
	fmt.Fprintf(&b, " in %s, %s", plural(s.Files, "file"), plural(s.StateMachines, "state machine"))
	if s.Unbound > 0 {
		fmt.Fprintf(&b, " (%d unbound)", s.Unbound)
	}
	if s.Baselined > 0 {
		fmt.Fprintf(&b, "; %s in the baseline not shown", plural(s.Baselined, "finding"))
	}
	return b.String()
}

func counts(s Summary) string {
	var parts []string
	if s.Errors > 0 {
		parts = append(parts, plural(s.Errors, "error"))
	}
	if s.Warnings > 0 {
		parts = append(parts, plural(s.Warnings, "warning"))
	}
	if s.Notes > 0 {
		parts = append(parts, plural(s.Notes, "note"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

type jsonSpan struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
}

type jsonRelated struct {
	jsonSpan
	Message string `json:"message"`
}

type jsonEdit struct {
	jsonSpan
	NewText string `json:"newText"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonDiagnostic struct {
	Rule     string `json:"rule"`
	Slug     string `json:"slug"`
	Severity string `json:"severity"`
	jsonSpan
	Message string        `json:"message"`
	Related []jsonRelated `json:"related"`
	Fixes   []jsonFix     `json:"fixes,omitempty"`
}

func toJSONSpan(s Span) jsonSpan { return jsonSpan(s) }

func toJSONDiagnostic(d Diagnostic) jsonDiagnostic {
	jd := jsonDiagnostic{Rule: d.Rule, Slug: d.Slug, Severity: d.Severity.String(), jsonSpan: toJSONSpan(d.Span), Message: d.Message, Related: []jsonRelated{}}
	for _, r := range d.Related {
		jd.Related = append(jd.Related, jsonRelated{toJSONSpan(r.Span), r.Message})
	}
	for _, f := range d.Fixes {
		jf := jsonFix{Message: f.Message}
		for _, e := range f.Edits {
			jf.Edits = append(jf.Edits, jsonEdit{toJSONSpan(e.Span), e.NewText})
		}
		jd.Fixes = append(jd.Fixes, jf)
	}
	return jd
}

// WriteJSON prints the summary and diagnostics as one JSON document:
//
//	{"summary": {...}, "diagnostics": [...], "errors": [...]}
//
// indented by two spaces. Errors are the invocation's own: paths that name
// nothing, a config file that cannot be used. The diagnostics are written
// one at a time, so that the output is never all in memory at once.
func WriteJSON(w io.Writer, res *Result) error {
	bw := bufio.NewWriter(w)
	// The writer keeps its first error, which Flush returns.
	put := func(s string) { _, _ = bw.WriteString(s) }
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// value writes v as a member or an item at the given indent.
	value := func(indent string, v any) error {
		buf.Reset()
		enc.SetIndent(indent, "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	put("{\n  \"summary\": ")
	if err := value("  ", res.Summary); err != nil {
		return err
	}
	put(",\n  \"diagnostics\": [")
	for i, d := range res.Diagnostics {
		if i > 0 {
			put(",")
		}
		put("\n    ")
		if err := value("    ", toJSONDiagnostic(d)); err != nil {
			return err
		}
	}
	if len(res.Diagnostics) > 0 {
		put("\n  ")
	}
	put("],\n  \"errors\": ")
	errs := []string{}
	for _, e := range res.Errors {
		errs = append(errs, e.Error())
	}
	if err := value("  ", errs); err != nil {
		return err
	}
	put("\n}\n")
	return bw.Flush()
}

// WriteGitHub prints GitHub Actions workflow commands, one annotation per
// finding and per invocation error, so findings show on the pull request's
// lines.
func WriteGitHub(w io.Writer, res *Result) error {
	level := map[Severity]string{Error: "error", Warning: "warning", Note: "notice"}
	for _, d := range res.Diagnostics {
		props := []string{"file=" + ghProperty(d.File)}
		if d.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Line), fmt.Sprintf("col=%d", d.Column))
			if d.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", d.EndLine), fmt.Sprintf("endColumn=%d", d.EndColumn))
			}
		}
		props = append(props, "title="+ghProperty(d.Rule+" "+d.Slug))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", level[d.Severity], strings.Join(props, ","), ghMessage(d.Message)); err != nil {
			return err
		}
	}
	for _, e := range res.Errors {
		if _, err := fmt.Fprintf(w, "::error title=sfn-lint::%s\n", ghMessage(e.Error())); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, Escape(SummaryLine(res.Summary)))
	return err
}

// ghMessage escapes a workflow command's message as the runner decodes it,
// control characters written out first.
func ghMessage(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(Escape(s))
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(Escape(s))
}
