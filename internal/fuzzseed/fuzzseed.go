// Package fuzzseed gathers the project's own test inputs as seeds for its
// fuzz tests.
package fuzzseed

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File is one seed input.
type File struct {
	Path string
	Data []byte
}

// maxSize leaves out large inputs: they slow every fuzzing iteration and
// add little.
const maxSize = 64 << 10

// Files returns the JSON and YAML files under root in walk order, read at
// test time so the set grows as cases are added. Whatever cannot be read
// (or is absent, as in a partial checkout) is left out.
func Files(root string) []File {
	var out []File
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil //nolint:nilerr // an unreadable directory just adds no seeds
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".json", ".yaml", ".yml":
			if b, err := os.ReadFile(p); err == nil && len(b) <= maxSize {
				out = append(out, File{p, b})
			}
		}
		return nil
	})
	return out
}
