package checker

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextOptions say how WriteTextWith prints.
type TextOptions struct {
	// Color marks severities and carets with ANSI colours, for a terminal.
	Color bool
	// Brief prints one line per finding, without the source line, the
	// related locations and the fix.
	Brief bool
}

// WriteText prints diagnostics the way compilers do: a line per finding,
// the source line with a caret under the span, the related locations and
// the fix, then a summary line.
func WriteText(w io.Writer, res *Result) error {
	return WriteTextWith(w, res, TextOptions{})
}

// WriteTextWith is WriteText with options.
func WriteTextWith(w io.Writer, res *Result, opts TextOptions) error {
	p := &printer{w: w, color: opts.Color}
	for _, d := range res.Diagnostics {
		p.diagnostic(d)
		if !opts.Brief {
			p.context(res, d)
		}
	}
	p.line(SummaryLine(res.Summary))
	return p.err
}

// TextLine is one diagnostic as the text output's first line prints it.
func TextLine(d Diagnostic) string {
	return fmt.Sprintf("%s: %s: %s [%s]", location(d.Span), d.Severity, Escape(d.Message), d.Rule)
}

// location prints a span's start as file:line:column.
func location(s Span) string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d:%d", Escape(s.File), s.Line, s.Column)
	}
	return Escape(s.File)
}

// Escape writes control characters (a newline in a file name, an escape
// sequence in a message) as Go escapes, so that no input can break a line
// of output in two or drive the terminal.
func Escape(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	q := strconv.QuoteToGraphic(s)
	// Quotes and backslashes stand for themselves in our output.
	q = strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)
	return q
}

type printer struct {
	w     io.Writer
	color bool
	err   error
}

const (
	red     = "\x1b[1;31m"
	yellow  = "\x1b[1;33m"
	cyan    = "\x1b[1;36m"
	bold    = "\x1b[1m"
	dim     = "\x1b[2m"
	green   = "\x1b[32m"
	noColor = "\x1b[0m"
)

func (p *printer) line(s string) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, s)
	}
}

func (p *printer) paint(code, s string) string {
	if !p.color {
		return s
	}
	return code + s + noColor
}

func (p *printer) diagnostic(d Diagnostic) {
	sev := d.Severity.String()
	switch d.Severity {
	case Error:
		sev = p.paint(red, sev)
	case Warning:
		sev = p.paint(yellow, sev)
	default:
		sev = p.paint(cyan, sev)
	}
	p.line(fmt.Sprintf("%s: %s: %s %s", p.paint(bold, location(d.Span)), sev, Escape(d.Message), p.paint(dim, "["+d.Rule+"]")))
}

// context prints the source line under a finding with a caret, then what
// else the finding points at and how to fix it.
func (p *printer) context(res *Result, d Diagnostic) {
	if src, ok := res.Line(d.File, d.Line); ok && d.Column > 0 {
		num := strconv.Itoa(d.Line)
		pad := strings.Repeat(" ", len(num))
		// Tabs stay tabs, so the caret line, which copies them, lines up.
		var shown []string
		for _, part := range strings.Split(src, "\t") {
			shown = append(shown, Escape(part))
		}
		p.line(fmt.Sprintf(" %s | %s", num, strings.Join(shown, "\t")))
		lead, marks := caret(src, d.Span)
		p.line(fmt.Sprintf(" %s | %s%s", pad, lead, p.paint(green, marks)))
	}
	for _, r := range d.Related {
		p.line(fmt.Sprintf("   = %s: %s", Escape(r.Message), location(r.Span)))
	}
	for _, f := range d.Fixes {
		p.line(fmt.Sprintf("   = fix: %s", Escape(f.Message)))
		for _, e := range f.Edits {
			p.line(fmt.Sprintf("     %s: %s", location(e.Span), Escape(e.NewText)))
		}
	}
}

// caret underlines a span on its first line: lead is the whitespace before
// it, tabs copied so they line up, and marks the caret and tildes; a span
// that goes on past the line is underlined to the line's end.
func caret(src string, s Span) (lead, marks string) {
	var b strings.Builder
	col := 1
	for _, r := range src {
		if col >= s.Column {
			break
		}
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteRune(' ')
		}
		col++
	}
	width := 1
	lineLen := utf8.RuneCountInString(src)
	switch {
	case s.EndLine == s.Line && s.EndColumn > s.Column:
		width = s.EndColumn - s.Column
	case s.EndLine > s.Line:
		width = max(1, lineLen-s.Column+1)
	}
	return b.String(), "^" + strings.Repeat("~", width-1)
}
