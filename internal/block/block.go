// Package block copies strings that a long run keeps into large blocks.
//
// A string kept among the garbage of the work that made it holds a piece of
// memory that work's garbage shared with it: the memory stays taken long
// after the garbage is collected, and a run that keeps a little of each of
// many units grows with the units rather than with what it keeps. Copied
// into blocks, what is kept lies together.
package block

import "strings"

// size is how much a block holds, unless a string is larger.
const size = 64 << 10

// Text is a block of strings. The zero value is ready to use; it is not
// safe for concurrent use.
type Text struct {
	b strings.Builder
}

// Copy returns s, copied into the current block.
func (t *Text) Copy(s string) string {
	if s == "" {
		return s
	}
	if t.b.Cap()-t.b.Len() < len(s) {
		// Strings already copied keep the old block.
		t.b = strings.Builder{}
		t.b.Grow(max(size, len(s)))
	}
	start := t.b.Len()
	t.b.WriteString(s)
	return t.b.String()[start:]
}
