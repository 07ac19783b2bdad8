package node

import (
	"strconv"
	"strings"
)

// PathTo returns the logical path from root to the deepest node whose bytes
// hold [pos, end): map keys joined by dots and sequence indexes in
// brackets, such as Resources.Role.Properties.Policies[0].Statement[2]. A
// path names a place by what encloses it, so it stays the same when lines
// are added above it. size is the length of the node found, so a caller
// can pick the tightest of several trees; ok is false when no node of the
// tree holds the range.
func PathTo(root *Node, pos, end int) (path string, size int, ok bool) {
	if root == nil || !holds(root, pos, end) {
		return "", 0, false
	}
	var b strings.Builder
	n := root
	for depth := 0; depth < 10_000; depth++ {
		next, seg := child(n, pos, end)
		if next == nil {
			break
		}
		b.WriteString(seg)
		n = next
	}
	return strings.TrimPrefix(b.String(), "."), n.End - n.Pos, true
}

func holds(n *Node, pos, end int) bool { return n.Pos <= pos && end <= n.End }

// child returns the child of n that holds the range, with the path segment
// that leads to it.
func child(n *Node, pos, end int) (*Node, string) {
	for i, v := range n.Values {
		k := n.Keys[i]
		switch {
		case holds(v, pos, end) && v.End > v.Pos:
			return v, "." + segment(k.Value)
		case holds(k, pos, end):
			return k, "." + segment(k.Value)
		}
	}
	for i, it := range n.Items {
		if holds(it, pos, end) && it.End > it.Pos {
			return it, "[" + strconv.Itoa(i) + "]"
		}
	}
	return nil, ""
}

// segment writes a key so that the path stays readable and unambiguous.
func segment(key string) string {
	if key != "" && !strings.ContainsAny(key, ".[]\" ") {
		return key
	}
	return strconv.Quote(key)
}
