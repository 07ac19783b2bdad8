// Command measure times sfn-lint over trees of 100, 1,000 and 10,000 state
// machines (copies of the projects under testdata), next to a bare parse
// of the same files, and prints the wall time and peak memory (maximum
// resident set size) of each, measured on a process of its own:
//
//	go run ./internal/scale/measure
//	go run ./internal/scale/measure -sizes 100,1000 -bin /tmp/sfn-lint-old
//	go run ./internal/scale/measure -src ../shared/corpus -sizes 186,1860
//
// With -src a directory without projects (no want.out), the directory is
// copied whole as often as the size needs. Each command runs -runs times,
// taking turns; the table gives the shortest time and the largest peak
// memory of each, and sfn-lint's time per state machine.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/internal/scale"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "parse" {
		// The floor, run as a process of its own: parse every file.
		if _, err := scale.ParseAll(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	sizes := flag.String("sizes", "100,1000,10000", "numbers of state machines to measure, comma-separated")
	src := flag.String("src", "testdata", "the projects to copy: a testdata directory, or any directory copied whole")
	bin := flag.String("bin", "", "the sfn-lint binary to measure; empty builds ./cmd/sfn-lint")
	keep := flag.String("dir", "", "build the trees here and keep them; empty uses a temporary directory")
	runs := flag.Int("runs", 3, "how many times to run each command")
	flag.Parse()
	if err := measure(*sizes, *src, *bin, *keep, max(1, *runs)); err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(1)
	}
}

func measure(sizes, src, bin, dir string, runs int) error {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "sfn-lint-scale-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	if bin == "" {
		bin = filepath.Join(dir, "sfn-lint")
		build := exec.Command("go", "build", "-o", bin, "./cmd/sfn-lint")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	projects, err := scale.Projects(src)
	if err != nil {
		// Not a testdata directory: copy it whole.
		abs, aerr := filepath.Abs(src)
		if aerr != nil {
			return aerr
		}
		res := checker.Run(checker.Options{Args: []string{abs + "/..."}})
		if res.Summary.StateMachines == 0 {
			return err
		}
		projects = []scale.Project{{Dir: abs, Machines: res.Summary.StateMachines}}
	}
	fmt.Printf("%-9s %7s %7s | %-22s %9s | %-22s | %s\n", "machines", "files", "MB", "sfn-lint", "per mach.", "bare parse", "ratio")
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-sizes: %w", err)
		}
		tree := filepath.Join(dir, "tree-"+strconv.Itoa(n))
		if err := os.RemoveAll(tree); err != nil {
			return err
		}
		machines, err := scale.Build(tree, projects, n)
		if err != nil {
			return err
		}
		files, size := count(tree)
		// Read the files once first, so that both runs find them cached.
		if _, err := scale.ParseAll([]string{tree + "/..."}); err != nil {
			return err
		}
		var lint, parse sample
		for i := range runs {
			lint = lint.best(run(tree, bin, "--format", "json", tree+"/..."), i == 0)
			parse = parse.best(run(tree, self, "parse", tree+"/..."), i == 0)
		}
		perMachine := time.Duration(int64(lint.wall) / int64(machines))
		fmt.Printf("%-9d %7d %7.1f | %-22s %9s | %-22s | %.2fx time, %.2fx memory\n", machines, files, float64(size)/1e6,
			lint, perMachine.Round(time.Microsecond), parse, lint.wall.Seconds()/parse.wall.Seconds(), float64(lint.rss)/float64(parse.rss))
	}
	return nil
}

// sample is one process's wall time and peak memory.
type sample struct {
	wall time.Duration
	rss  int64 // bytes
}

// best keeps the shortest time and the largest peak memory.
func (s sample) best(t sample, first bool) sample {
	if first {
		return t
	}
	return sample{wall: min(s.wall, t.wall), rss: max(s.rss, t.rss)}
}

func (s sample) String() string {
	return fmt.Sprintf("%6.2f s %7.1f MiB", s.wall.Seconds(), float64(s.rss)/(1<<20))
}

// run runs a command in dir and measures it; its exit status is not
// looked at (findings exit 1).
func run(dir, name string, args ...string) sample {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Stderr = dir, os.Stderr
	start := time.Now()
	_ = cmd.Run()
	s := sample{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss << 10
	}
	return s
}

// count returns the number of files under dir and their total size.
func count(dir string) (files int, size int64) {
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			files++
			size += info.Size()
		}
		return nil
	})
	return files, size
}
