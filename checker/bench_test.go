package checker_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/internal/scale"
)

// The corpora live beside the project, not in it: a clone of the project
// alone skips these benchmarks.

func BenchmarkCorpus(b *testing.B) {
	benchmarkTree(b, filepath.Join("..", "..", "shared", "corpus"))
}

func BenchmarkCDKSynth(b *testing.B) {
	benchmarkTree(b, filepath.Join("..", "..", "shared", "cdk-synth"))
}

// benchmarkTree lints everything under dir once per iteration and reports
// how many files and state machines a run covers.
func benchmarkTree(b *testing.B, dir string) {
	// An absolute path keeps the run independent of the working directory.
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.Fatal(err)
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		b.Skipf("%s is not present: this benchmark needs the shared corpus beside the project", abs)
	}
	var res *checker.Result
	for b.Loop() {
		res = checker.Run(checker.Options{Args: []string{abs + "/..."}})
	}
	if len(res.Errors) > 0 {
		b.Fatalf("run errors: %v", res.Errors)
	}
	if res.Summary.Files == 0 {
		b.Fatalf("no files found under %s", abs)
	}
	b.ReportMetric(float64(res.Summary.Files), "files/op")
	b.ReportMetric(float64(res.Summary.StateMachines), "machines/op")
}

// BenchmarkScale lints trees of 100, 1,000 and 10,000 state machines,
// copies of the projects under testdata side by side, and reports the cost
// per machine, which should not grow with the tree. Peak memory is
// measured on a process of its own: go run ./internal/scale/measure.
func BenchmarkScale(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("machines=%d", n), func(b *testing.B) {
			dir := scaleTree(b, n)
			var res *checker.Result
			for b.Loop() {
				res = checker.Run(checker.Options{Args: []string{dir + "/..."}})
			}
			b.ReportMetric(float64(res.Summary.StateMachines), "machines/op")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Summary.StateMachines), "ns/machine")
		})
	}
}

var (
	scaleOnce     sync.Once
	scaleProjects []scale.Project
	scaleErr      error
)

// scaleTree builds a tree of at least n machines for one benchmark.
func scaleTree(b *testing.B, n int) string {
	b.Helper()
	scaleOnce.Do(func() { scaleProjects, scaleErr = scale.Projects(filepath.Join("..", "testdata")) })
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	dir := b.TempDir()
	if _, err := scale.Build(dir, scaleProjects, n); err != nil {
		b.Fatal(err)
	}
	return dir
}
