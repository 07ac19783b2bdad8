package node

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxDepth bounds nesting, as yaml.v3 does, so hostile input cannot exhaust
// the stack.
const maxDepth = 10000

// nodeBudget bounds how far aliases may expand a YAML document: a few
// nodes per byte of input is far more than real templates reuse.
func nodeBudget(size int) int { return 10*size + 10000 }

// Parse reads a JSON or YAML document. Content that starts with '{' or '['
// is read as JSON first, since yaml.v3 rejects some valid JSON (such as "\/"
// and surrogate-pair escapes); if that fails it is read as YAML, which is a
// superset of JSON. An empty document yields a nil node and no error.
func Parse(data []byte) (n *Node, err error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		n, jerr := ParseJSON(data)
		if jerr == nil {
			return n, nil
		}
		// Only fall back when YAML can say something better; keep the JSON
		// error, which carries the more precise position.
		if y, yerr := ParseYAML(data); yerr == nil {
			return y, nil
		}
		return nil, jerr
	}
	return ParseYAML(data)
}

// ParseJSON reads one JSON document with exact byte offsets on every node.
func ParseJSON(data []byte) (root *Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, &Error{Offset: 0, Msg: fmt.Sprintf("internal parser error: %v", r)}
		}
	}()
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	tok, start, err := p.next()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err != nil {
		return nil, preciseJSONError(data, err)
	}
	root, err = p.value(tok, start, 0)
	if err != nil {
		return nil, preciseJSONError(data, err)
	}
	if _, off, err := p.next(); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, preciseJSONError(data, err)
		}
		return nil, &Error{Offset: off, Msg: "unexpected data after the top-level value"}
	}
	return root, nil
}

// preciseJSONError locates a syntax error exactly: the streaming decoder
// counts its offsets from where the current value started, so decode the
// whole input once more to learn where the offending byte is.
func preciseJSONError(data []byte, err error) error {
	var raw json.RawMessage
	var se *json.SyntaxError
	if uerr := json.Unmarshal(data, &raw); errors.As(uerr, &se) && !strings.Contains(se.Error(), "unexpected end") {
		return &Error{Offset: max(0, min(int(se.Offset)-1, len(data))), Msg: se.Error()}
	} else if uerr != nil && strings.Contains(uerr.Error(), "unexpected end") {
		return &Error{Offset: len(data), Msg: "unexpected end of JSON input"}
	}
	return err
}

type jsonParser struct {
	data []byte
	dec  *json.Decoder
}

// next returns the next token and the offset where it starts.
func (p *jsonParser) next() (json.Token, int, error) {
	start := int(p.dec.InputOffset())
	for start < len(p.data) {
		c := p.data[start]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ':' {
			start++
			continue
		}
		break
	}
	tok, err := p.dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, start, io.EOF
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, start, &Error{Offset: min(int(se.Offset), len(p.data)), Msg: se.Error()}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, start, &Error{Offset: len(p.data), Msg: "unexpected end of JSON input"}
		}
		return nil, start, &Error{Offset: start, Msg: err.Error()}
	}
	return tok, start, nil
}

func (p *jsonParser) value(tok json.Token, start, depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, &Error{Offset: start, Msg: fmt.Sprintf("nesting deeper than %d", maxDepth)}
	}
	end := func() int { return int(p.dec.InputOffset()) }
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			n := &Node{Kind: Map, Pos: start}
			for {
				kt, kstart, err := p.next()
				if err != nil {
					return nil, eofError(err, len(p.data))
				}
				if d, ok := kt.(json.Delim); ok && d == '}' {
					n.End = end()
					return n, nil
				}
				ks, ok := kt.(string)
				if !ok {
					return nil, &Error{Offset: kstart, Msg: "object key must be a string"}
				}
				key := &Node{Kind: Scalar, Style: String, Value: ks, Pos: kstart, End: end()}
				vt, vstart, err := p.next()
				if err != nil {
					return nil, eofError(err, len(p.data))
				}
				v, err := p.value(vt, vstart, depth+1)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, key)
				n.Values = append(n.Values, v)
			}
		}
		if t == '[' {
			n := &Node{Kind: Seq, Pos: start}
			for {
				it, istart, err := p.next()
				if err != nil {
					return nil, eofError(err, len(p.data))
				}
				if d, ok := it.(json.Delim); ok && d == ']' {
					n.End = end()
					return n, nil
				}
				v, err := p.value(it, istart, depth+1)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, v)
			}
		}
		return nil, &Error{Offset: start, Msg: fmt.Sprintf("unexpected %q", rune(t))}
	case string:
		return &Node{Kind: Scalar, Style: String, Value: t, Pos: start, End: end()}, nil
	case json.Number:
		return &Node{Kind: Scalar, Style: Number, Value: string(t), Pos: start, End: end()}, nil
	case bool:
		return &Node{Kind: Scalar, Style: Bool, Value: strconv.FormatBool(t), Pos: start, End: end()}, nil
	case nil:
		return &Node{Kind: Scalar, Style: Null, Value: "null", Pos: start, End: end()}, nil
	}
	return nil, &Error{Offset: start, Msg: fmt.Sprintf("unexpected token %v", tok)}
}

func eofError(err error, size int) error {
	if errors.Is(err, io.EOF) {
		return &Error{Offset: size, Msg: "unexpected end of JSON input"}
	}
	return err
}

// ParseYAML reads the first document of a YAML stream. Short-form tags such
// as !GetAtt are kept on the nodes; aliases are expanded and merge keys
// applied, within a budget.
func ParseYAML(data []byte) (root *Node, err error) {
	lines := NewLines(data)
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, &Error{Offset: 0, Msg: fmt.Sprintf("internal YAML parser error: %v", r)}
		}
	}()
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, yamlError(err, lines)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	c := &yamlConverter{data: data, lines: lines, budget: nodeBudget(len(data))}
	return c.convert(doc.Content[0], 0, false)
}

var yamlLineRE = regexp.MustCompile(`line (\d+)(?:, column (\d+))?:?\s*(.*)`)

func yamlError(err error, lines *Lines) error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col := 1
		if m[2] != "" {
			col, _ = strconv.Atoi(m[2])
		}
		return &Error{Offset: lines.Offset(line, col), Msg: "yaml: " + m[3]}
	}
	return &Error{Offset: 0, Msg: msg}
}

type yamlConverter struct {
	data   []byte
	lines  *Lines
	count  int
	budget int
}

func (c *yamlConverter) convert(y *yaml.Node, depth int, flow bool) (*Node, error) {
	c.count++
	if c.count > c.budget {
		return nil, &Error{Offset: c.lines.Offset(y.Line, y.Column), Msg: "document expands to too many nodes (alias bomb?)"}
	}
	if depth > maxDepth {
		return nil, &Error{Offset: c.lines.Offset(y.Line, y.Column), Msg: fmt.Sprintf("nesting deeper than %d", maxDepth)}
	}
	pos := c.lines.Offset(y.Line, y.Column)
	tag := ""
	if y.Style&yaml.TaggedStyle != 0 {
		tag = y.Tag
	}
	switch y.Kind {
	case yaml.AliasNode:
		if y.Alias == nil {
			return nil, &Error{Offset: pos, Msg: "unknown alias"}
		}
		return c.convert(y.Alias, depth+1, flow)
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil, nil
		}
		return c.convert(y.Content[0], depth+1, flow)
	case yaml.ScalarNode:
		n := &Node{Kind: Scalar, Tag: tag, Value: y.Value, Pos: pos}
		switch y.ShortTag() {
		case "!!int", "!!float":
			n.Style = Number
		case "!!bool":
			n.Style = Bool
		case "!!null":
			n.Style = Null
		default:
			n.Style = String
		}
		n.End = c.scalarEnd(pos, flow)
		return n, nil
	case yaml.MappingNode:
		n := &Node{Kind: Map, Tag: tag, Pos: pos, End: pos}
		if size := len(y.Content) / 2; size > 0 {
			n.Keys, n.Values = make([]*Node, 0, size), make([]*Node, 0, size)
		}
		isFlow := flow || y.Style&yaml.FlowStyle != 0
		var merges []*yaml.Node
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "!!merge" || k.Tag == "") {
				merges = append(merges, v)
				continue
			}
			kn, err := c.convert(k, depth+1, isFlow)
			if err != nil {
				return nil, err
			}
			vn, err := c.convert(v, depth+1, isFlow)
			if err != nil {
				return nil, err
			}
			n.Keys = append(n.Keys, kn)
			n.Values = append(n.Values, vn)
			n.End = max(n.End, vn.End, kn.End)
		}
		// Merged keys come after the map's own, which take precedence.
		for _, v := range merges {
			if err := c.merge(n, v, depth, isFlow); err != nil {
				return nil, err
			}
		}
		if y.Style&yaml.FlowStyle != 0 {
			n.End = c.closing(n.End, '}')
		}
		return n, nil
	case yaml.SequenceNode:
		n := &Node{Kind: Seq, Tag: tag, Pos: pos, End: pos}
		if len(y.Content) > 0 {
			n.Items = make([]*Node, 0, len(y.Content))
		}
		isFlow := flow || y.Style&yaml.FlowStyle != 0
		for _, it := range y.Content {
			in, err := c.convert(it, depth+1, isFlow)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, in)
			n.End = max(n.End, in.End)
		}
		if y.Style&yaml.FlowStyle != 0 {
			n.End = c.closing(n.End, ']')
		}
		return n, nil
	}
	return nil, &Error{Offset: pos, Msg: "unsupported YAML node"}
}

// merge applies a "<<" merge key: the merged maps' keys are added unless the
// map already has them.
func (c *yamlConverter) merge(into *Node, v *yaml.Node, depth int, flow bool) error {
	src, err := c.convert(v, depth+1, flow)
	if err != nil {
		return err
	}
	var maps []*Node
	switch src.Kind {
	case Map:
		maps = []*Node{src}
	case Seq:
		for _, it := range src.Items {
			if it.Kind == Map {
				maps = append(maps, it)
			}
		}
	}
	for _, m := range maps {
		for i, k := range m.Keys {
			if into.Get(k.Value) == nil {
				into.Keys = append(into.Keys, k)
				into.Values = append(into.Values, m.Values[i])
			}
		}
	}
	return nil
}

// closing finds the flow collection's closing bracket at or after off.
func (c *yamlConverter) closing(off int, b byte) int {
	if i := bytes.IndexByte(c.data[min(off, len(c.data)):], b); i >= 0 {
		return off + i + 1
	}
	return off
}

// scalarEnd finds where the scalar starting at off ends in the source:
// yaml.v3 reports only where nodes start.
func (c *yamlConverter) scalarEnd(off int, flow bool) int {
	d := c.data
	if off >= len(d) {
		return len(d)
	}
	i := off
	// Skip a tag or anchor written before the value.
	for i < len(d) && (d[i] == '!' || d[i] == '&') {
		for i < len(d) && d[i] != ' ' && d[i] != '\n' && d[i] != '\t' {
			i++
		}
		for i < len(d) && (d[i] == ' ' || d[i] == '\t') {
			i++
		}
	}
	if i >= len(d) {
		return len(d)
	}
	switch d[i] {
	case '"':
		for j := i + 1; j < len(d); j++ {
			if d[j] == '\\' {
				j++
				continue
			}
			if d[j] == '"' {
				return j + 1
			}
		}
		return len(d)
	case '\'':
		for j := i + 1; j < len(d); j++ {
			if d[j] == '\'' {
				if j+1 < len(d) && d[j+1] == '\'' {
					j++
					continue
				}
				return j + 1
			}
		}
		return len(d)
	}
	// Plain or block-scalar header: up to the end of the line, a comment, or
	// in flow context a separator.
	j := i
	for j < len(d) && d[j] != '\n' && d[j] != '\r' {
		if d[j] == '#' && j > i && (d[j-1] == ' ' || d[j-1] == '\t') {
			break
		}
		if flow && (d[j] == ',' || d[j] == ']' || d[j] == '}') {
			break
		}
		if d[j] == ':' && (j+1 == len(d) || d[j+1] == ' ' || d[j+1] == '\t' || d[j+1] == '\n' || d[j+1] == '\r') {
			break
		}
		j++
	}
	for j > i && (d[j-1] == ' ' || d[j-1] == '\t') {
		j--
	}
	if j == i {
		return i
	}
	return j
}

// Lines converts between byte offsets and 1-based line and column numbers,
// counting columns in characters as editors do.
type Lines struct {
	data   []byte
	starts []int
}

// NewLines indexes the line starts of data.
func NewLines(data []byte) *Lines {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{data: data, starts: starts}
}

// Offset returns the byte offset of a 1-based line and character column,
// clamped into the data.
func (l *Lines) Offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return len(l.data)
	}
	off := l.starts[line-1]
	if line == 1 && bytes.HasPrefix(l.data, bom) {
		off = len(bom)
	}
	for c := 1; c < col && off < len(l.data) && l.data[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(l.data[off:])
		off += size
	}
	return off
}

// Position returns the 1-based line and character column of a byte offset.
func (l *Lines) Position(off int) (line, col int) {
	off = max(0, min(off, len(l.data)))
	lo, hi := 0, len(l.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	start := l.starts[lo]
	if lo == 0 && bytes.HasPrefix(l.data, bom) && off >= len(bom) {
		// Editors do not show a byte order mark, nor count it as a column.
		start = len(bom)
	}
	return lo + 1, utf8.RuneCount(l.data[start:off]) + 1
}

// bom is the UTF-8 byte order mark.
var bom = []byte{0xEF, 0xBB, 0xBF}

// LineStart returns the byte offset where a 1-based line starts.
func (l *Lines) LineStart(line int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return len(l.data)
	}
	return l.starts[line-1]
}

// Count is the number of lines.
func (l *Lines) Count() int { return len(l.starts) }

// TokenLines returns the line starts as go/token.File's SetLines takes
// them, the same as SetLinesForContent gives: no line starts at the end of
// the data. The slice is the index's own, with no room to append.
func (l *Lines) TokenLines() []int {
	n := len(l.starts)
	for n > 0 && l.starts[n-1] >= len(l.data) {
		n--
	}
	return l.starts[:n:n]
}
