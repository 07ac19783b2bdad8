package checker

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyTree copies a directory tree into a new temporary directory.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if de.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

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
			fr, err := ApplyFixes(res, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(fr.Skipped) > 0 {
				t.Errorf("skipped: %q", fr.Skipped)
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
