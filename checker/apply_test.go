package checker

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/internal/treecopy"
)

// copyTree copies a directory tree into a new temporary directory.
func copyTree(t *testing.T, from string) string { return treecopy.Copy(t, from) }

// TestFixRoundTrip applies the fixes of every testdata project that has
// any, and lints again: no finding that had a fix may be left, and the
// diff of the fixes must be what --fix wrote.
func TestFixRoundTrip(t *testing.T) {
	var dirs []string
	for _, root := range []string{"../testdata/rules", "../testdata/projects"} {
		matches, _ := filepath.Glob(filepath.Join(root, "*", "want.out"))
		more, _ := filepath.Glob(filepath.Join(root, "*", "*", "want.out"))
		for _, m := range append(matches, more...) {
			dirs = append(dirs, filepath.Dir(m))
		}
	}
	tried := 0
	for _, dir := range dirs {
		abs, _ := filepath.Abs(dir)
		t.Run(strings.TrimPrefix(dir, "../testdata/"), func(t *testing.T) {
			t.Chdir(copyTree(t, abs))
			res := Run(Options{Args: []string{"."}})
			fixed := map[string]string{}
			for _, d := range res.Diagnostics {
				if len(d.Fixes) > 0 {
					fixed[d.Fingerprint()] = TextLine(d)
				}
			}
			if len(fixed) == 0 {
				return
			}
			tried++
			var diff bytes.Buffer
			if _, err := ApplyFixes(res, &diff); err != nil {
				t.Fatal(err)
			}
			patched := patch(t, diff.String())
			fr, err := ApplyFixes(res, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(fr.Skipped) > 0 {
				t.Errorf("skipped: %q", fr.Skipped)
			}
			for file, want := range patched {
				if got, _ := os.ReadFile(file); string(got) != want {
					t.Errorf("%s: --diff applied gives\n%s\n--fix wrote\n%s", file, want, got)
				}
			}
			again := Run(Options{Args: []string{"."}})
			for _, d := range again.Diagnostics {
				if line, ok := fixed[d.Fingerprint()]; ok {
					t.Errorf("still reported after --fix: %s (was %s)", TextLine(d), line)
				}
				if d.Rule == "SFN001" {
					t.Errorf("a fix broke a file: %s", TextLine(d))
				}
			}
			if diff.Len() == 0 || !strings.HasPrefix(diff.String(), "--- ") {
				t.Errorf("diff:\n%s", diff.String())
			}
		})
	}
	if tried == 0 {
		t.Fatal("no testdata project has a fix")
	}
}

// patch applies a unified diff to the files it names, as they are on
// disk, and returns what each becomes; it fails the test on a line of a
// hunk that is not the file's.
func patch(t *testing.T, diff string) map[string]string {
	t.Helper()
	out := map[string]string{}
	var file string
	var orig, got []string
	at := 0 // lines of orig used so far
	flush := func() {
		if file != "" {
			out[file] = strings.Join(append(got, orig[at:]...), "")
		}
	}
	lines := strings.SplitAfter(diff, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], `\ No newline`) {
			l = strings.TrimSuffix(l, "\n")
			i++
		}
		switch {
		case l == "" || strings.HasPrefix(l, "+++ "):
		case strings.HasPrefix(l, "--- "):
			flush()
			file = strings.TrimSpace(l[4:])
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			orig, got, at = strings.SplitAfter(string(data), "\n"), nil, 0
			if orig[len(orig)-1] == "" {
				orig = orig[:len(orig)-1]
			}
		case strings.HasPrefix(l, "@@ "):
			from, n := 0, 1
			if _, err := fmt.Sscanf(l, "@@ -%d,%d", &from, &n); err != nil {
				if _, err := fmt.Sscanf(l, "@@ -%d", &from); err != nil {
					t.Fatalf("hunk header %q: %v", l, err)
				}
			}
			keep := from - 1
			if n == 0 {
				keep = from // an insertion after line from
			}
			got, at = append(got, orig[at:keep]...), keep
		case l[0] == ' ' || l[0] == '-':
			if at >= len(orig) || orig[at] != l[1:] {
				t.Fatalf("%s: the diff's line %q is not the file's", file, l)
			}
			if l[0] == ' ' {
				got = append(got, orig[at])
			}
			at++
		case l[0] == '+':
			got = append(got, l[1:])
		}
	}
	flush()
	return out
}

// TestApplyRefusesOverlaps checks that of two fixes whose edits overlap
// only the first is applied, and that a file is replaced all at once.
func TestApplyRefusesOverlaps(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.json")
	if err := os.WriteFile(file, []byte(`{"Action": "lambda:*"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	src := newSource(nil)
	src.seen[file], src.digests[file] = true, sha256.Sum256(data)
	edit := func(col, end int, text string) Fix {
		return Fix{Message: text, Edits: []Edit{{Span: Span{File: file, Line: 1, Column: col, EndLine: 1, EndColumn: end}, NewText: text}}}
	}
	res := &Result{src: src, Diagnostics: []Diagnostic{
		{Fixes: []Fix{edit(12, 22, `"lambda:InvokeFunction"`)}},
		{Fixes: []Fix{edit(13, 21, `lambda:GetFunction`)}},
	}}
	fr, err := ApplyFixes(res, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(file)
	if string(got) != `{"Action": "lambda:InvokeFunction"}`+"\n" || fr.Applied != 1 || len(fr.Skipped) != 1 {
		t.Errorf("file %q, applied %d, skipped %q", got, fr.Applied, fr.Skipped)
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the file's own 0600", st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the directory, want no temporary file left", len(entries))
	}
}

// TestOneFixPerStatement checks that SFN501 and SFN502 on one statement
// offer the same fix, narrowing both, which --fix makes once.
func TestOneFixPerStatement(t *testing.T) {
	abs, _ := filepath.Abs("../testdata/projects/narrow-statement")
	t.Chdir(copyTree(t, abs))
	res := Run(Options{Args: []string{"."}})
	if len(res.Diagnostics) != 2 {
		t.Fatalf("diagnostics %v, want SFN502 and SFN501", res.Diagnostics)
	}
	want := Fix{
		Message: "narrow the actions to sqs:SendMessage, and the resources to arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Tickets.QueueName}",
		Edits: []Edit{
			{Span: Span{File: "template.yaml", Line: 18, Column: 25, EndLine: 18, EndColumn: 30}, NewText: `"sqs:SendMessage"`},
			{Span: Span{File: "template.yaml", Line: 19, Column: 27, EndLine: 19, EndColumn: 30},
				NewText: `!Sub "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Tickets.QueueName}"`},
		},
	}
	for _, d := range res.Diagnostics {
		if len(d.Fixes) != 1 || !reflect.DeepEqual(d.Fixes[0], want) {
			t.Errorf("%s fix %+v, want %+v", d.Rule, d.Fixes, want)
		}
	}
	fr, err := ApplyFixes(res, nil)
	if err != nil || len(fr.Skipped) > 0 {
		t.Fatalf("ApplyFixes: %v, skipped %q", err, fr.Skipped)
	}
	if again := Run(Options{Args: []string{"."}}); len(again.Diagnostics) != 0 {
		t.Errorf("after one --fix: %v", again.Diagnostics)
	}
}

// TestUnusedGrantsOneFix checks that the entries of a statement one
// reason leaves unused are one finding, whose fix removes them all: whole
// lines of a block list, and runs of a flow list with their commas.
func TestUnusedGrantsOneFix(t *testing.T) {
	abs, _ := filepath.Abs("../testdata/projects/unused-grant-grouped")
	t.Chdir(copyTree(t, abs))
	res := Run(Options{Args: []string{"."}})
	var fixes []string
	for _, d := range res.Diagnostics {
		for _, f := range d.Fixes {
			fixes = append(fixes, fmt.Sprintf("%d:%d %s, %d edits", d.Line, d.Column, f.Message, len(f.Edits)))
		}
	}
	want := []string{"44:21 remove the 4 actions, 4 edits", "51:26 remove the 3 actions, 2 edits", "52:113 remove the 2 resources, 1 edits"}
	if !slices.Equal(fixes, want) {
		t.Errorf("fixes %q, want %q", fixes, want)
	}
	// Each entry the note names beyond the first is a related location.
	var others []string
	for _, r := range res.Diagnostics[0].Related[1:] {
		others = append(others, fmt.Sprintf("%d:%d %s", r.Line, r.Column, r.Message))
	}
	wantOthers := []string{`45:21 the grant of "xray:PutTelemetryRecords"`, `47:21 the grant of "logs:CreateLogDelivery"`, `48:21 the grant of "logs:GetLogDelivery"`}
	if !slices.Equal(others, wantOthers) {
		t.Errorf("related %q, want %q", others, wantOthers)
	}
	var diff bytes.Buffer
	if _, err := ApplyFixes(res, &diff); err != nil {
		t.Fatal(err)
	}
	sub := func(table string) string {
		return `!Sub "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/` + table + `"`
	}
	wantDiff := "--- template.yaml\n+++ template.yaml\n@@ -41,12 +41,8 @@\n" +
		"             Statement:\n" +
		"               - Effect: Allow\n" +
		"                 Action:\n" +
		"-                  - xray:PutTraceSegments\n" +
		"-                  - xray:PutTelemetryRecords\n" +
		"                   - sns:Publish\n" +
		"-                  - logs:CreateLogDelivery\n" +
		"-                  - logs:GetLogDelivery\n" +
		"                 Resource: \"*\"\n" +
		"               - Effect: Allow\n" +
		"-                Action: [dynamodb:DeleteItem, dynamodb:PutItem, dynamodb:Query, dynamodb:Scan]\n" +
		"-                Resource: [" + sub("orders") + ", " + sub("orders-archive") + ", " + sub("orders-legacy") + "]\n" +
		"+                Action: [dynamodb:PutItem]\n" +
		"+                Resource: [" + sub("orders") + "]\n"
	if diff.String() != wantDiff {
		t.Errorf("diff:\n%s\nwant:\n%s", diff.String(), wantDiff)
	}
}

// TestMissingGrantSaysWhereToWrite checks that a missing grant points at
// the statement of the role that grants the same service, besides the
// role itself.
func TestMissingGrantSaysWhereToWrite(t *testing.T) {
	t.Chdir("../testdata/rules/SFN402/fail")
	res := Run(Options{Args: []string{"."}})
	var got []string
	for _, d := range res.Diagnostics {
		if d.Rule != "SFN402" || d.File != "template.json" {
			continue
		}
		for _, r := range d.Related {
			got = append(got, fmt.Sprintf("%d: %s: %s:%d:%d", d.Line, r.Message, r.File, r.Line, r.Column))
		}
	}
	want := []string{
		"82: the role that should grant it: template.json:21:19",
		"82: the role's statement for ecs actions: template.json:36:17",
		"101: the role that should grant it: template.json:21:19",
		"101: the role's statement for batch actions: template.json:41:17",
	}
	if !slices.Equal(got, want) {
		t.Errorf("related:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
