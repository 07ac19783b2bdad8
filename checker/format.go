package checker

import (
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

// WriteJSON prints the summary and diagnostics as one JSON document.
func WriteJSON(w io.Writer, res *Result) error {
	out := struct {
		Summary     Summary          `json:"summary"`
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
		// Errors are the invocation's own: paths that name nothing, a
		// config file that cannot be used.
		Errors []string `json:"errors"`
	}{Summary: res.Summary, Diagnostics: []jsonDiagnostic{}, Errors: []string{}}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, e.Error())
	}
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
