package checker

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"github.com/sfn-lint/sfn-lint/rules"
)

// Severity orders findings; the zero value is not a valid severity.
type Severity = rules.Severity

const (
	Note    = rules.Note
	Warning = rules.Warning
	Error   = rules.Error
)

// ParseSeverity reads "note", "warning" or "error".
func ParseSeverity(s string) (Severity, error) { return rules.ParseSeverity(s) }

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
	// Key identifies the finding within its file and rule independently of
	// lines and wording: the logical path of what it points at, such as
	// Resources.Role.Properties.Policies[0].PolicyDocument.Statement[2], so
	// fingerprints survive edits elsewhere in the file and reworded
	// messages.
	Key string
	// Input is set for findings about input that cannot be read: a run
	// with one has failed, whatever the severity threshold.
	Input bool

	// off and end are the byte offsets of the span, for matching the
	// suppressions written in the file's structure.
	off, end int
}

// Fingerprint identifies a finding across runs: it depends on the rule,
// the file and the diagnostic's Key (or its Message, when it has no Key),
// not on lines, so edits elsewhere in the file and reworded messages keep
// it.
func (d Diagnostic) Fingerprint() string {
	key := d.Key
	if key == "" {
		key = d.Message
	}
	sum := sha256.Sum256([]byte(d.Rule + "\x00" + d.File + "\x00" + key))
	return hex.EncodeToString(sum[:16])
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

// compareAll orders diagnostics by Compare, then by severity, related
// locations, fixes and key, so that sorting is the same from run to run,
// whatever order the findings come in, even among findings that print
// alike.
func compareAll(a, b Diagnostic) int {
	if c := Compare(a, b); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Severity, b.Severity); c != 0 {
		return c
	}
	if c := slices.CompareFunc(a.Related, b.Related, func(x, y Related) int {
		return cmp.Or(compareSpans(x.Span, y.Span), cmp.Compare(x.Message, y.Message))
	}); c != 0 {
		return c
	}
	if c := slices.CompareFunc(a.Fixes, b.Fixes, func(x, y Fix) int {
		return cmp.Or(cmp.Compare(x.Message, y.Message), slices.CompareFunc(x.Edits, y.Edits, func(e, f Edit) int {
			return cmp.Or(compareSpans(e.Span, f.Span), cmp.Compare(e.NewText, f.NewText))
		}))
	}); c != 0 {
		return c
	}
	return cmp.Compare(a.Key, b.Key)
}

func compareSpans(a, b Span) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.EndLine, b.EndLine), cmp.Compare(a.EndColumn, b.EndColumn))
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
