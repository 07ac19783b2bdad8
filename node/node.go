// Package node is the position-carrying document tree that every input
// format is parsed into: JSON through encoding/json's tokenizer, YAML through
// yaml.v3. Rules and readers work on this one tree, so a finding can point at
// the exact bytes of the source whatever the format was.
package node

import (
	"fmt"
	"strings"
)

// Kind is the shape of a node.
type Kind uint8

const (
	// Scalar is a string, number, boolean or null; see Node.Style.
	Scalar Kind = iota + 1
	Map
	Seq
)

// Style tells apart scalars that JSON and YAML write differently.
type Style uint8

const (
	String Style = iota + 1
	Number
	Bool
	Null
)

// Node is one value of a parsed document. Offsets are byte offsets into the
// file the node was read from, also for definitions embedded in strings,
// which are mapped back into their template as closely as the encoding allows.
type Node struct {
	Kind  Kind
	Style Style  // for scalars
	Tag   string // a YAML tag as written, such as "!GetAtt"; empty for JSON and untagged YAML
	Value string // for scalars: the decoded value

	// For maps: Keys[i] is the key of Values[i], in document order.
	Keys   []*Node
	Values []*Node
	// For sequences.
	Items []*Node

	Pos int // offset of the first byte
	End int // offset just past the last byte (at least Pos)
}

// Get returns the value of key in a map node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i, k := range n.Keys {
		if k.Value == key {
			return n.Values[i]
		}
	}
	return nil
}

// KeyNode returns the key node of key in a map node, or nil.
func (n *Node) KeyNode(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for _, k := range n.Keys {
		if k.Value == key {
			return k
		}
	}
	return nil
}

// Str returns the value of a string scalar, and whether n is one.
func (n *Node) Str() (string, bool) {
	if n == nil || n.Kind != Scalar || n.Tag != "" && !strings.HasPrefix(n.Tag, "!!") {
		return "", false
	}
	return n.Value, true
}

// IsTrue reports whether n is the boolean true (or the string "true", which
// CloudFormation treats alike).
func (n *Node) IsTrue() bool {
	return n != nil && n.Kind == Scalar && strings.EqualFold(n.Value, "true")
}

// List returns the items of a sequence, or n itself when it is a single
// value: IAM and CloudFormation accept both forms in many places.
func (n *Node) List() []*Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == Seq && (n.Tag == "" || strings.HasPrefix(n.Tag, "!!")):
		// A tagged sequence such as !Sub [...] is one value, not a list.
		return n.Items
	default:
		return []*Node{n}
	}
}

// Walk calls fn for n and every node below it, depth first, in document
// order, until fn returns false for a node (its children are then skipped).
func Walk(n *Node, fn func(*Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for i := range n.Values {
		Walk(n.Keys[i], fn)
		Walk(n.Values[i], fn)
	}
	for _, it := range n.Items {
		Walk(it, fn)
	}
}

// Remap moves every offset of the tree through fn. Parsing a definition
// embedded in a string yields offsets into that string; Remap turns them into
// offsets into the enclosing file.
func Remap(n *Node, fn func(int) int) {
	Walk(n, func(m *Node) bool {
		m.Pos, m.End = fn(m.Pos), fn(m.End)
		if m.End < m.Pos {
			m.End = m.Pos
		}
		return true
	})
}

// Error is a parse error at a byte offset of the input.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// Duplicates returns, for each key that a map of the tree repeats, the
// repeated key node and the first one. JSON and YAML parsers keep one of the
// values silently, and which one differs between consumers.
func Duplicates(root *Node) [][2]*Node {
	var out [][2]*Node
	Walk(root, func(n *Node) bool {
		if n.Kind != Map || len(n.Keys) < 2 {
			return true
		}
		seen := make(map[string]*Node, len(n.Keys))
		for _, k := range n.Keys {
			if first, ok := seen[k.Value]; ok && first != k {
				out = append(out, [2]*Node{k, first})
				continue
			}
			seen[k.Value] = k
		}
		return true
	})
	return out
}
