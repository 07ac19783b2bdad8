package checker_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
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
