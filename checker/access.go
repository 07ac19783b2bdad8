package checker

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/project"
)

// errOutside is returned for a file a reference names outside the project.
var errOutside = project.ErrOutside

// access is a run's access to the files that the files it was given
// reference (a definition, a module, an included file): regular files
// inside the project only, within the size limit. The project of a path is
// the repository it is in; outside any repository, the working directory
// when the path is in it, and otherwise the directory that was named.
type access struct {
	src   *source
	roots []string // absolute, clean
}

func newAccess(src *source, args []string) *access {
	a := &access{src: src}
	wd, _ := os.Getwd()
	if len(args) == 0 {
		args = []string{"."}
	}
	for _, arg := range args {
		if r := projectRoot(argDir(arg), wd); r != "" && !slices.Contains(a.roots, r) {
			a.roots = append(a.roots, r)
		}
	}
	return a
}

// argDir is the directory a command-line argument names or starts in.
func argDir(arg string) string {
	slashed := filepath.ToSlash(arg)
	if slashed == "..." || strings.HasSuffix(slashed, "/...") {
		slashed = strings.TrimSuffix(strings.TrimSuffix(slashed, "..."), "/")
	} else if hasMeta(slashed) {
		if _, err := os.Stat(arg); err != nil {
			slashed = staticBase(slashed)
		}
	}
	if slashed == "" {
		slashed = "."
	}
	p := filepath.FromSlash(slashed)
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		p = filepath.Dir(p)
	}
	return p
}

// staticBase is the part of a glob before its first segment with a meta
// character.
func staticBase(pattern string) string {
	var base []string
	for _, seg := range strings.Split(pattern, "/") {
		if hasMeta(seg) {
			break
		}
		base = append(base, seg)
	}
	return strings.Join(base, "/")
}

// projectRoot finds the project a directory belongs to.
func projectRoot(dir, wd string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if wd != "" {
		if real, err := filepath.EvalSymlinks(wd); err == nil {
			wd = real
		}
		if within(abs, wd) {
			return wd
		}
	}
	return abs
}

// realPath is the absolute path a path stands for, links resolved.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// within reports whether p is root or below it.
func within(p, root string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && filepath.IsLocal(rel) || rel == "."
}

// check resolves a path and tells whether it may be read.
func (a *access) check(name string) error {
	abs, err := filepath.Abs(filepath.FromSlash(name))
	if err != nil {
		return err
	}
	// Outside as written, or once links are followed: whether such a file
	// exists is not said either way.
	if !a.inside(abs) {
		return errOutside
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return err
	}
	if !a.inside(real) {
		return errOutside
	}
	return nil
}

// inside reports whether an absolute path is in one of the projects.
func (a *access) inside(p string) bool {
	for _, r := range a.roots {
		if within(p, r) {
			return true
		}
	}
	return false
}

// ReadFile reads a referenced file.
func (a *access) ReadFile(name string) ([]byte, error) {
	if err := a.check(name); err != nil {
		return nil, err
	}
	st, err := os.Stat(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	return a.src.read(name)
}

// ReadDir lists a referenced directory.
func (a *access) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := a.check(name); err != nil {
		return nil, err
	}
	return os.ReadDir(filepath.FromSlash(name))
}
