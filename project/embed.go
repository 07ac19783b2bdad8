package project

import (
	"errors"
	"fmt"

	"github.com/sfn-lint/sfn-lint/node"
)

// parseEmbedded parses a definition held in the string scalar n and maps
// its offsets into f. With sub, ${...} placeholders outside JSON strings
// (Fn::Sub can put them anywhere) are masked with a number of the same
// length so the text parses and columns stay true.
func ParseEmbedded(f *File, n *node.Node, text string, sub bool) (*node.Node, error) {
	mapOff := SourceMap(f, n, text)
	if sub {
		// Same length, so offsets map as before.
		text = maskPlaceholders(text)
	}
	return ParseMapped(text, mapOff)
}

// parseMapped parses JSON text taken from a file and moves every offset,
// and a syntax error's, through mapOff into that file.
func ParseMapped(text string, mapOff func(int) int) (*node.Node, error) {
	root, err := node.ParseJSON([]byte(text))
	if err != nil {
		if pe := (*node.Error)(nil); errors.As(err, &pe) {
			return nil, &node.Error{Offset: mapOff(pe.Offset), Msg: pe.Msg}
		}
		return nil, err
	}
	if root == nil {
		return nil, fmt.Errorf("empty definition")
	}
	node.Remap(root, mapOff)
	return root, nil
}

// maskPlaceholders replaces ${...} outside JSON strings with digits.
func maskPlaceholders(s string) string {
	b := []byte(s)
	in := false
	for i := 0; i < len(b); i++ {
		switch {
		case in && b[i] == '\\':
			i++
		case b[i] == '"':
			in = !in
		case !in && b[i] == '$' && i+1 < len(b) && b[i+1] == '{':
			j := i + 2
			for j < len(b) && b[j] != '}' && b[j] != '\n' {
				j++
			}
			if j < len(b) && b[j] == '}' {
				b[i] = '1'
				for k := i + 1; k <= j; k++ {
					b[k] = '0'
				}
				i = j
			}
		}
	}
	return string(b)
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
