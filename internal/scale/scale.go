// Package scale builds trees of state machines of every format, of a given
// size, from the projects under testdata, and parses trees the way a bare
// parser does: what sfn-lint's run time and memory are measured against.
package scale

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/node"
)

// Project is a directory of testdata that is linted as a whole, and the
// number of state machines a run over it finds.
type Project struct {
	Dir      string
	Machines int
}

// Projects finds the projects under a testdata directory (those with a
// want.out) and counts the state machines of each.
func Projects(testdata string) ([]Project, error) {
	var dirs []string
	err := filepath.WalkDir(testdata, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == "want.out" {
			dirs = append(dirs, filepath.Dir(p))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(dirs)
	var out []Project
	for _, dir := range dirs {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		res := checker.Run(checker.Options{Args: []string{abs + "/..."}})
		if res.Summary.StateMachines > 0 {
			out = append(out, Project{Dir: abs, Machines: res.Summary.StateMachines})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no project with a state machine under %s", testdata)
	}
	return out, nil
}

// Build writes copies of the projects side by side under dst, each in a
// directory of its own, taking them in turn until the copies hold at least
// machines state machines. It returns how many they hold.
func Build(dst string, projects []Project, machines int) (int, error) {
	total := 0
	for i := 0; total < machines; i++ {
		p := projects[i%len(projects)]
		to := filepath.Join(dst, fmt.Sprintf("%05d-%s", i, filepath.Base(p.Dir)))
		if err := copyDir(p.Dir, to); err != nil {
			return total, err
		}
		total += p.Machines
	}
	return total, nil
}

// copyDir copies the regular files of a directory tree.
func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() || d.Name() == "want.out" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// ParseAll reads and parses every file sfn-lint would be given for args,
// each into its tree (JSON and YAML into node trees, Terraform into HCL
// syntax trees), on every CPU, and returns how many files it parsed.
func ParseAll(args []string) (int, error) {
	files, _, errs := checker.Discover(args, checker.DiscoverOptions{})
	if len(errs) > 0 {
		return 0, errs[0]
	}
	var wg sync.WaitGroup
	next := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for name := range next {
				parseFile(name)
			}
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	return len(files), nil
}

// parseFile parses one file the way its format is read; what does not
// parse is passed over.
func parseFile(name string) {
	data, err := os.ReadFile(name)
	if err != nil {
		return
	}
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".tf":
		_, _ = hclsyntax.ParseConfig(data, name, hcl.InitialPos)
	case ".json":
		_, _ = node.ParseJSON(data)
	default:
		_, _ = node.Parse(data)
	}
}
