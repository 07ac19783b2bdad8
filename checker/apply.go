package checker

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/node"
)

// FixResult says what applying the suggested fixes did.
type FixResult struct {
	Files   []string // the files changed (or, for a diff, that would be)
	Applied int      // the fixes applied
	// Skipped are the fixes left out, with why: edits that overlap an
	// edit of another fix, or a file that changed since it was read.
	Skipped []string
}

// fileEdit is one edit as byte offsets into its file.
type fileEdit struct {
	pos, end int
	text     string
	fix      int // which fix it belongs to
}

// ApplyFixes applies the first suggested fix of every diagnostic, file by
// file. With diff set it writes a unified diff of the changes to diff and
// changes nothing; otherwise each file is replaced all at once (see
// writeAtomic), so none is ever left half written. A fix whose edits
// overlap those of a fix already taken is skipped whole.
func ApplyFixes(res *Result, diff io.Writer) (FixResult, error) {
	var out FixResult
	files := map[string]bool{}
	for _, d := range res.Diagnostics {
		if len(d.Fixes) > 0 {
			for _, e := range d.Fixes[0].Edits {
				files[e.File] = true
			}
		}
	}
	for _, file := range slices.Sorted(maps.Keys(files)) {
		data, read, same := res.fileData(file)
		if !read {
			out.Skipped = append(out.Skipped, fmt.Sprintf("%s: not read in this run", file))
			continue
		}
		if !same {
			out.Skipped = append(out.Skipped, fmt.Sprintf("%s: changed since it was read, not fixed", file))
			continue
		}
		edits, skipped, err := resolveEdits(res, file, data)
		if err != nil {
			return out, err
		}
		out.Skipped = append(out.Skipped, skipped...)
		if len(edits) == 0 {
			continue
		}
		fixed := splice(data, edits)
		out.Files = append(out.Files, file)
		out.Applied += countFixes(edits)
		if diff != nil {
			if _, err := io.WriteString(diff, unifiedDiff(file, data, edits)); err != nil {
				return out, err
			}
			continue
		}
		if cur, err := os.ReadFile(file); err != nil || !bytes.Equal(cur, data) {
			out.Skipped = append(out.Skipped, fmt.Sprintf("%s: changed since it was read, not fixed", file))
			out.Applied -= countFixes(edits)
			out.Files = out.Files[:len(out.Files)-1]
			continue
		}
		if err := writeAtomic(file, fixed); err != nil {
			return out, fmt.Errorf("%s: %w", file, err)
		}
	}
	return out, nil
}

// resolveEdits turns a file's edits into byte offsets, in order, leaving
// out every fix one of whose edits overlaps an edit already taken.
func resolveEdits(res *Result, file string, data []byte) ([]fileEdit, []string, error) {
	lines := node.NewLines(data)
	var all []fileEdit
	fixN := 0
	for _, d := range res.Diagnostics {
		if len(d.Fixes) == 0 {
			continue
		}
		fixN++
		for _, e := range d.Fixes[0].Edits {
			if e.File != file {
				continue
			}
			pos, end := lines.Offset(e.Line, e.Column), lines.Offset(e.EndLine, e.EndColumn)
			if end < pos {
				return nil, nil, fmt.Errorf("%s:%d:%d: a fix's edit ends before it starts", file, e.Line, e.Column)
			}
			all = append(all, fileEdit{pos: pos, end: end, text: e.NewText, fix: fixN})
		}
	}
	slices.SortStableFunc(all, func(a, b fileEdit) int { return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.end, b.end)) })
	// Two findings may offer the same edit (SFN501 and SFN502 offer one
	// fix for the statement both find): it is made once.
	all = slices.CompactFunc(all, func(a, b fileEdit) bool { return a.pos == b.pos && a.end == b.end && a.text == b.text })
	bad := map[int]bool{}
	for i := 1; i < len(all); i++ {
		if all[i].pos < all[i-1].end && all[i].fix != all[i-1].fix {
			bad[all[i].fix] = true
		}
	}
	var kept []fileEdit
	var skipped []string
	for _, e := range all {
		if bad[e.fix] {
			continue
		}
		kept = append(kept, e)
	}
	for fix := range bad {
		skipped = append(skipped, fmt.Sprintf("%s: a fix overlaps another one, not applied (run --fix again)", file))
		_ = fix
	}
	slices.Sort(skipped)
	return kept, slices.Compact(skipped), nil
}

func splice(data []byte, edits []fileEdit) []byte {
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(data[last:e.pos])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(data[last:])
	return b.Bytes()
}

func countFixes(edits []fileEdit) int {
	seen := map[int]bool{}
	for _, e := range edits {
		seen[e.fix] = true
	}
	return len(seen)
}

// fileData reads a file a fix edits again, and reports whether the run
// read it and whether it is still as the run read it.
func (r *Result) fileData(file string) (data []byte, read, same bool) {
	if r.src == nil {
		return nil, false, false
	}
	return r.src.data(file)
}

// changeBlock is a run of lines edits change, with the lines they become.
type changeBlock struct {
	first, last int // lines, 1-based, inclusive
	newLines    []string
}

// blocks groups a file's edits into the runs of lines they change.
func blocks(data []byte, lines *node.Lines, edits []fileEdit) []changeBlock {
	// An edit that ends at the end of a file ending with a newline ends
	// on its last line, not on the empty line after it.
	count := lines.Count()
	if count > 1 && bytes.HasSuffix(data, []byte("\n")) {
		count--
	}
	lineOf := func(off int) int { l, _ := lines.Position(off); return min(l, count) }
	// An edit that takes whole lines ends at the start of the next line,
	// which it leaves as it is.
	lastOf := func(e fileEdit) int {
		if e.end > e.pos && e.end < len(data) && data[e.end-1] == '\n' {
			return lineOf(e.end - 1)
		}
		return lineOf(e.end)
	}
	var out []changeBlock
	for i := 0; i < len(edits); {
		first, last := lineOf(edits[i].pos), lastOf(edits[i])
		j := i + 1
		// Edits on the next line join the block, as a diff writes lines
		// changed in a row: all removed, then all added.
		for j < len(edits) && lineOf(edits[j].pos) <= last+1 {
			last = max(last, lastOf(edits[j]))
			j++
		}
		start, end := lines.LineStart(first), len(data)
		if last < lines.Count() {
			end = lines.LineStart(last + 1)
		}
		var b bytes.Buffer
		at := start
		for _, e := range edits[i:j] {
			b.Write(data[at:e.pos])
			b.WriteString(e.text)
			at = e.end
		}
		b.Write(data[at:end])
		out = append(out, changeBlock{first: first, last: last, newLines: splitLines(b.Bytes())})
		i = j
	}
	return out
}

// unifiedDiff writes the edits of one file as a unified diff: a hunk for
// each group of changed lines close together, with three lines of context.
func unifiedDiff(file string, data []byte, edits []fileEdit) string {
	const context = 3
	old := splitLines(data)
	bs := blocks(data, node.NewLines(data), edits)
	var s strings.Builder
	fmt.Fprintf(&s, "--- %s\n+++ %s\n", file, file)
	delta := 0 // lines the hunks so far added
	for i := 0; i < len(bs); {
		j := i + 1
		for j < len(bs) && bs[j].first <= bs[j-1].last+2*context {
			j++
		}
		from, to := max(1, bs[i].first-context), min(len(old), bs[j-1].last+context)
		var body strings.Builder
		oldN, newN := 0, 0
		at := from
		for _, b := range bs[i:j] {
			for _, l := range old[at-1 : b.first-1] {
				body.WriteString(" " + l)
				oldN, newN = oldN+1, newN+1
			}
			for _, l := range old[b.first-1 : b.last] {
				body.WriteString("-" + l)
				oldN++
			}
			for _, l := range b.newLines {
				body.WriteString("+" + l)
				newN++
			}
			at = b.last + 1
		}
		for _, l := range old[at-1 : to] {
			body.WriteString(" " + l)
			oldN, newN = oldN+1, newN+1
		}
		fmt.Fprintf(&s, "@@ -%s +%s @@\n%s", hunkRange(from-1, oldN), hunkRange(from-1+delta, newN), body.String())
		delta += newN - oldN
		i = j
	}
	return s.String()
}

func hunkRange(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits text into lines that keep their line endings; a last
// line without one gets the marker diff tools print.
func splitLines(data []byte) []string {
	var out []string
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			out = append(out, string(data)+"\n\\ No newline at end of file\n")
			break
		}
		out = append(out, string(data[:i+1]))
		data = data[i+1:]
	}
	return out
}
