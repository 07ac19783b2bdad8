package policygen

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenProjects are the testdata projects whose policies are compared
// with testdata/<name>.golden, in every format that applies.
var goldenProjects = []string{
	"examples/nightly-etl", "examples/order-fanout", "examples/ranking", "examples/video-render",
	"projects/sam-policy-templates", "projects/sam-substitutions", "projects/task-credentials",
	"projects/terraform-module", "projects/terraform-policy-document", "projects/serverless-inline",
	"projects/cfn-expression-values", "projects/name-or-arn-parameter", "projects/run-time-names",
	"projects/path-in-grant", "projects/account-snapshot",
	"rules/SFN407/fail", "rules/SFN409/fail", "rules/SFN411/fail", "rules/SFN412/fail",
}

// TestGolden writes the policy of every machine of each golden project in
// every format that applies to it, and compares the text with the golden
// file. Run with -update to rewrite the files; review the diff.
func TestGolden(t *testing.T) {
	for _, name := range goldenProjects {
		t.Run(name, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join("..", "testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			golden, err := filepath.Abs(filepath.Join("testdata", strings.ReplaceAll(name, "/", "-")+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			p, _ := lint(t, nil)
			var b strings.Builder
			for _, m := range p.Machines {
				if m.Definition == nil {
					continue
				}
				docs := Generate(p, m)
				for _, f := range Formats {
					if !Applies(m, f) {
						continue
					}
					b.WriteString("=== " + string(f) + " " + m.Name + "\n")
					o := Render(docs, f)
					b.WriteString(o.Text)
					if f == JSON {
						for _, n := range o.Notes {
							b.WriteString("note: " + n + "\n")
						}
					}
				}
			}
			compareGolden(t, golden, b.String())
		})
	}
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update and review the diff):\n%s", path, got)
	}
}
