package checker

import (
	"bytes"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"template.yaml":        "template.yaml",
		"a\nb.json":            `a\nb.json`,
		"x\rerror: forged":     `x\rerror: forged`,
		"\x1b[31mred":          `\x1b[31mred`,
		`role "R" lacks "a:b"`: `role "R" lacks "a:b"`,
		"café":                 "café",
		"bad\xffbyte":          `bad\xffbyte`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestForgedLines checks that a file name or message with line breaks and
// control characters cannot add a finding line of its own to the text or
// the GitHub output.
func TestForgedLines(t *testing.T) {
	res := &Result{Diagnostics: []Diagnostic{{
		Rule: "SFN401", Slug: "task-permission", Severity: Error,
		Span:    Span{File: "evil\nok.json:1:1: note: all good [SFN401]\r\x1b[2K", Line: 1, Column: 1, EndLine: 1, EndColumn: 2},
		Message: "bad\n::notice file=x::forged",
	}}, Summary: Summary{Errors: 1, Files: 1}}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"text":   func(b *bytes.Buffer) error { return WriteText(b, res) },
		"github": func(b *bytes.Buffer) error { return WriteGitHub(b, res) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) != 2 || strings.ContainsAny(b.String(), "\r\x1b") {
			t.Errorf("%s output has %d lines, want the finding and the summary:\n%s", name, len(lines), b.String())
		}
	}
}

func TestCaret(t *testing.T) {
	for _, tt := range []struct {
		src        string
		span       Span
		lead, mark string
	}{
		{"  Action: lambda:*", Span{Line: 3, Column: 11, EndLine: 3, EndColumn: 19}, "          ", "^~~~~~~~"},
		{"\t\tResource: x", Span{Line: 1, Column: 3, EndLine: 1, EndColumn: 3}, "\t\t", "^"},
		{"Key: {", Span{Line: 1, Column: 6, EndLine: 4, EndColumn: 2}, "     ", "^"},
		{"Key: {a", Span{Line: 1, Column: 6, EndLine: 4, EndColumn: 2}, "     ", "^~"},
	} {
		lead, mark := caret(tt.src, tt.span)
		if lead != tt.lead || mark != tt.mark {
			t.Errorf("caret(%q) = %q %q, want %q %q", tt.src, lead, mark, tt.lead, tt.mark)
		}
	}
}
