package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
)

// TestReadmeRules keeps the README's rules table in step with the rules.
func TestReadmeRules(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, r := range checker.Rules() {
		row := fmt.Sprintf("| %s | %s | %s | %s |", r.Code, r.Slug, r.Severity, r.Summary)
		if !strings.Contains(readme, row) {
			t.Errorf("README has no row %q", row)
		}
	}
	if n := strings.Count(readme, "\n| SFN"); n != len(checker.Rules()) {
		t.Errorf("README lists %d rules, want %d", n, len(checker.Rules()))
	}
}

// TestReadmePolicyExample keeps the README's sfn-lint policy example
// what the command prints.
func TestReadmePolicyExample(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "$ sfn-lint policy testdata/examples/video-render/template.yaml\n"
	code, stdout, stderr := runIn(t, root, "policy", "testdata/examples/video-render/template.yaml")
	if code != 0 || stderr != "" {
		t.Fatalf("exit status %d, stderr %q", code, stderr)
	}
	if !strings.Contains(string(b), cmd+stdout+"```\n") {
		t.Errorf("the README's example is not what sfn-lint policy prints:\n%s", stdout)
	}
}
