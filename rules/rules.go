// Package rules holds sfn-lint's checks, each an analysis.Analyzer over the
// project the Load analyzer reads, and the catalog of what every Step
// Functions integration needs from a role.
//
// A diagnostic's Category carries its severity ("error", "warning" or
// "note"): the same rule reports a definite gap at its default severity and
// an undecidable one as a note.
package rules

import (
	"embed"
	"strings"

	"golang.org/x/tools/go/analysis"
)

//go:embed docs/*.md
var docsFS embed.FS

// DocsURL is where the rule documentation is published.
const DocsURL = "https://github.com/sfn-lint/sfn-lint/blob/main/rules/docs/"

// Rule describes one check.
type Rule struct {
	Analyzer *analysis.Analyzer
	Code     string // stable: never reused for another check
	Slug     string
	Title    string // PascalCase
	Severity string // default: "error", "warning" or "note"
	Tags     []string
}

// Doc returns the rule's Markdown documentation.
func (r Rule) Doc() string { return doc(r.Code) }

// Summary is the first line of the documentation, without its heading
// marks and code.
func (r Rule) Summary() string {
	first, _, _ := strings.Cut(doc(r.Code), "\n")
	first = strings.TrimSpace(strings.TrimLeft(first, "# "))
	if _, rest, ok := strings.Cut(first, ": "); ok && strings.HasPrefix(first, r.Code) {
		first = rest
	}
	return first
}

// All lists every rule, in code order. The Load analyzer comes first: it
// reports files that cannot be read.
func All() []Rule {
	return []Rule{
		{Load, "SFN001", "parse-error", "ParseError", "error", nil},
		{BaseAction, "SFN401", "task-permission", "TaskPermission", "error", []string{"security", "iam"}},
		{SyncPoll, "SFN402", "sync-poll", "SyncPoll", "error", []string{"security", "iam"}},
		{SyncEvents, "SFN403", "sync-events", "SyncEvents", "warning", []string{"security", "iam"}},
		{SyncCancel, "SFN404", "sync-cancel", "SyncCancel", "warning", []string{"security", "iam"}},
		{PassRoleMissing, "SFN405", "pass-role", "PassRole", "error", []string{"security", "iam"}},
		{Trust, "SFN406", "trust-policy", "TrustPolicy", "error", []string{"security", "iam"}},
		{DistributedMap, "SFN407", "distributed-map", "DistributedMap", "error", []string{"security", "iam"}},
		{TaskResource, "SFN408", "task-resource", "TaskResource", "error", nil},
		{LoggingAccess, "SFN409", "logging", "Logging", "error", []string{"security", "iam"}},
		{TracingAccess, "SFN410", "tracing", "Tracing", "warning", []string{"iam"}},
		{KMSAccess, "SFN411", "kms-key", "KMSKey", "error", []string{"security", "iam"}},
		{ConnectionAccess, "SFN412", "http-connection", "HTTPConnection", "error", []string{"security", "iam"}},
		{BroadResource, "SFN501", "broad-resource", "BroadResource", "warning", []string{"security", "iam", "least-privilege"}},
		{BroadAction, "SFN502", "broad-action", "BroadAction", "warning", []string{"security", "iam", "least-privilege"}},
		{Unbound, "SFN601", "unbound-machine", "UnboundMachine", "note", nil},
	}
}

func doc(code string) string {
	b, err := docsFS.ReadFile("docs/" + code + ".md")
	if err != nil {
		panic("rules: no documentation for " + code)
	}
	return string(b)
}

func docURL(code string) string { return DocsURL + code + ".md" }
