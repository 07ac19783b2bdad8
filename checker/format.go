package checker

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText prints diagnostics the way compilers do, one per line, then a
// summary line.
func WriteText(w io.Writer, res *Result) error {
	for _, d := range res.Diagnostics {
		if _, err := fmt.Fprintln(w, TextLine(d)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, SummaryLine(res.Summary))
	return err
}

// TextLine is one diagnostic as the text output prints it.
func TextLine(d Diagnostic) string {
	loc := d.File
	if d.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)
	}
	msg := strings.ReplaceAll(d.Message, "\n", " ")
	return fmt.Sprintf("%s: %s: %s [%s]", loc, d.Severity, msg, d.Rule)
}

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

// WriteJSON prints the summary and diagnostics as one JSON document.
func WriteJSON(w io.Writer, res *Result) error {
	out := struct {
		Summary     Summary          `json:"summary"`
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
	}{Summary: res.Summary, Diagnostics: []jsonDiagnostic{}}
	for _, d := range res.Diagnostics {
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
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
