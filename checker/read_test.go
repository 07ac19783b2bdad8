package checker

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/project"
)

// TestLargeFiles checks that a large file is read when it can be ours (a
// Terraform plan, an account snapshot, a file named on the command line)
// and passed over, not reported, when it cannot.
func TestLargeFiles(t *testing.T) {
	dir := t.TempDir()
	pad := strings.Repeat(" ", smallFile)
	write := func(name, head string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(head+pad+"}"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plan := write("plan.json", `{"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {}`)
	other := write("dump.json", `{"items": [], "note": "States"`)
	if b, err := readBounded(plan, false); err != nil || len(b) <= smallFile {
		t.Errorf("plan: %d bytes, %v; want it read", len(b), err)
	}
	if _, err := readBounded(other, false); !errors.Is(err, project.ErrNotInput) {
		t.Errorf("dump: %v, want it passed over as not ours", err)
	}
	if b, err := readBounded(other, true); err != nil || len(b) <= smallFile {
		t.Errorf("dump named on the command line: %d bytes, %v; want it read", len(b), err)
	}
	t.Chdir(dir)
	res := Run(Options{Args: []string{"."}})
	if len(res.Diagnostics) != 0 || len(res.Errors) != 0 {
		t.Errorf("a large file that is not ours was reported: %s %v", textLines(res), res.Errors)
	}
}
