package checker_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/sarif"
)

// formatsDir holds the project every output format is rendered from, and
// one golden file per format.
func formatsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "formats"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// lintFormatsProject lints testdata/formats/project from inside it, so paths
// in the output are relative to the project.
func lintFormatsProject(t *testing.T) *checker.Result {
	t.Helper()
	t.Chdir(filepath.Join(formatsDir(t), "project"))
	res := checker.Run(checker.Options{Args: []string{"./..."}})
	for _, err := range res.Errors {
		t.Fatalf("invocation error: %v", err)
	}
	// The project is built to show one finding of each severity, one of
	// them with a fix; check that it still does before comparing bytes.
	var sev [checker.Error + 1]int
	fixes := 0
	for _, d := range res.Diagnostics {
		sev[d.Severity]++
		fixes += len(d.Fixes)
	}
	if sev[checker.Error] != 1 || sev[checker.Warning] != 1 || sev[checker.Note] != 1 || fixes != 1 {
		t.Fatalf("want one error, one warning, one note and one fix; got %d, %d, %d and %d",
			sev[checker.Error], sev[checker.Warning], sev[checker.Note], fixes)
	}
	return res
}

// writeSARIF renders the result as SARIF. The golden keeps each rule's
// documentation to its first line: the documents change on their own
// schedule, and the SARIF writer's handling of them is tested in package
// sarif.
func writeSARIF(w io.Writer, res *checker.Result) error {
	rules := checker.Rules()
	for i := range rules {
		rules[i].Doc, _, _ = strings.Cut(rules[i].Doc, "\n")
	}
	return sarif.Write(w, res.Diagnostics, rules, sarif.Options{
		ToolName:       "sfn-lint",
		ToolVersion:    "test",
		InformationURI: "https://github.com/sfn-lint/sfn-lint",
		Successful:     true,
	})
}

// TestFormats renders the same result in every output format and compares
// each with its golden file. Run with -update to rewrite them.
func TestFormats(t *testing.T) {
	golden := formatsDir(t)
	res := lintFormatsProject(t)
	for _, f := range []struct {
		name  string
		write func(io.Writer, *checker.Result) error
	}{
		{"text.golden", checker.WriteText},
		{"json.golden", checker.WriteJSON},
		{"github.golden", checker.WriteGitHub},
		{"brief.golden", func(w io.Writer, r *checker.Result) error {
			return checker.WriteTextWith(w, r, checker.TextOptions{Brief: true})
		}},
		{"color.golden", func(w io.Writer, r *checker.Result) error {
			return checker.WriteTextWith(w, r, checker.TextOptions{Color: true})
		}},
		{"sarif.golden", writeSARIF},
	} {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.write(&buf, res); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(golden, f.name)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("output differs from %s (run go test -update if the change is intended):\n%s",
					path, lineDiff(string(want), buf.String()))
			}
		})
	}
}

// TestSARIFSchema validates the SARIF rendering of a real run against the
// SARIF 2.1.0 schema, which is kept outside the repository.
func TestSARIFSchema(t *testing.T) {
	schemaPath, err := filepath.Abs(filepath.Join("..", "..", "shared", "reference", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(schemaPath); err != nil {
		t.Skipf("SARIF schema not found at %s (it lives outside the repository): %v", schemaPath, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	if err := writeSARIF(&buf, lintFormatsProject(t)); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("SARIF output does not validate: %v", err)
	}

	// The check is not vacuous: a result whose level is not a SARIF level
	// must be rejected.
	bad := bytes.Replace(buf.Bytes(), []byte(`"level": "warning"`), []byte(`"level": "serious"`), 1)
	if bytes.Equal(bad, buf.Bytes()) {
		t.Fatal("no warning level in the SARIF output to tamper with")
	}
	inst, err = jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if schema.Validate(inst) == nil {
		t.Error("schema accepted a result level of \"serious\"")
	}
}
