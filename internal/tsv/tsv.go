// Package tsv reads the tab-separated tables the linter embeds: lines
// that are empty or start with "#" are left out, and the first line left
// is the header.
package tsv

import (
	"iter"
	"strings"
)

// Rows yields the rows of a table after its header, each with its line
// number, counted from 1, and its fields.
func Rows(src string) iter.Seq2[int, []string] {
	return func(yield func(int, []string) bool) {
		header := true
		for i, line := range strings.Split(src, "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if header {
				header = false
				continue
			}
			if !yield(i+1, strings.Split(line, "\t")) {
				return
			}
		}
	}
}
