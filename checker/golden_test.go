package checker_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
)

var update = flag.Bool("update", false, "rewrite golden files")

// ruleProject is one testdata/rules/<CODE>/<kind> directory.
type ruleProject struct {
	code string // the rule the project is about, such as "SFN402"
	kind string // "fail" or "pass"
	dir  string // absolute, so it survives t.Chdir
}

// ruleProjects finds every testdata/rules/*/{fail,pass} project.
func ruleProjects(t *testing.T) []ruleProject {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "testdata", "rules"))
	if err != nil {
		t.Fatal(err)
	}
	codes, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []ruleProject
	for _, c := range codes {
		if !c.IsDir() {
			continue
		}
		for _, kind := range []string{"fail", "pass"} {
			dir := filepath.Join(root, c.Name(), kind)
			if st, err := os.Stat(dir); err == nil && st.IsDir() {
				out = append(out, ruleProject{code: c.Name(), kind: kind, dir: dir})
			} else {
				t.Errorf("%s has no %s project", c.Name(), kind)
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no projects under %s", root)
	}
	return out
}

// lintText runs the linter over the working directory the way the command
// does and renders the diagnostics as text lines, without the summary.
func lintText(t *testing.T) (*checker.Result, string) {
	t.Helper()
	res := checker.Run(checker.Options{Args: []string{"./..."}})
	for _, err := range res.Errors {
		t.Errorf("invocation error: %v", err)
	}
	var b strings.Builder
	for _, d := range res.Diagnostics {
		b.WriteString(checker.TextLine(d))
		b.WriteByte('\n')
	}
	return res, b.String()
}

// TestRuleProjects lints each rule's failing and fixed project and compares
// the output with its want.out. Run with -update to rewrite the goldens.
func TestRuleProjects(t *testing.T) {
	for _, p := range ruleProjects(t) {
		t.Run(p.code+"/"+p.kind, func(t *testing.T) {
			golden := filepath.Join(p.dir, "want.out")
			t.Chdir(p.dir)
			res, got := lintText(t)

			var ofRule int
			for _, d := range res.Diagnostics {
				if d.Rule == p.code {
					ofRule++
				}
			}
			switch p.kind {
			case "fail":
				if ofRule == 0 {
					t.Errorf("fail project reports no %s diagnostic", p.code)
				}
			case "pass":
				if ofRule > 0 {
					t.Errorf("pass project reports %d %s diagnostics", ofRule, p.code)
				}
			}

			compareGolden(t, golden, got)
		})
	}
}

// TestProjects lints each whole project under testdata/projects (one per
// kind of input: SAM, CDK output, resource identity...) and compares the
// output with its want.out.
func TestProjects(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "testdata", "projects"))
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			dir := filepath.Join(root, d.Name())
			t.Chdir(dir)
			res, got := lintText(t)
			compareGolden(t, filepath.Join(dir, "want.out"), got)
			// A project whose related locations and fixes matter has a
			// want.detail too.
			if detail := filepath.Join(dir, "want.detail"); fileExists(detail) {
				compareGolden(t, detail, detailText(res))
			}
		})
	}
}

// compareGolden compares output with a golden file, or rewrites the file
// under -update.
func compareGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -update if the change is intended):\n%s",
			golden, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only one side has, marked - (want) and + (got).
func lineDiff(want, got string) string {
	count := map[string]int{}
	for _, l := range strings.SplitAfter(want, "\n") {
		count[l]++
	}
	for _, l := range strings.SplitAfter(got, "\n") {
		count[l]--
	}
	var b strings.Builder
	for _, l := range strings.SplitAfter(want, "\n") {
		if count[l] > 0 && l != "" {
			b.WriteString("- " + strings.TrimSuffix(l, "\n") + "\n")
			count[l]--
		}
	}
	for _, l := range strings.SplitAfter(got, "\n") {
		if count[l] < 0 && l != "" {
			b.WriteString("+ " + strings.TrimSuffix(l, "\n") + "\n")
			count[l]++
		}
	}
	if b.Len() == 0 {
		return "(same lines in another order)"
	}
	return b.String()
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// detailText renders each diagnostic with its related locations and the
// edits of its fixes, one per indented line.
func detailText(res *checker.Result) string {
	var b strings.Builder
	span := func(s checker.Span) string {
		return fmt.Sprintf("%s:%d:%d-%d:%d", s.File, s.Line, s.Column, s.EndLine, s.EndColumn)
	}
	for _, d := range res.Diagnostics {
		b.WriteString(checker.TextLine(d) + "\n")
		for _, r := range d.Related {
			fmt.Fprintf(&b, "  related %s: %s\n", span(r.Span), r.Message)
		}
		for _, f := range d.Fixes {
			for _, e := range f.Edits {
				fmt.Fprintf(&b, "  fix %s: %s\n", span(e.Span), strings.ReplaceAll(e.NewText, "\n", "\\n"))
			}
		}
	}
	return b.String()
}
