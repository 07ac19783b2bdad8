package node_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/sfn-lint/sfn-lint/internal/fuzzseed"
	"github.com/sfn-lint/sfn-lint/node"
)

// parseSeeds are small documents that reach the corners of both parsers:
// escapes encoding/json takes and yaml.v3 refuses, YAML short tags, anchors,
// aliases and merge keys, flow collections, block scalars, and a document
// whose aliases expand far beyond its size.
var parseSeeds = []string{
	``,
	"\n",
	`{}`,
	`[]`,
	`{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`,
	`{"Path": "a\/b", "Face": "\ud83d\ude00", "Tab": "\t", "Uni": "\u00e9"}`,
	`{"Lone": "\ud800", "Num": -1.5e+10, "T": true, "F": false, "N": null}`,
	`[1, "two", {"three": [3]}, [], {}]`,
	`{"a": 1,}`,
	`{"a": 1} trailing`,
	"{\"unterminated\": \"",
	"\ufeff{\"bom\": 1}",
	"Resources:\n  Flow:\n    Type: AWS::StepFunctions::StateMachine\n" +
		"    Properties:\n      DefinitionString: !Sub |\n        {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"End\": true}}}\n",
	"Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleArn: !GetAtt [Role, Arn]\n      Name: !Join ['', [a, !Ref B]]\n",
	"base: &base\n  Effect: Allow\n  Resource: \"*\"\nStatement:\n  - <<: *base\n    Action: s3:GetObject\n  - <<: [*base]\n    NotAction: iam:*\n",
	"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
	"flow: {a: [1, 2], b: {c: 'it''s'}, d: \"q\\\"uote\"}\n",
	"lit: |\n  line one\n  line two\nfold: >-\n  folded\n  text\n",
	"key: value # comment\nother: 'x' # c\n",
	"- a\n- b: c\n  d: e\n- - nested\n",
	"Resources:\n\tFlow: x\n",
	"a: [1, 2\n",
	"? complex\n: key\n",
	"x: *undefined\n",
	"%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n",
	"é: ü\n日本: 語\n",
	"\xff\xfe{\"bad\": \"utf8 \xc3\x28\"}",
}

func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	for _, sf := range fuzzseed.Files(filepath.Join("..", "testdata")) {
		f.Add(sf.Data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		parsers := []struct {
			name  string
			parse func([]byte) (*node.Node, error)
		}{
			{"Parse", node.Parse},
			{"ParseJSON", node.ParseJSON},
			{"ParseYAML", node.ParseYAML},
		}
		ok := map[string]bool{}
		for _, p := range parsers {
			root, err := p.parse(data)
			if err != nil {
				var pe *node.Error
				if !errors.As(err, &pe) {
					t.Fatalf("%s: error %v is a %T, want *node.Error", p.name, err, err)
				}
				if pe.Offset < 0 || pe.Offset > len(data) {
					t.Fatalf("%s: error offset %d outside [0, %d]: %v", p.name, pe.Offset, len(data), err)
				}
				continue
			}
			ok[p.name] = true
			checkSpans(t, p.name, data, root)
			if p.name == "ParseJSON" {
				checkJSONSpans(t, data, root)
			}
		}
		// Parse reads bracketed content as JSON first, so it cannot fail
		// where ParseJSON succeeds on it.
		trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
		if ok["ParseJSON"] && len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && !ok["Parse"] {
			t.Fatalf("ParseJSON accepts the input but Parse does not")
		}
		checkLines(t, data)
	})
}

// checkSpans asserts that every node lies within the input.
func checkSpans(t *testing.T, parser string, data []byte, root *node.Node) {
	t.Helper()
	node.Walk(root, func(n *node.Node) bool {
		if n.Pos < 0 || n.Pos > n.End || n.End > len(data) {
			t.Fatalf("%s: node %q spans [%d, %d), input has %d bytes", parser, n.Value, n.Pos, n.End, len(data))
		}
		if len(n.Keys) != len(n.Values) {
			t.Fatalf("%s: map at %d has %d keys and %d values", parser, n.Pos, len(n.Keys), len(n.Values))
		}
		return true
	})
}

// checkJSONSpans asserts that JSON offsets are exact: each node's span
// starts and ends with the bytes that delimit its kind.
func checkJSONSpans(t *testing.T, data []byte, root *node.Node) {
	t.Helper()
	node.Walk(root, func(n *node.Node) bool {
		if n.End <= n.Pos {
			t.Fatalf("ParseJSON: empty span [%d, %d) for %q", n.Pos, n.End, n.Value)
		}
		first, last := data[n.Pos], data[n.End-1]
		var want string
		switch {
		case n.Kind == node.Map:
			want = "{}"
		case n.Kind == node.Seq:
			want = "[]"
		case n.Style == node.String:
			want = `""`
		}
		if want != "" && (first != want[0] || last != want[1]) {
			t.Fatalf("ParseJSON: span [%d, %d) of a %s reads %q", n.Pos, n.End, want, data[n.Pos:n.End])
		}
		return true
	})
}

// checkLines asserts that Position and Offset are inverses on character
// boundaries (Position counts characters, so an offset inside a multi-byte
// character has no exact column).
func checkLines(t *testing.T, data []byte) {
	t.Helper()
	lines := node.NewLines(data)
	var bounds []int
	start := 0
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		// A byte order mark is not a column: the line starts after it.
		start = len("\ufeff")
	}
	for off := start; off < len(data); {
		bounds = append(bounds, off)
		_, size := utf8.DecodeRune(data[off:])
		off += size
	}
	bounds = append(bounds, len(data))
	// A handful of offsets keeps each iteration cheap: both ends, the
	// middle, and the boundaries around every newline among the first few.
	picks := []int{0, len(bounds) / 2, len(bounds) - 1}
	for i, b := range bounds {
		if len(picks) >= 16 {
			break
		}
		if b < len(data) && data[b] == '\n' {
			picks = append(picks, i)
			if i+1 < len(bounds) {
				picks = append(picks, i+1)
			}
		}
	}
	for _, i := range picks {
		off := bounds[i]
		line, col := lines.Position(off)
		if line < 1 || col < 1 || line > lines.Count() {
			t.Fatalf("Position(%d) = %d:%d, with %d lines", off, line, col, lines.Count())
		}
		if got := lines.Offset(line, col); got != off {
			t.Fatalf("Offset(Position(%d) = %d:%d) = %d", off, line, col, got)
		}
	}
}
