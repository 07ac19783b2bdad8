// Package projecttest loads projects held in memory, for the tests of the
// readers.
package projecttest

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sfn-lint/sfn-lint/project"
)

// Load reads the named files of an in-memory tree (every file of it when
// names is nil, in path order) with the readers given; the other files of
// the tree are there for references to follow.
func Load(t testing.TB, readers []project.Reader, files map[string]string, names ...string) *project.Project {
	t.Helper()
	mem := fstest.MapFS{}
	for name, src := range files {
		mem[name] = &fstest.MapFile{Data: []byte(src)}
	}
	if names == nil {
		for name := range files {
			names = append(names, name)
		}
		slices.Sort(names)
	}
	read := func(name string) ([]byte, error) {
		src, ok := files[name]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return []byte(src), nil
	}
	return project.Load(names, read, project.Options{Readers: readers, FS: memFS{mem}})
}

// memFS is a run's file access over an in-memory tree.
type memFS struct{ fsys fstest.MapFS }

func (m memFS) ReadFile(name string) ([]byte, error) { return m.fsys.ReadFile(clean(name)) }

func (m memFS) ReadDir(name string) ([]fs.DirEntry, error) { return m.fsys.ReadDir(clean(name)) }

func clean(name string) string { return strings.TrimPrefix(path.Clean(name), "/") }

// Machine finds a machine by name.
func Machine(t testing.TB, p *project.Project, name string) *project.Machine {
	t.Helper()
	for _, m := range p.Machines {
		if m.Name == name {
			return m
		}
	}
	t.Fatalf("no machine %q among %d", name, len(p.Machines))
	return nil
}

// LineCol prints an offset of a file as line:column.
func LineCol(p *project.Project, file string, off int) string {
	f := p.File(file)
	if f == nil {
		return "no file " + file
	}
	line, col := f.Lines.Position(off)
	return fmt.Sprintf("%d:%d", line, col)
}
