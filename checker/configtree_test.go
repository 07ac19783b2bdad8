package checker

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestConfigTree checks that the configs the tree finds for a file by its
// directories are those asking every config finds.
func TestConfigTree(t *testing.T) {
	wd := t.TempDir()
	t.Chdir(wd)
	abs := func(p string) string { return filepath.ToSlash(filepath.Join(wd, p)) }
	var configs []*Config
	for _, dir := range []string{".", "a", "a/b", "..", "../x", abs("a"), abs("a/b/c"), "c", "/", abs(".")} {
		configs = append(configs, &Config{Path: dir + "/.sfn-lint.yaml", Dir: dir,
			Exclude:  []string{"**/skip/**", "old.json"},
			Bindings: []Binding{{Definition: "**/*.asl.json", Policies: []string{"p.json"}}}})
	}
	configs = append(configs, &Config{Path: "z/.sfn-lint.yaml", Dir: "z",
		Bindings: []Binding{{Definition: abs("a/**/*.asl.json"), Policies: []string{"anywhere.json"}}}})
	tree := newConfigTree(configs)
	files := []string{"f.asl.json", "a/f.asl.json", "a/b/f.asl.json", "a/b/c/d/f.asl.json", "a/skip/f.json",
		"a/old.json", "c/f.asl.json", "../f.asl.json", "../x/f.asl.json", "../x/y/skip/g.json",
		abs("f.asl.json"), abs("a/b/c/f.asl.json"), abs("a/skip/f.json"), "/etc/f.asl.json", abs("../elsewhere/f.asl.json")}
	var governed, excluded, bound int
	for _, f := range files {
		if tree.governing(f) != nil {
			governed++
		}
		if tree.excludes(f) {
			excluded++
		}
		if len(tree.policiesFor(f)) > 1 {
			bound++
		}
		if got, want := tree.governing(f), nearest(configs, f); got != want {
			t.Errorf("%s: governed by %v, want %v", f, got, want)
		}
		want := slices.ContainsFunc(configs, func(c *Config) bool { return c.Excludes(f) })
		if got := tree.excludes(f); got != want {
			t.Errorf("%s: excluded %v, want %v", f, got, want)
		}
		var policies []string
		for _, c := range configs {
			policies = append(policies, c.PoliciesFor(f)...)
		}
		if got := tree.policiesFor(f); !slices.Equal(got, policies) {
			t.Errorf("%s: policies %q, want %q", f, got, policies)
		}
	}
	if governed < 10 || excluded < 3 || bound < 3 {
		t.Errorf("%d files governed, %d excluded, %d bound more than once: the layout checks little", governed, excluded, bound)
	}
}
