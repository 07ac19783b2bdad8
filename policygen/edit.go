package policygen

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/node"
)

// edit replaces the bytes [pos, end) of a file with text.
type edit struct {
	pos, end int
	text     string
}

// splice applies edits that do not overlap.
func splice(data []byte, edits []edit) ([]byte, error) {
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b edit) int { return a.pos - b.pos })
	var out bytes.Buffer
	at := 0
	for _, e := range edits {
		if e.pos < at || e.end < e.pos || e.end > len(data) {
			return nil, fmt.Errorf("edits overlap at byte %d", e.pos)
		}
		out.Write(data[at:e.pos])
		out.WriteString(e.text)
		at = e.end
	}
	out.Write(data[at:])
	return out.Bytes(), nil
}

// isJSON reports whether a file is written in JSON.
func isJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{'
}

// flow reports whether a collection node is written in flow style (JSON,
// or YAML's [..] and {..}).
func flow(data []byte, n *node.Node) bool {
	return n.Pos < len(data) && (data[n.Pos] == '{' || data[n.Pos] == '[')
}

// column is the column (0-based, in bytes) a position is at.
func column(data []byte, pos int) int {
	return pos - (bytes.LastIndexByte(data[:pos], '\n') + 1)
}

// nextLine is the start of the line after the one pos is on, or the end
// of the data.
func nextLine(data []byte, pos int) int {
	if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
		return pos + i + 1
	}
	return len(data)
}

// blockEnd is where a YAML block entry or item at column col that
// starts before pos ends: after the last line that is indented deeper
// than col (a block scalar's text, a nested value), before the blank
// lines and the first line that is not.
func blockEnd(data []byte, pos, col int) int {
	at := nextLine(data, pos)
	end := at
	for at < len(data) {
		line := data[at:nextLine(data, at)]
		text := bytes.TrimLeft(line, " ")
		if len(bytes.TrimSpace(text)) > 0 {
			if len(line)-len(text) <= col {
				break
			}
			end = at + len(line)
		}
		at += len(line)
	}
	return end
}

// yamlBlock writes a value in YAML block style as it follows "key:" at
// column indent, without the final newline.
func yamlBlock(v value, indent int) string {
	var b strings.Builder
	writeYAML(&b, v, indent)
	return strings.TrimSuffix(b.String(), "\n")
}

// jsonText writes a value in JSON, its lines indented by indent.
func jsonText(v value, indent int) string {
	var b strings.Builder
	writeJSON(&b, v, indent)
	return b.String()
}

// setValue replaces the value of key k (a key node of map m) with v, in the
// style the map is written in.
func setValue(data []byte, m, k, val *node.Node, v value) edit {
	if flow(data, m) {
		return edit{val.Pos, val.End, jsonText(v, column(data, k.Pos))}
	}
	return edit{k.End, val.End, ":" + yamlBlock(v, column(data, k.Pos))}
}

// addEntry adds key: v to map m, in the style the map is written in.
func addEntry(data []byte, m *node.Node, key string, v value) edit {
	if flow(data, m) {
		indent := column(data, m.Pos) + 2
		if len(m.Keys) > 0 {
			indent = column(data, m.Keys[0].Pos)
		}
		text := node.Quote(key) + ": " + jsonText(v, indent)
		if len(m.Keys) == 0 {
			return edit{m.Pos + 1, m.Pos + 1, text}
		}
		last := m.Values[len(m.Values)-1]
		return edit{last.End, last.End, ",\n" + strings.Repeat(" ", indent) + text}
	}
	col := column(data, m.Keys[0].Pos)
	at := blockEnd(data, m.Values[len(m.Values)-1].End, col)
	text := strings.Repeat(" ", col) + yamlString(key) + ":" + yamlBlock(v, col) + "\n"
	if at == len(data) && !bytes.HasSuffix(data, []byte("\n")) {
		text = "\n" + text
	}
	return edit{at, at, text}
}

// addItem adds v to the list l, in the style the list is written in.
func addItem(data []byte, l *node.Node, v value) edit {
	if flow(data, l) {
		indent := column(data, l.Pos) + 2
		if len(l.Items) > 0 {
			last := l.Items[len(l.Items)-1]
			return edit{last.End, last.End, ",\n" + strings.Repeat(" ", column(data, l.Items[0].Pos)) + jsonText(v, column(data, l.Items[0].Pos))}
		}
		return edit{l.Pos + 1, l.Pos + 1, jsonText(v, indent)}
	}
	dash := l.Items[0].Pos
	for dash > 0 && data[dash] != '-' {
		dash--
	}
	col := column(data, dash)
	at := blockEnd(data, l.Items[len(l.Items)-1].End, col)
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", col) + "-")
	writeItem(&b, v, col+2)
	text := b.String()
	if at == len(data) && !bytes.HasSuffix(data, []byte("\n")) {
		text = "\n" + text
	}
	return edit{at, at, text}
}
