package checker

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/sfn-lint/sfn-lint/project/formats"
)

// DiscoverOptions configures Discover.
type DiscoverOptions struct {
	// Exclude holds doublestar patterns. Each is matched against the
	// slash-separated path relative to each walked root, and against the path
	// relative to the working directory. A directory that matches (or whose
	// contents a trailing "/**" pattern covers) is not descended into.
	// Excludes never drop a file named explicitly on the command line.
	Exclude []string
}

// prunedDirs are directory names that are never descended into.
var prunedDirs = map[string]bool{
	".git":         true,
	".hg":          true,
	".svn":         true,
	"node_modules": true,
	".terraform":   true,
	".aws-sam":     true,
	".serverless":  true,
	"__pycache__":  true,
	".venv":        true,
	".idea":        true,
	".vscode":      true,
}

// candidateExts are the file extensions (lower case) a walk keeps: those
// the readers of every format read.
var candidateExts = func() map[string]bool {
	exts := map[string]bool{}
	for _, r := range formats.All() {
		for _, e := range r.Extensions() {
			exts[e] = true
		}
	}
	return exts
}()

// errNoSuchPath is reported for an argument that names nothing. It matches
// fs.ErrNotExist with errors.Is.
type errNoSuchPath struct{}

func (errNoSuchPath) Error() string        { return "no such file or directory" }
func (errNoSuchPath) Is(target error) bool { return target == fs.ErrNotExist }

// Discover expands command-line arguments into the sorted, de-duplicated list
// of candidate files, plus one error per argument that names nothing (and one
// per unreadable directory or invalid exclude pattern). No argument means
// "./...".
//
// Returned paths are slash-separated and cleaned; they are relative to the
// working directory when the argument was relative ("infra/render.yaml", not
// "./infra/render.yaml") and absolute when it was absolute.
//
// Argument forms:
//
//   - "dir/...", "./..." or "...": walk the directory recursively.
//   - "dir": a directory is also walked recursively, so "sfn-lint infra" and
//     "sfn-lint infra/..." mean the same.
//   - "file": a file is always included, whatever its name or extension and
//     even if an exclude pattern or a pruned directory would skip it.
//   - a glob (an argument with one of *?[{ that does not name an existing
//     path): doublestar.SplitPattern splits it into a static base and a
//     pattern; the base is walked and files whose path relative to the base
//     matches the pattern are kept, whatever their extension. A glob that
//     matches nothing is not an error; a glob whose base does not exist is.
//
// A walk does not follow symbolic links to directories (a symbolic link to a
// regular file is treated as that file). It never enters directories named
// .git, .hg, .svn, node_modules, .terraform, .aws-sam, .serverless,
// __pycache__, .venv, .idea or .vscode, nor excluded directories. Inside a
// cdk.out directory it keeps only *.template.json files and skips asset.*
// directories. Elsewhere it keeps files ending in .json, .yaml, .yml or
// .template (in any case) except package.json, package-lock.json and
// *.lock.json; their content is checked later.
//
// roots lists the directories that were walked (for a glob, its base), cleaned,
// slash-separated, de-duplicated and sorted; explicit files add none. Callers
// use it to find config files (see FindConfigs).
func Discover(args []string, opts DiscoverOptions) (files []string, roots []string, errs []error) {
	if len(args) == 0 {
		args = []string{"./..."}
	}
	d := &discovery{files: map[string]bool{}, roots: map[string]bool{}}
	if wd, err := os.Getwd(); err == nil {
		d.wd = wd
	}
	for _, p := range opts.Exclude {
		if !doublestar.ValidatePattern(p) {
			d.errs = append(d.errs, fmt.Errorf("exclude %q: invalid pattern", p))
			continue
		}
		d.excludes = append(d.excludes, p)
	}
	for _, arg := range args {
		d.arg(arg)
	}
	files = sortedKeys(d.files)
	roots = sortedKeys(d.roots)
	return files, roots, d.errs
}

type discovery struct {
	wd       string
	excludes []string
	files    map[string]bool
	roots    map[string]bool
	errs     []error
}

func (d *discovery) errorf(format string, a ...any) {
	d.errs = append(d.errs, fmt.Errorf(format, a...))
}

func (d *discovery) arg(arg string) {
	if arg == "" {
		d.errorf("%q: no such file or directory", arg)
		return
	}
	slashed := filepath.ToSlash(arg)

	// "dir/..." and "...".
	if slashed == "..." || strings.HasSuffix(slashed, "/...") {
		dir := strings.TrimSuffix(strings.TrimSuffix(slashed, "..."), "/")
		if dir == "" {
			if slashed == "..." {
				dir = "."
			} else {
				dir = "/"
			}
		}
		d.dirArg(arg, dir)
		return
	}

	// An existing path is taken literally, even when its name contains
	// glob meta characters.
	fi, err := os.Stat(arg)
	if err == nil {
		if fi.IsDir() {
			d.walkArg(arg, clean(arg), nil)
		} else {
			d.files[clean(arg)] = true
		}
		return
	}
	if hasMeta(slashed) && errors.Is(err, fs.ErrNotExist) {
		d.globArg(arg, slashed)
		return
	}
	d.statError(arg, err)
}

func (d *discovery) statError(arg string, err error) {
	if errors.Is(err, fs.ErrNotExist) {
		d.errs = append(d.errs, fmt.Errorf("%s: %w", arg, errNoSuchPath{}))
		return
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	d.errorf("%s: %w", arg, err)
}

func (d *discovery) dirArg(arg, dir string) {
	fi, err := os.Stat(filepath.FromSlash(dir))
	if err != nil {
		d.statError(arg, err)
		return
	}
	if !fi.IsDir() {
		d.errorf("%s: not a directory", arg)
		return
	}
	d.walkArg(arg, clean(dir), nil)
}

func (d *discovery) globArg(arg, slashed string) {
	pattern := path.Clean(slashed)
	if !doublestar.ValidatePattern(pattern) {
		d.errorf("%s: invalid pattern", arg)
		return
	}
	base, rest := doublestar.SplitPattern(pattern)
	fi, err := os.Stat(filepath.FromSlash(base))
	if err != nil {
		d.statError(arg, err)
		return
	}
	if !fi.IsDir() {
		d.errorf("%s: %s is not a directory", arg, base)
		return
	}
	d.walkArg(arg, clean(base), func(rel string) bool {
		return doublestar.MatchUnvalidated(rest, rel)
	})
}

// walkArg walks the directory an argument names and says so when it
// yields no file: a path that lints nothing is most often a mistake, and
// a run must not pass without having checked anything.
func (d *discovery) walkArg(arg, root string, keep func(rel string) bool) {
	if d.walk(arg, root, keep) > 0 {
		return
	}
	if keep != nil {
		d.errorf("%s: matches no file", arg)
		return
	}
	d.errorf("%s: holds no file sfn-lint reads (JSON, YAML or Terraform, outside excluded and tool directories)", arg)
}

// walk walks root (a cleaned slash path) and returns how many files it
// kept. keep, when non-nil, replaces the default extension filter: it
// receives the slash path relative to root.
func (d *discovery) walk(arg, root string, keep func(rel string) bool) int {
	d.roots[root] = true
	kept := 0
	proj := projectRoot(filepath.FromSlash(root), d.wd)
	rootInCdkOut := false
	if abs, err := filepath.Abs(filepath.FromSlash(root)); err == nil {
		rootInCdkOut = slices.Contains(strings.Split(filepath.ToSlash(abs), "/"), "cdk.out")
	}
	walkRoot := filepath.FromSlash(root)
	if fi, err := os.Lstat(walkRoot); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// A symbolic link named on the command line is followed (once):
		// a trailing separator makes WalkDir read the link's target.
		walkRoot += string(filepath.Separator)
	}
	_ = filepath.WalkDir(walkRoot, func(p string, de fs.DirEntry, err error) error {
		display := clean(p)
		rel := relSlash(root, display)
		if err != nil {
			if rel == "." {
				// The root vanished or cannot be read at all.
				d.statError(arg, err)
				return nil
			}
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			d.errorf("%s: %w", display, err)
			if de != nil && de.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		inCdkOut := rootInCdkOut || slices.Contains(strings.Split(path.Dir(rel), "/"), "cdk.out")
		name := de.Name()
		if de.IsDir() {
			if rel == "." {
				return nil // an explicitly named directory is always walked
			}
			if prunedDirs[name] ||
				(inCdkOut && strings.HasPrefix(name, "asset.")) ||
				d.dirExcluded(rel, display) {
				return filepath.SkipDir
			}
			return nil
		}
		if !de.Type().IsRegular() {
			if de.Type()&fs.ModeSymlink == 0 {
				return nil // devices, pipes, sockets
			}
			// Keep a symbolic link to a regular file of the project;
			// never follow one to a directory, nor out of the project
			// (a pull request could link to a secret to have it printed).
			// A dangling link is skipped like any other non-file.
			if fi, statErr := os.Stat(p); statErr != nil || !fi.Mode().IsRegular() {
				return nil //nolint:nilerr // skipping is the answer, not an error
			}
			if real, err := realPath(p); err != nil || !within(real, proj) {
				return nil //nolint:nilerr // a link out of the project is passed over
			}
		}
		if inCdkOut && !strings.HasSuffix(strings.ToLower(name), ".template.json") {
			return nil
		}
		if keep != nil {
			if !keep(rel) {
				return nil
			}
		} else if !isCandidateName(name) {
			return nil
		}
		if d.excluded(rel, display) {
			return nil
		}
		d.files[display] = true
		kept++
		return nil
	})
	return kept
}

// isCandidateName reports whether a walk keeps a file of this name by default.
func isCandidateName(name string) bool {
	lower := strings.ToLower(name)
	if !candidateExts[path.Ext(lower)] {
		return false
	}
	switch {
	case lower == "package.json", lower == "package-lock.json",
		strings.HasSuffix(lower, ".lock.json"):
		return false
	}
	return true
}

// excluded reports whether an exclude pattern matches rel (relative to the
// walked root) or the path relative to the working directory.
func (d *discovery) excluded(rel, display string) bool {
	if len(d.excludes) == 0 {
		return false
	}
	wdRel, hasWDRel := d.wdRel(display)
	for _, pat := range d.excludes {
		if doublestar.MatchUnvalidated(pat, rel) ||
			(hasWDRel && doublestar.MatchUnvalidated(pat, wdRel)) {
			return true
		}
	}
	return false
}

// dirExcluded reports whether a directory is excluded: a pattern matches it,
// or the pattern ends in "/**" and its prefix matches it.
func (d *discovery) dirExcluded(rel, display string) bool {
	if d.excluded(rel, display) {
		return true
	}
	wdRel, hasWDRel := d.wdRel(display)
	for _, pat := range d.excludes {
		prefix, ok := strings.CutSuffix(pat, "/**")
		if !ok || prefix == "" {
			continue
		}
		if doublestar.MatchUnvalidated(prefix, rel) ||
			(hasWDRel && doublestar.MatchUnvalidated(prefix, wdRel)) {
			return true
		}
	}
	return false
}

// wdRel returns display relative to the working directory, when it lies
// inside it.
func (d *discovery) wdRel(display string) (string, bool) {
	if !path.IsAbs(display) && !filepath.IsAbs(display) {
		return display, filepath.IsLocal(filepath.FromSlash(display))
	}
	if d.wd == "" {
		return "", false
	}
	r, err := filepath.Rel(d.wd, filepath.FromSlash(display))
	if err != nil || !filepath.IsLocal(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// clean returns p cleaned and slash-separated.
func clean(p string) string {
	return filepath.ToSlash(filepath.Clean(filepath.FromSlash(p)))
}

// relSlash returns target relative to base; both are cleaned slash paths and
// target lies inside base.
func relSlash(base, target string) string {
	r, err := filepath.Rel(filepath.FromSlash(base), filepath.FromSlash(target))
	if err != nil {
		return target
	}
	return filepath.ToSlash(r)
}

// hasMeta reports whether p has an unescaped glob meta character.
func hasMeta(p string) bool {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '*', '?', '[', '{':
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
