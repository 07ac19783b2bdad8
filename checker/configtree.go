package checker

import (
	"path"
	"path/filepath"
	"slices"
	"sync"
)

// configTree finds the configs that govern a file by the file's
// directories, rather than asking each config of the run: a tree with a
// config in every project has as many configs as projects.
type configTree struct {
	configs []*Config
	// byDir indexes the configs by their directory as written, and byAbs
	// by its absolute path, for files written the other way.
	byDir, byAbs map[string][]int
	// anywhere are the configs with a binding for absolute paths, which
	// may bind a definition anywhere.
	anywhere []int
	// ignores is set when a config has ignore entries; abs and rel when
	// a config's directory is written absolute, or relative.
	ignores, abs, rel bool

	mu      sync.Mutex
	nearest map[string]*Config // by directory
}

func newConfigTree(configs []*Config) *configTree {
	t := &configTree{configs: configs, byDir: map[string][]int{}, byAbs: map[string][]int{}, nearest: map[string]*Config{}}
	for i, c := range configs {
		t.byDir[c.Dir] = append(t.byDir[c.Dir], i)
		if abs, err := filepath.Abs(filepath.FromSlash(c.Dir)); err == nil {
			t.byAbs[filepath.ToSlash(abs)] = append(t.byAbs[filepath.ToSlash(abs)], i)
		}
		if slices.ContainsFunc(c.Bindings, func(b Binding) bool { return path.IsAbs(b.Definition) }) {
			t.anywhere = append(t.anywhere, i)
		}
		t.ignores = t.ignores || len(c.Ignores) > 0
		t.abs = t.abs || path.IsAbs(c.Dir)
		t.rel = t.rel || !path.IsAbs(c.Dir)
	}
	return t
}

// above returns, in the run's order, the configs whose directory holds
// file (see Config.relToDir), and those of extra.
func (t *configTree) above(file string, extra []int) []*Config {
	var idx []int
	for d := path.Dir(file); ; d = path.Dir(d) {
		idx = append(idx, t.byDir[d]...)
		if d == "." || d == "/" {
			break
		}
	}
	// A config written the other way holds the file if its absolute path
	// does.
	other := t.rel
	if !path.IsAbs(file) {
		other = t.abs
	}
	if abs, err := filepath.Abs(filepath.FromSlash(file)); err == nil && other {
		for d := path.Dir(filepath.ToSlash(abs)); ; d = path.Dir(d) {
			idx = append(idx, t.byAbs[d]...)
			if d == "." || d == "/" {
				break
			}
		}
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	out := make([]*Config, 0, len(idx)+len(extra))
	for _, i := range idx {
		c := t.configs[i]
		if rel, ok := c.relToDir(file); ok && filepath.IsLocal(filepath.FromSlash(rel)) {
			out = append(out, c)
		}
	}
	if len(extra) > 0 {
		for _, i := range extra {
			if !slices.Contains(out, t.configs[i]) {
				out = append(out, t.configs[i])
			}
		}
		slices.SortFunc(out, func(a, b *Config) int { return t.index(a) - t.index(b) })
	}
	return out
}

func (t *configTree) index(c *Config) int { return slices.Index(t.configs, c) }

// governing returns the config that governs a file: the one in the
// deepest directory above it, the same for every file of a directory.
func (t *configTree) governing(file string) *Config {
	dir := path.Dir(file)
	t.mu.Lock()
	c, ok := t.nearest[dir]
	t.mu.Unlock()
	if ok {
		return c
	}
	c = nearest(t.above(file, nil), file)
	t.mu.Lock()
	t.nearest[dir] = c
	t.mu.Unlock()
	return c
}

// excludes reports whether a config excludes a file.
func (t *configTree) excludes(file string) bool {
	return slices.ContainsFunc(t.above(file, nil), func(c *Config) bool { return c.Excludes(file) })
}

// policiesFor returns the policy files the configs bind a definition to.
func (t *configTree) policiesFor(def string) []string {
	var out []string
	for _, c := range t.above(def, t.anywhere) {
		out = append(out, c.PoliciesFor(def)...)
	}
	return out
}
