// Package rules holds sfn-lint's checks and the catalog of what every Step
// Functions integration needs from a role.
//
// Each check is a Rule: its code, slug, title, severity, tags, wording and
// run function in one literal. A run turns the rules into go/analysis
// Analyzers with NewSuite, so that nothing about one run is shared with
// another.
package rules

import (
	"embed"
	"fmt"
	"strings"
)

//go:embed docs/*.md
var docsFS embed.FS

// DocsURL is where the rule documentation is published.
const DocsURL = "https://github.com/sfn-lint/sfn-lint/blob/main/rules/docs/"

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

// Categories a rule may report a diagnostic under (analysis.Diagnostic's
// Category), other than its default one. Each rule says what severity each
// of its categories has.
const (
	// Undecided findings are gaps the files cannot settle: a value known
	// only at deploy time, a policy whose contents are not here.
	Undecided = "undecided"
	// Unconfirmed findings are permissions the current AWS documentation
	// does not list: an earlier edition did, or they are inferred.
	Unconfirmed = "unconfirmed"
	// Unchecked findings name what sfn-lint does not know, so it cannot
	// check it.
	Unchecked = "unchecked"
	// Doubtful findings are where the AWS documentation contradicts
	// itself.
	Doubtful = "doubtful"
	// Advice is a finding that is not a failure.
	Advice = "advice"
	// Literal findings are about text a task sends as it is written,
	// which may be meant so.
	Literal = "literal"
)

// Rule is one check.
type Rule struct {
	Code     string // stable: never reused for another check
	Slug     string // readable name, accepted wherever the code is
	Title    string // PascalCase, for SARIF
	Severity Severity
	Tags     []string
	// Categories gives the severity of diagnostics reported under a
	// category; the default category ("") has Severity.
	Categories map[string]Severity
	// Input marks the rule that reports input that cannot be read: it
	// cannot be turned off, and a run that reports it failed.
	Input bool
	// Meta marks a rule the run reports itself, about how it was asked to
	// check rather than about the files: it has no analyzer.
	Meta bool

	// run checks one project. The Load rule has none: it reads the project.
	run func(p *Pass)
	// need and why, for rules that report what a role lacks: the purpose
	// of the permissions they check and how a message says it, with %s for
	// the task or feature that needs it.
	need, why string
}

// SeverityOf returns the severity of a diagnostic the rule reports under
// category, and whether the rule has that category.
func (r *Rule) SeverityOf(category string) (Severity, bool) {
	if category == "" {
		return r.Severity, true
	}
	s, ok := r.Categories[category]
	return s, ok
}

// Doc returns the rule's Markdown documentation.
func (r *Rule) Doc() string {
	b, err := docsFS.ReadFile("docs/" + r.Code + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}

// URL is where the rule's documentation is published.
func (r *Rule) URL() string { return DocsURL + r.Code + ".md" }

// Summary is the first line of the documentation, without its heading
// marks and code.
func (r *Rule) Summary() string {
	first, _, _ := strings.Cut(r.Doc(), "\n")
	first = strings.TrimSpace(strings.TrimLeft(first, "# "))
	if _, rest, ok := strings.Cut(first, ": "); ok && strings.HasPrefix(first, r.Code) {
		first = rest
	}
	return first
}

var iamTags = []string{"security", "iam"}

// All lists every rule, in code order. Load comes first: it reads the
// project every other rule checks.
func All() []*Rule {
	return []*Rule{
		Load,
		Unsubstituted,
		BaseAction, SyncPoll, SyncEvents, SyncCancel, PassRoleMissing, Trust, DistributedMap,
		TaskResource, LoggingAccess, TracingAccess, KMSAccess, ConnectionAccess, TaskCredentials, PathInGrant,
		BroadResource, BroadAction, UnusedGrant,
		Unbound, Suppression,
	}
}

// Lookup finds a rule by code (in any letter case) or slug.
func Lookup(key string) *Rule {
	for _, r := range All() {
		if strings.EqualFold(key, r.Code) || strings.EqualFold(key, r.Slug) {
			return r
		}
	}
	return nil
}
