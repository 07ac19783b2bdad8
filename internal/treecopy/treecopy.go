// Package treecopy copies a directory tree for tests that change files.
package treecopy

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Copy copies a directory tree into a new temporary directory, which the
// test removes when it ends, and returns it.
func Copy(t testing.TB, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if de.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}
