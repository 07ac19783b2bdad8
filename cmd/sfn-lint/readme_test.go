package main

import (
	"fmt"
	"os"
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
