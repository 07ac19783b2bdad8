package project

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

// ParseEmbedded parses a definition held in the string scalar n and maps
// its offsets into f. With sub, the text is one a substitution (Fn::Sub,
// DefinitionSubstitutions) rewrites, so ${...} placeholders may stand
// outside JSON strings; see ParseSubstituted.
func ParseEmbedded(f *File, n *node.Node, text string, sub bool) (*node.Node, error) {
	return ParseMapped(text, sub, SourceMap(f, n, text))
}

// ParseSubstituted parses a JSON file that a substitution rewrites before
// anything reads it, such as the file of a SAM DefinitionUri with
// DefinitionSubstitutions: ${...} placeholders may stand outside JSON
// strings, where only the substitution makes the text JSON. Each such
// placeholder is read as a scalar holding the placeholder as written, a
// number where a value belongs and a string where a key does, so that it
// resolves like a placeholder inside a string; every offset is the file's.
func ParseSubstituted(f *File) (*node.Node, error) {
	return ParseMapped(string(f.Data), true, func(off int) int { return Within(f, off) })
}

// ParseMapped parses JSON text taken from a file and moves every offset,
// and a syntax error's, through mapOff into that file. A symbol outside a
// JSON string (a value an intrinsic function puts there) stands for a
// value not known here; with sub, so does a ${...} placeholder.
func ParseMapped(text string, sub bool, mapOff func(int) int) (*node.Node, error) {
	masked, spans := maskPlaceholders(text, sub)
	root, err := node.ParseJSON([]byte(masked))
	if err != nil {
		if pe := (*node.Error)(nil); errors.As(err, &pe) {
			return nil, &node.Error{Offset: mapOff(pe.Offset), Msg: pe.Msg}
		}
		return nil, err
	}
	if root == nil {
		return nil, fmt.Errorf("empty definition")
	}
	if len(spans) > 0 {
		node.Walk(root, func(n *node.Node) bool {
			if n.Kind == node.Scalar && slices.ContainsFunc(spans, func(sp [2]int) bool { return sp[0] < n.End && n.Pos < sp[1] }) {
				n.Value = text[n.Pos:n.End]
			}
			return true
		})
	}
	node.Remap(root, mapOff)
	return root, nil
}

// maskPlaceholders replaces each value a substitution puts outside JSON
// strings (a symbol, and with dollar a ${...} placeholder) with a stand-in
// of the same length, so that the text parses and offsets stay true: a
// number where a value belongs, a string where an object key does. It
// returns the spans it replaced.
func maskPlaceholders(s string, dollar bool) (string, [][2]int) {
	b := []byte(s)
	var spans [][2]int
	var stack []byte // the open objects and arrays
	in, key := false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		end := -1
		switch {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
		case in:
		case c == '{' || c == '[':
			stack = append(stack, c)
			key = c == '{'
		case c == '}' || c == ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			key = false
		case c == ':':
			key = false
		case c == ',':
			key = len(stack) > 0 && stack[len(stack)-1] == '{'
		case dollar && c == '$' && i+1 < len(b) && b[i+1] == '{':
			end = i + 2
			for end < len(b) && b[end] != '}' && b[end] != '\n' {
				end++
			}
			if end == len(b) || b[end] != '}' {
				end = -1
			} else {
				end++
			}
		case strings.HasPrefix(s[i:], symOpen):
			if j := strings.Index(s[i:], symClose); j > 0 {
				end = i + j + len(symClose)
			}
		}
		if end < 0 {
			continue
		}
		standIn(b[i:end], key)
		spans = append(spans, [2]int{i, end})
		i = end - 1
	}
	return string(b), spans
}

// symOpen and symClose delimit a symbol (see iam.Sym).
var symOpen, symClose = iam.Sym("")[:3], iam.Sym("")[3:]

// standIn overwrites b with a JSON number, or a string where a key
// belongs.
func standIn(b []byte, key bool) {
	fill := byte('0')
	if key && len(b) >= 2 {
		fill = 'x'
		b[0], b[len(b)-1] = '"', '"'
		b = b[1 : len(b)-1]
	} else {
		b[0], b = '1', b[1:]
	}
	for k := range b {
		b[k] = fill
	}
}

// sourceMap maps offsets in the decoded value of scalar n to offsets in f.
// It is exact for JSON-style double-quoted strings, YAML literal blocks and
// plain one-line scalars; otherwise every offset maps to the scalar's start.
func SourceMap(f *File, n *node.Node, value string) func(int) int {
	whole := func(int) int { return n.Pos }
	data := f.Data
	if n.Pos >= len(data) {
		return whole
	}
	start := n.Pos
	// Skip a short-form tag such as "!Sub ".
	for start < len(data) && data[start] == '!' {
		for start < len(data) && data[start] != ' ' && data[start] != '\n' {
			start++
		}
		for start < len(data) && (data[start] == ' ' || data[start] == '\t') {
			start++
		}
	}
	if start >= len(data) {
		return whole
	}
	switch data[start] {
	case '"':
		if m := quotedMap(data, start, value); m != nil {
			return clampMap(m, n.Pos)
		}
	case '|':
		if m := literalMap(f, start, value); m != nil {
			for i := range m {
				m[i] = Within(f, m[i])
			}
			return clampMap(m, n.Pos)
		}
	case '\'', '>':
	default:
		if start+len(value) <= len(data) && string(data[start:start+len(value)]) == value {
			return func(off int) int { return start + min(max(off, 0), len(value)) }
		}
	}
	return whole
}

func clampMap(m []int, fallback int) func(int) int {
	return func(off int) int {
		if off < 0 || len(m) == 0 {
			return fallback
		}
		return m[min(off, len(m)-1)]
	}
}

// within clamps an offset into the file.
func Within(f *File, off int) int { return max(0, min(off, len(f.Data))) }

// quotedMap decodes the JSON string starting at data[start] and returns,
// for each byte of the decoded value (and one past its end), the offset of
// the source text it came from; nil when the decoding differs from value.
func quotedMap(data []byte, start int, value string) []int {
	m := make([]int, 0, len(value)+1)
	var out []byte
	i := start + 1
	for i < len(data) && data[i] != '"' {
		src := i
		if data[i] == '\\' && i+1 < len(data) {
			dec, width := node.Unescape(data, i)
			i += width
			for range dec {
				m = append(m, src)
			}
			out = append(out, dec...)
			continue
		}
		m = append(m, src)
		out = append(out, data[i])
		i++
	}
	m = append(m, i)
	if string(out) != value {
		return nil
	}
	return m
}

// literalMap maps a YAML literal block scalar ("|") whose indicator is at
// data[start]: each value line is a source line, less the block's indent.
func literalMap(f *File, start int, value string) []int {
	data := f.Data
	line, _ := f.Lines.Position(start)
	first := line + 1
	// The indent is that of the first non-blank content line.
	indent := -1
	for l := first; l <= f.Lines.Count() && indent < 0; l++ {
		s := f.Lines.LineStart(l)
		j := s
		for j < len(data) && data[j] == ' ' {
			j++
		}
		if j < len(data) && data[j] != '\n' && data[j] != '\r' {
			indent = j - s
		}
	}
	if indent < 0 {
		return nil
	}
	m := make([]int, 0, len(value)+1)
	l, col := first, 0
	for i := 0; i < len(value); i++ {
		off := f.Lines.LineStart(l) + indent + col
		if off > len(data) {
			return nil
		}
		m = append(m, off)
		if value[i] == '\n' {
			l++
			col = 0
		} else {
			col++
		}
	}
	m = append(m, f.Lines.LineStart(l)+indent+col)
	return m
}
