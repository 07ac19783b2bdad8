package checker

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sfn-lint/sfn-lint/project"
)

// TestSourceKeepsNothing checks that the lines of a file the run read are
// read again, that a file it did not read has none, and that a file that
// changed since it was read is not given to a fix.
func TestSourceKeepsNothing(t *testing.T) {
	dir := t.TempDir()
	read, unread := filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")
	for _, f := range []string{read, unread} {
		if err := os.WriteFile(f, []byte("one\r\ntwo\nthree"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := newSource(nil)
	if _, err := src.read(read); err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]string{1: "one", 2: "two", 3: "three"} {
		if got, ok := src.line(read, n); !ok || got != want {
			t.Errorf("line %d: %q, %v; want %q", n, got, ok, want)
		}
	}
	if _, ok := src.line(read, 4); ok {
		t.Error("line 4 of 3")
	}
	if _, ok := src.line(unread, 1); ok {
		t.Error("a line of a file the run did not read")
	}
	if _, read, _ := src.data(unread); read {
		t.Error("a fix's file the run did not keep a digest of")
	}
	data, _ := os.ReadFile(read)
	fixed := []Diagnostic{{Fixes: []Fix{{Edits: []Edit{{Span: Span{File: read, Line: 2}}}}}}}
	src.keepDigests(map[string]*project.File{read: {Path: read, Data: data}}, fixed)
	if got, ok, same := src.data(read); !ok || !same || string(got) != string(data) {
		t.Errorf("the fix's file: %q, read %v, unchanged %v", got, ok, same)
	}
	if err := os.WriteFile(read, []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok, same := src.data(read); !ok || same {
		t.Errorf("a file changed since it was read: read %v, unchanged %v", ok, same)
	}
}
