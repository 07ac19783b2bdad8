package checker

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/formats"
)

// A file named on the command line (a pre-commit run names only the
// changed ones) is checked as it would be in a run over the whole tree:
// with the configs above it, up to its project's root, and with the
// templates, Terraform modules and Serverless services that deploy it.

// configsAbove lists the config files in the directories from each named
// file's up to its project's root.
func configsAbove(named []string) []string {
	wd, _ := os.Getwd()
	var out []string
	for _, f := range named {
		root := projectRoot(filepath.Dir(filepath.FromSlash(f)), wd)
		dir := filepath.Dir(filepath.FromSlash(f))
		for {
			for _, name := range ConfigNames {
				p := filepath.Join(dir, name)
				if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
					out = append(out, clean(filepath.ToSlash(p)))
				}
			}
			abs, err := realPath(dir)
			if err != nil || abs == root || filepath.Dir(dir) == dir {
				break
			}
			dir = filepath.Join(dir, "..")
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// deployers finds, among the files of the named files' projects, those
// that deploy one of them: a template whose DefinitionUri names it, a
// Terraform module that reads it with file() or calls the module it is in,
// a Serverless service that includes it. A candidate must name the file's
// base name, and reading it alone must follow a reference to the file: the
// readers decide, not a pattern.
func deployers(named []string, have []string, src *source, exclude []string) []string {
	var want []string
	for _, f := range named {
		data, err := src.read(f)
		if err != nil || deploysItself(data, f) {
			continue
		}
		want = append(want, f)
	}
	if len(want) == 0 {
		return nil
	}
	wd, _ := os.Getwd()
	var out []string
	seen := map[string]bool{}
	for _, f := range want {
		root := projectRoot(filepath.Dir(filepath.FromSlash(f)), wd)
		rel, err := filepath.Rel(wd, root)
		if err != nil {
			continue
		}
		candidates, _, _ := Discover([]string{filepath.ToSlash(rel) + "/..."}, DiscoverOptions{Exclude: exclude})
		base := []byte(path.Base(f))
		dirName := []byte(path.Base(path.Dir(f)))
		for _, c := range candidates {
			if seen[c] || c == f || slices.Contains(have, c) {
				continue
			}
			data, err := src.read(c)
			names := bytes.Contains(data, base) || path.Ext(f) == ".tf" && bytes.Contains(data, dirName)
			if err != nil || !names {
				continue
			}
			if opens(c, f, src) {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}

// deploysItself reports whether a file deploys its own state machines (a
// template, a service, a plan): such a file needs no other for context.
func deploysItself(data []byte, name string) bool {
	if path.Ext(name) == ".tf" {
		return bytes.Contains(data, []byte("aws_sfn_state_machine"))
	}
	return bytes.Contains(data, []byte("AWS::StepFunctions::StateMachine")) ||
		bytes.Contains(data, []byte("AWS::Serverless::StateMachine")) ||
		bytes.Contains(data, []byte("stepFunctions")) || bytes.Contains(data, []byte("planned_values"))
}

// opens reports whether reading file alone follows a reference to target.
func opens(file, target string, src *source) bool {
	p := project.Load([]string{file}, src.read, project.Options{Readers: formats.All(), FS: &access{src: src, roots: rootsOf(file)}})
	return p.File(target) != nil
}

func rootsOf(file string) []string {
	wd, _ := os.Getwd()
	return []string{projectRoot(filepath.Dir(filepath.FromSlash(file)), wd)}
}

// context lists the files that give the named files their context: those
// that deploy them, and the other .tf files of a named .tf file's module,
// which Terraform reads together.
func context(named, have []string, src *source, exclude []string) []string {
	out := deployers(named, have, src, exclude)
	for _, f := range named {
		if !strings.EqualFold(path.Ext(f), ".tf") {
			continue
		}
		dir := path.Dir(f)
		entries, _ := os.ReadDir(filepath.FromSlash(dir))
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if e.Type().IsRegular() && strings.EqualFold(path.Ext(p), ".tf") && !slices.Contains(have, p) && !slices.Contains(out, p) {
				out = append(out, clean(p))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
