package tsv

import (
	"reflect"
	"testing"
)

func TestRows(t *testing.T) {
	src := "# about\n\nname\tvalue\n# a note\na\t1\n\nb\t\n"
	var lines []int
	var rows [][]string
	for n, f := range Rows(src) {
		lines, rows = append(lines, n), append(rows, f)
	}
	if want := []int{5, 7}; !reflect.DeepEqual(lines, want) {
		t.Errorf("lines %v, want %v", lines, want)
	}
	if want := [][]string{{"a", "1"}, {"b", ""}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	for range Rows(src) {
		break
	}
}
