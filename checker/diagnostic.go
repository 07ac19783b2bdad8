package checker

import (
	"cmp"
	"fmt"
	"strings"
)

// Severity orders findings; the zero value is not a valid severity.
type Severity int

const (
	Note Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "note", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "note", "info":
		return Note, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want note, warning or error)", s)
}

// Span is a range of a file: 1-based lines, 1-based columns counted in
// characters; EndColumn is the column just past the last character.
type Span struct {
	File      string // slash-separated, relative to the working directory when possible
	Line      int
	Column    int
	EndLine   int
	EndColumn int
}

// Related is a second location that tells the other half of a finding:
// the policy that should grant a permission, or the task that needs it.
type Related struct {
	Span
	Message string
}

// Edit replaces the text of a span with NewText.
type Edit struct {
	Span
	NewText string
}

// Fix is a suggested change that resolves a finding.
type Fix struct {
	Message string
	Edits   []Edit
}

// Diagnostic is one finding as every output format sees it.
type Diagnostic struct {
	Rule     string // stable code, such as "SFN402"
	Slug     string // readable name, such as "sync-poll"
	Severity Severity
	Span
	Message string
	Related []Related
	Fixes   []Fix
	// Key identifies the finding independently of line numbers (rule, file
	// and a logical path such as a state or statement name), so fingerprints
	// survive edits elsewhere in the file.
	Key string
}

// Compare orders diagnostics by file, position, rule and message.
func Compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}

// RuleInfo describes a rule for output formats and documentation.
type RuleInfo struct {
	Code     string   // "SFN402"
	Slug     string   // "sync-poll"
	Title    string   // "SyncPoll": PascalCase, for SARIF's rule name
	Summary  string   // one line, no final period
	Doc      string   // the rule's Markdown documentation
	URL      string   // where the documentation is published
	Severity Severity // default severity
	Tags     []string // such as "security"
}
