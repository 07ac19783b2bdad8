//go:build unix

package checker

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHostileFiles checks that files a pull request can plant are refused
// quickly and clearly: a device, a named pipe (which would block a read),
// and links to them, named on the command line.
func TestHostileFiles(t *testing.T) {
	dir := writeTestTree(t, map[string]string{"ok.asl.json": `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.json"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	for _, link := range []struct{ name, target string }{{"zero.json", "/dev/zero"}, {"pipe-link.json", "pipe.json"}} {
		if err := os.Symlink(link.target, filepath.Join(dir, link.name)); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan *Result, 1)
	go func() {
		done <- Run(Options{Args: []string{"ok.asl.json", "/dev/zero", "pipe.json", "zero.json", "pipe-link.json"}})
	}()
	var res *Result
	select {
	case res = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not end: a pipe or a device was read")
	}
	want := []string{
		`/dev/zero:1:1: error: cannot read file: a device, not a file sfn-lint reads [SFN001]`,
		`ok.asl.json:1:2: note: state machine "ok" is not checked: no policy is bound to this definition: add a binding to .sfn-lint.yaml or pass --policy [SFN601]`,
		`pipe-link.json:1:1: error: cannot read file: a named pipe, not a file sfn-lint reads [SFN001]`,
		`pipe.json:1:1: error: cannot read file: a named pipe, not a file sfn-lint reads [SFN001]`,
		`zero.json:1:1: error: cannot read file: a device, not a file sfn-lint reads [SFN001]`,
	}
	if got := textLines(res); got != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}
