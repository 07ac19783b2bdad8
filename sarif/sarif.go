// Package sarif writes diagnostics as a SARIF 2.1.0 log that GitHub code
// scanning accepts: one run, full rule metadata, stable fingerprints, and
// tool errors as invocation notifications rather than extra runs.
package sarif

import (
	"cmp"
	"encoding/json"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/sfn-lint/sfn-lint/checker"
)

// SchemaURI is the $schema of every log we write: the URI that identifies
// the official 2.1.0 schema (go-sarif's default points into a GitHub tree
// that has since moved).
const SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// FingerprintKey names our entry in partialFingerprints.
const FingerprintKey = "sfnLint/v2"

// srcRoot is the base every relative artifact URI is resolved against; the
// upload action maps it to the checkout.
const srcRoot = "%SRCROOT%"

// Options carries what a SARIF log says about the run itself.
type Options struct {
	ToolName       string // "sfn-lint"
	ToolVersion    string // may be empty
	InformationURI string
	// Notifications are tool-level errors (files that could not be read, for example);
	// they go into runs[0].invocations[0].toolExecutionNotifications, never into a second run.
	Notifications []Notification
	Successful    bool // invocations[0].executionSuccessful
}

// Notification is a message about the run rather than about the code.
type Notification struct {
	Level        checker.Severity
	Message      string
	File         string
	Line, Column int
}

// Write writes exactly one SARIF 2.1.0 run with every rule in rules (in the given order)
// and one result per diagnostic (in the given order), to w, indented, ending with a newline.
func Write(w io.Writer, diags []checker.Diagnostic, rules []checker.RuleInfo, opts Options) error {
	report, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	report.Schema = SchemaURI
	report.AddRun(newRun(diags, rules, opts))

	// Encoder rather than report.PrettyWrite: it adds the final newline and
	// can leave <, > and & in rule docs unescaped.
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}

// Fingerprint is the value Write stores under FingerprintKey: the
// diagnostic's own (see checker.Diagnostic.Fingerprint), which a baseline
// records too.
func Fingerprint(d checker.Diagnostic) string { return d.Fingerprint() }

func newRun(diags []checker.Diagnostic, rules []checker.RuleInfo, opts Options) *sarif.Run {
	name := cmp.Or(opts.ToolName, "sfn-lint")
	driver := sarif.NewDriver(name)
	if opts.InformationURI != "" {
		driver.WithInformationURI(opts.InformationURI)
	}
	if v := opts.ToolVersion; v != "" {
		driver.WithVersion(v)
		if sv := strings.TrimPrefix(v, "v"); semver.MatchString(sv) {
			driver.WithSemanticVersion(sv)
		}
	}
	run := sarif.NewRun(*sarif.NewTool(driver))
	run.WithColumnKind("unicodeCodePoints")
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(name + "/"))

	for _, r := range rules {
		addRule(run, r)
	}
	for _, d := range diags {
		if _, err := run.GetRuleById(d.Rule); err != nil {
			addMinimalRule(run, d)
		}
		addResult(run, d)
	}

	inv := run.AddInvocation(opts.Successful)
	for _, n := range opts.Notifications {
		sn := sarif.NewNotification().
			WithLevel(level(n.Level)).
			WithTextMessage(cmp.Or(n.Message, "unknown error"))
		if n.File != "" {
			pl := sarif.NewPhysicalLocation().WithArtifactLocation(artifact(n.File))
			if n.Line > 0 {
				pl.WithRegion(region(checker.Span{Line: n.Line, Column: n.Column}))
			}
			sn.AddLocation(sarif.NewLocationWithPhysicalLocation(pl))
		}
		inv.AddTToolExecutionNotification(sn)
	}
	return run
}

func addRule(run *sarif.Run, r checker.RuleInfo) {
	if r.Code == "" {
		return // nothing could refer to it
	}
	short := cmp.Or(r.Summary, firstParagraph(r.Doc), r.Title, r.Code)
	rule := run.AddRule(r.Code).
		WithShortDescription(sarif.NewMultiformatMessageString(short)).
		WithFullDescription(sarif.NewMultiformatMessageString(short)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(r.Severity)))
	if name := cmp.Or(r.Title, pascal(r.Slug)); name != "" {
		rule.WithName(name)
	}
	if r.Doc != "" {
		rule.WithHelp(sarif.NewMultiformatMessageString(cmp.Or(plainText(r.Doc), short)).WithMarkdown(r.Doc))
	} else {
		rule.WithTextHelp(short)
	}
	if r.URL != "" {
		rule.WithHelpURI(r.URL)
	}

	props := sarif.Properties{"precision": "high"}
	var tags []string
	for _, t := range r.Tags {
		// The schema requires unique tags.
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if len(tags) > 0 {
		props["tags"] = tags
	}
	if slices.Contains(tags, "security") {
		props["security-severity"] = securitySeverity(r.Severity)
	}
	rule.WithProperties(props)
}

// addMinimalRule describes a rule that the caller did not pass, so that
// the result still has a valid ruleIndex and GitHub its required fields.
func addMinimalRule(run *sarif.Run, d checker.Diagnostic) {
	text := cmp.Or(d.Slug, d.Rule, "unknown rule")
	rule := run.AddRule(d.Rule).
		WithShortDescription(sarif.NewMultiformatMessageString(text)).
		WithFullDescription(sarif.NewMultiformatMessageString(text)).
		WithTextHelp(text).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(d.Severity)))
	if name := pascal(d.Slug); name != "" {
		rule.WithName(name)
	}
}

func addResult(run *sarif.Run, d checker.Diagnostic) {
	res := run.CreateResultForRule(d.Rule).WithLevel(level(d.Severity))
	if d.File != "" {
		res.AddLocation(location(d.Span))
	}

	// GitHub links related locations only through [text](id) in the message.
	msg := cmp.Or(d.Message, d.Slug, d.Rule)
	if len(d.Related) > 0 && !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	for i, r := range d.Related {
		id := i + 1
		text := cmp.Or(r.Message, "related location")
		loc := location(r.Span).WithId(id).WithMessage(sarif.NewTextMessage(text))
		res.AddRelatedLocation(loc)
		msg += " See [" + linkEscaper.Replace(text) + "](" + strconv.Itoa(id) + ")."
	}
	res.WithMessage(sarif.NewTextMessage(msg))

	for _, f := range d.Fixes {
		res.AddFix(fix(f))
	}
	res.WithPartialFingerPrints(map[string]any{FingerprintKey: Fingerprint(d)})
}

func fix(f checker.Fix) *sarif.Fix {
	sf := sarif.NewFix()
	if f.Message != "" {
		sf.WithDescriptionText(f.Message)
	}
	// One artifactChange per file, in order of first appearance.
	changes := map[string]*sarif.ArtifactChange{}
	for _, e := range f.Edits {
		ch := changes[e.File]
		if ch == nil {
			ch = sarif.NewArtifactChange(artifact(e.File))
			changes[e.File] = ch
			sf.AddArtifactChanges(ch)
		}
		rep := sarif.NewReplacement(region(e.Span))
		if e.NewText != "" { // absent insertedContent means a pure deletion
			rep.WithInsertedContent(sarif.NewArtifactContent().WithText(e.NewText))
		}
		ch.WithReplacement(rep)
	}
	return sf
}

func location(s checker.Span) *sarif.Location {
	return sarif.NewLocationWithPhysicalLocation(
		sarif.NewPhysicalLocation().WithArtifactLocation(artifact(s.File)).WithRegion(region(s)))
}

// artifact turns a slash-separated path into a URI reference: relative
// paths hang off %SRCROOT%, absolute ones become file URIs.
func artifact(file string) *sarif.ArtifactLocation {
	file = strings.ReplaceAll(file, "\\", "/")
	if len(file) >= 3 && file[1] == ':' && file[2] == '/' { // Windows drive letter
		file = "/" + file
	}
	if strings.HasPrefix(file, "/") {
		return sarif.NewSimpleArtifactLocation((&url.URL{Scheme: "file", Path: file}).String())
	}
	// url.URL escapes spaces and the like, and guards a colon in the first segment.
	return sarif.NewSimpleArtifactLocation((&url.URL{Path: file}).String()).WithUriBaseId(srcRoot)
}

// region clamps a span to what SARIF and GitHub accept: positions ≥ 1, end
// defaulting to start and never before it.
func region(s checker.Span) *sarif.Region {
	line := max(s.Line, 1)
	col := max(s.Column, 1)
	endLine := max(s.EndLine, line)
	endCol := s.EndColumn
	if endCol < 1 || (endLine == line && endCol < col) {
		endCol = col
	}
	return sarif.NewRegion().WithStartLine(line).WithStartColumn(col).WithEndLine(endLine).WithEndColumn(endCol)
}

func level(s checker.Severity) string {
	switch s {
	case checker.Note, checker.Warning, checker.Error:
		return s.String()
	}
	return "warning" // GitHub's default
}

// securitySeverity maps our severities onto GitHub's high/medium/low bands.
func securitySeverity(s checker.Severity) string {
	switch s {
	case checker.Error:
		return "7.5"
	case checker.Note:
		return "2.0"
	}
	return "5.0"
}

// semver is the official SemVer 2.0.0 pattern.
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// linkEscaper escapes what SARIF forbids unescaped inside link text.
var linkEscaper = strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`)

var (
	mdLink   = regexp.MustCompile(`!?\[([^\]]*)\]\(([^)\s]*)\)`)
	mdHeader = regexp.MustCompile(`(?m)^#{1,6}\s+`)
	mdFence  = regexp.MustCompile("(?m)^[ \\t]*(```|~~~).*\n?")
)

// plainText strips the Markdown that reads badly as text: fences, heading
// marks, backticks, bold marks, and link syntax (keeping the target).
func plainText(md string) string {
	s := mdFence.ReplaceAllString(md, "")
	s = mdHeader.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1 ($2)")
	s = strings.NewReplacer("`", "", "**", "", "__", "").Replace(s)
	return strings.TrimSpace(s)
}

// firstParagraph is the plain text of the first block of md that is not a heading.
func firstParagraph(md string) string {
	for _, p := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" && !strings.HasPrefix(p, "#") {
			return strings.Join(strings.Fields(plainText(p)), " ")
		}
	}
	return ""
}

// pascal turns "sync-poll" into "SyncPoll".
func pascal(slug string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		r, n := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(w[n:])
	}
	return b.String()
}
