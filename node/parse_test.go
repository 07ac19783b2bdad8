package node

import (
	"errors"
	"go/token"
	"slices"
	"testing"
)

func TestJSONErrorPositions(t *testing.T) {
	tests := []struct {
		src  string
		line int
		col  int
	}{
		{`{"Type": "Pass" "End": true}`, 1, 17},
		{"{\n  \"a\": 1,\n  \"End\": @\n}", 3, 10},
		{"{\n  \"x\": \"C:\\qux\"\n}", 2, 12},
		{"{\n  \"a\": [1, 2\n", 3, 1},
		{`{"a": 1,}`, 1, 9},
	}
	for _, tt := range tests {
		_, err := ParseJSON([]byte(tt.src))
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("ParseJSON(%q) error = %v, want a *Error", tt.src, err)
			continue
		}
		line, col := NewLines([]byte(tt.src)).Position(pe.Offset)
		if line != tt.line || col != tt.col {
			t.Errorf("ParseJSON(%q) error at %d:%d, want %d:%d (%s)", tt.src, line, col, tt.line, tt.col, pe.Msg)
		}
	}
}

func TestPositions(t *testing.T) {
	src := "a: !GetAtt Foo.Arn\nb: [x, 'y', {c: d}]\né: \"€\" # note\n"
	root, err := ParseYAML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	Walk(root, func(n *Node) bool {
		if n.Kind == Scalar {
			got = append(got, src[n.Pos:n.End])
		}
		return true
	})
	want := []string{"a", "!GetAtt Foo.Arn", "b", "x", "'y'", "c", "d", "é", `"€"`}
	if len(got) != len(want) {
		t.Fatalf("scalars = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("scalar %d = %q, want %q", i, got[i], want[i])
		}
	}
	if v := root.Get("a"); v.Tag != "!GetAtt" || v.Value != "Foo.Arn" {
		t.Errorf("a = %q %q", v.Tag, v.Value)
	}
	line, col := NewLines([]byte(src)).Position(root.Get("é").Pos)
	if line != 3 || col != 4 {
		t.Errorf("é value at %d:%d, want 3:4 (columns count characters)", line, col)
	}
}

func TestJSONFaithful(t *testing.T) {
	root, err := Parse([]byte(`{"a\/b": "\ud83d\ude00", "n": 1.5e3, "t": true, "z": null}`))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := root.Get("a/b").Str(); v != "😀" {
		t.Errorf("a/b = %q", v)
	}
	if n := root.Get("n"); n.Style != Number || n.Value != "1.5e3" {
		t.Errorf("n = %+v", n)
	}
	if root.Get("t").Style != Bool || root.Get("z").Style != Null {
		t.Errorf("styles: t=%v z=%v", root.Get("t").Style, root.Get("z").Style)
	}
}

func TestAliasesAndMerge(t *testing.T) {
	root, err := ParseYAML([]byte("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := root.Get("derived")
	if d.Get("x").Value != "1" || d.Get("y").Value != "3" {
		t.Errorf("derived = x:%v y:%v", d.Get("x").Value, d.Get("y").Value)
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	if _, err := ParseYAML([]byte(bomb)); err == nil {
		t.Error("alias bomb parsed without error")
	}
}

func TestTokenLines(t *testing.T) {
	for _, s := range []string{"", "a", "\n", "ab\nc\n", "ab\nc", "\n\n", "\xef\xbb\xbfa\nb"} {
		f := token.NewFileSet().AddFile("f", -1, len(s))
		f.SetLinesForContent([]byte(s))
		want := f.Lines()
		if got := NewLines([]byte(s)).TokenLines(); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}
