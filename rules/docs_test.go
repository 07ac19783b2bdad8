package rules_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/rules"
)

// slugLine is the second paragraph of every rule doc.
var slugLine = regexp.MustCompile("(?m)^Slug: `([^`]*)` · Default severity: (\\S+)$")

// block is one fenced code block of a doc.
type block struct {
	info string // the text after the opening fence, such as "yaml fail"
	body string
}

// exampleBlocks returns the fenced blocks of the doc's "## Example"
// section, which runs to the next second-level heading or the end.
func exampleBlocks(t *testing.T, doc string) []block {
	t.Helper()
	_, section, ok := strings.Cut(doc, "\n## Example\n")
	if !ok {
		t.Fatal(`doc has no "## Example" section`)
	}
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	var out []block
	var cur *block
	for _, line := range strings.SplitAfter(section, "\n") {
		bare := strings.TrimRight(line, "\n")
		switch {
		case cur == nil && strings.HasPrefix(bare, "```"):
			cur = &block{info: strings.TrimPrefix(bare, "```")}
		case cur != nil && bare == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.body += line
		}
	}
	if cur != nil {
		t.Fatalf("block %q is not closed", cur.info)
	}
	return out
}

// lint runs the linter on src saved as template.yaml in a fresh directory,
// as `sfn-lint template.yaml` run there would, and returns its
// diagnostics.
func lint(t *testing.T, src string) []checker.Diagnostic {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	res := checker.Run(checker.Options{Args: []string{"template.yaml"}})
	for _, err := range res.Errors {
		t.Errorf("run error: %v", err)
	}
	return res.Diagnostics
}

// TestDocs keeps every rule's documentation honest: its heading and
// metadata match the rule, and its example produces exactly the output
// the doc shows, and nothing of the rule once fixed.
func TestDocs(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.Code, func(t *testing.T) {
			doc := r.Doc()
			first, _, _ := strings.Cut(doc, "\n")
			summary := r.Summary()
			if want := "# " + r.Code + ": " + summary; first != want || summary == "" {
				t.Errorf("first line = %q, want %q with a non-empty summary", first, "# "+r.Code+": SUMMARY")
			}
			// The summary is shown as plain text: one sentence without
			// final period or Markdown.
			if strings.HasSuffix(summary, ".") || strings.ContainsAny(summary, "`*_[") {
				t.Errorf("summary %q: want plain text without final period", summary)
			}
			m := slugLine.FindStringSubmatch(doc)
			switch {
			case m == nil:
				t.Errorf("no line %q", "Slug: `SLUG` · Default severity: SEVERITY")
			case m[1] != r.Slug || m[2] != r.Severity.String():
				t.Errorf("doc says slug %q, severity %q; rule has %q, %q", m[1], m[2], r.Slug, r.Severity)
			}

			blocks := exampleBlocks(t, doc)
			var infos []string
			for _, b := range blocks {
				infos = append(infos, b.info)
			}
			if want := []string{"yaml fail", "text output", "yaml pass"}; !slices.Equal(infos, want) {
				t.Fatalf("example blocks = %q, want %q", infos, want)
			}
			fail, output, pass := blocks[0].body, blocks[1].body, blocks[2].body

			t.Run("fail", func(t *testing.T) {
				// The output block is everything the example prints: a
				// finding of another rule that goes with this one (the
				// permission a wrong grant leaves missing) is shown too.
				var got []string
				ofRule := 0
				for _, d := range lint(t, fail) {
					got = append(got, checker.TextLine(d))
					if d.Rule == r.Code {
						ofRule++
					}
				}
				if ofRule == 0 {
					t.Errorf("the fail example does not trigger %s", r.Code)
				}
				want := strings.Split(strings.TrimSuffix(output, "\n"), "\n")
				if output == "" {
					want = nil
				}
				if len(want) == 0 {
					t.Error("the output block is empty: the fail example must trigger the rule")
				}
				if !slices.Equal(got, want) {
					t.Errorf("output of the fail example:\n%s\nthe doc says:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			})
			t.Run("pass", func(t *testing.T) {
				for _, d := range lint(t, pass) {
					if d.Rule == r.Code {
						t.Errorf("the pass example still reports: %s", checker.TextLine(d))
					} else {
						t.Logf("other rule: %s", checker.TextLine(d))
					}
				}
			})
		})
	}
}
