package project_test

import (
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/cfn"
	"github.com/sfn-lint/sfn-lint/project/projecttest"
	"github.com/sfn-lint/sfn-lint/project/standalone"
)

// crashReader reads files with a "crash" key, and panics on those whose
// value is true: once per file when guarded, or for the whole of its Read
// when not.
type crashReader struct{ guarded bool }

func (crashReader) Recognize(f *project.File) project.Kind {
	if f.Root != nil && f.Root.Get("crash") != nil {
		return "crash"
	}
	return project.Other
}

func (crashReader) Extensions() []string { return []string{".json"} }

func (r crashReader) Read(p *project.Project, files []*project.File) {
	for _, f := range files {
		read := func() {
			if f.Root.Get("crash").IsTrue() {
				panic("crash")
			}
			p.Machines = append(p.Machines, &project.Machine{Name: f.Path, File: f, Node: f.Root})
		}
		if r.guarded {
			p.Guard(f, read)
		} else {
			read()
		}
	}
}

const definition = `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`

// TestReaderPanic checks that a panic while reading becomes a problem of
// the file being read, and that every other file is still read.
func TestReaderPanic(t *testing.T) {
	files := map[string]string{
		// "States" makes each look like a file of ours.
		"a.json":    `{"crash": false, "for": "States"}`,
		"b.json":    `{"crash": true, "for": "States"}`,
		"c.json":    `{"crash": false, "for": "States"}`,
		"flow.json": definition,
	}
	for _, tt := range []struct {
		name     string
		guarded  bool
		machines string
		problem  string
	}{
		// The reader guards each file: only b.json is lost.
		{"per file", true, "a.json c.json flow", "b.json"},
		// The reader guards nothing: the loader stops it at its first
		// file's problem, and the other readers go on.
		{"per reader", false, "a.json flow", "a.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := projecttest.Load(t, []project.Reader{crashReader{tt.guarded}, standalone.Reader{}}, files)
			var names []string
			for _, m := range p.Machines {
				names = append(names, m.Name)
			}
			if got := strings.Join(names, " "); got != tt.machines {
				t.Errorf("machines %q, want %q", got, tt.machines)
			}
			if len(p.Problems) != 1 {
				t.Fatalf("problems %v, want one", p.Problems)
			}
			pr := p.Problems[0]
			want := "internal error while reading this file, which is not checked: crash (at project_test.crashReader.Read."
			if pr.File.Path != tt.problem || pr.Pos != 0 || !strings.HasPrefix(pr.Msg, want) {
				t.Errorf("problem %s:%d %q, want %s:0 %q…", pr.File.Path, pr.Pos, pr.Msg, tt.problem, want)
			}
		})
	}
}

// TestParsePanic checks that a panic while a file is read or parsed is a
// problem of that file alone.
func TestParsePanic(t *testing.T) {
	read := func(name string) ([]byte, error) {
		if name == "bad.json" {
			panic("unreadable")
		}
		return []byte(definition), nil
	}
	p := project.Load([]string{"bad.json", "good.json"}, read, project.Options{Readers: []project.Reader{standalone.Reader{}}})
	if len(p.Machines) != 1 || p.Machines[0].Name != "good" {
		t.Errorf("machines %v, want good alone", p.Machines)
	}
	if len(p.Problems) != 1 || p.Problems[0].File.Path != "bad.json" || !strings.Contains(p.Problems[0].Msg, "unreadable") {
		t.Errorf("problems %v, want one of bad.json", p.Problems)
	}
}

// TestOpenOnDemand checks that a file a template references is read when
// the template alone is named, as a pre-commit run names it, and that it
// is read once and not as a machine of its own.
func TestOpenOnDemand(t *testing.T) {
	files := map[string]string{
		"app/template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: flows/flow.asl.json
      Policies: []
`,
		"app/flows/flow.asl.json": definition,
	}
	p := projecttest.Load(t, []project.Reader{cfn.Reader{}, standalone.Reader{}}, files, "app/template.yaml")
	if len(p.Machines) != 1 {
		t.Fatalf("machines %v, want one", p.Machines)
	}
	m := p.Machines[0]
	if m.Name != "Flow" || m.DefinitionFile == nil || m.DefinitionFile.Path != "app/flows/flow.asl.json" || m.Definition == nil {
		t.Errorf("machine %+v: want Flow with its definition from app/flows/flow.asl.json", m)
	}
	if p.File("app/flows/flow.asl.json") == nil || len(p.Files) != 2 {
		t.Errorf("files %d, want the template and the definition it names", len(p.Files))
	}
	f1, _ := p.Open("app/flows/flow.asl.json")
	if f1 != m.DefinitionFile {
		t.Error("a second Open read the file again")
	}
	if _, err := p.Open("app/missing.json"); err == nil {
		t.Error("Open of a file that does not exist succeeded")
	}
	for _, pr := range p.Problems {
		t.Errorf("problem: %s", pr.Msg)
	}
}

// TestEncodings checks that UTF-8 with a byte order mark is read, with
// positions as editors count them, and that UTF-16 is reported as such.
func TestEncodings(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range definition {
		utf16 = append(utf16, byte(r), 0)
	}
	files := map[string]string{
		"bom.asl.json":   "\ufeff" + definition,
		"utf16.asl.json": string(utf16),
	}
	p := projecttest.Load(t, []project.Reader{standalone.Reader{}}, files)
	if len(p.Machines) != 1 || p.Machines[0].Name != "bom" {
		t.Fatalf("machines %v, want bom alone", p.Machines)
	}
	if line, col := p.File("bom.asl.json").Lines.Position(p.Machines[0].Definition.Root.Pos); line != 1 || col != 1 {
		t.Errorf("the definition starts at %d:%d, want 1:1", line, col)
	}
	if len(p.Problems) != 1 || p.Problems[0].File.Path != "utf16.asl.json" ||
		p.Problems[0].Msg != "the file is encoded in UTF-16LE: AWS reads definitions, templates and policies as UTF-8, so save it as UTF-8" {
		t.Errorf("problems %v, want one saying utf16.asl.json is UTF-16", p.Problems)
	}
}
