package project

import (
	"errors"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

// TestParseSubstituted checks JSON whose placeholders stand outside
// strings: each is read as a scalar holding it as written, a number where
// a value belongs and a string where a key does, at its own offsets, and
// every other offset is the text's.
func TestParseSubstituted(t *testing.T) {
	text := `{"StartAt": "A", "TimeoutSeconds": ${Timeout}, "Limits": [${Low}, -${High}],
 ${Extra}: {"On": ${Flag}, "Name": "${Kept}"}, "Sym": ` + iam.Sym("Param") + `, "Broken": "${x" }`
	root, err := ParseMapped(text, true, func(off int) int { return off })
	if err != nil {
		t.Fatal(err)
	}
	at := func(n *node.Node) string { return text[n.Pos:n.End] }
	tests := []struct {
		n           *node.Node
		value, text string
		style       node.Style
	}{
		{root.Get("TimeoutSeconds"), "${Timeout}", "${Timeout}", node.Number},
		{root.Get("Limits").Items[0], "${Low}", "${Low}", node.Number},
		{root.Get("Limits").Items[1], "-${High}", "-${High}", node.Number},
		{root.Keys[3], "${Extra}", "${Extra}", node.String},
		{root.Get("${Extra}").Get("On"), "${Flag}", "${Flag}", node.Number},
		{root.Get("${Extra}").Get("Name"), "${Kept}", `"${Kept}"`, node.String},
		{root.Get("Sym"), iam.Sym("Param"), iam.Sym("Param"), node.Number},
		{root.Get("Broken"), "${x", `"${x"`, node.String},
		{root.Get("StartAt"), "A", `"A"`, node.String},
	}
	for _, tt := range tests {
		if tt.n == nil {
			t.Fatalf("missing node for %q", tt.value)
		}
		if tt.n.Value != tt.value || at(tt.n) != tt.text || tt.n.Style != tt.style {
			t.Errorf("node %q at %q, style %d; want %q at %q, style %d", tt.n.Value, at(tt.n), tt.n.Style, tt.value, tt.text, tt.style)
		}
	}

	// Without sub, a ${...} outside a string is what it is: not JSON.
	var pe *node.Error
	if _, err := ParseMapped(`{"A": ${B}}`, false, func(off int) int { return off + 100 }); !errors.As(err, &pe) || pe.Offset != 106 {
		t.Errorf("error %v, want one at offset 106", err)
	}
	// What stays broken after the placeholders is reported where it is.
	if _, err := ParseMapped(`{"A": ${B}, "C": }`, true, func(off int) int { return off }); !errors.As(err, &pe) || pe.Offset != 17 {
		t.Errorf("error %v, want one at offset 17", err)
	}
}
