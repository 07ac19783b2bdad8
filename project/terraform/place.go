package terraform

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// placer names a place of a .tf file by the blocks and arguments that
// hold it, such as aws_iam_role.r.inline_policy[0].policy, so a finding's
// key stays the same when lines are added above it.
func placer(body *hclsyntax.Body) func(pos, end int) string {
	return func(pos, end int) string {
		for _, b := range body.Blocks {
			if holds(b.Range(), pos, end) {
				return blockPath(b, pos, end)
			}
		}
		for name, a := range body.Attributes {
			if holds(a.Range(), pos, end) {
				return name
			}
		}
		return ""
	}
}

func holds(r hcl.Range, pos, end int) bool { return r.Start.Byte <= pos && end <= r.End.Byte }

// blockPath is the address of a top-level block, as Terraform writes it,
// followed by the path inside it.
func blockPath(b *hclsyntax.Block, pos, end int) string {
	addr := strings.Join(append([]string{b.Type}, b.Labels...), ".")
	switch b.Type {
	case "resource":
		addr = strings.Join(b.Labels, ".")
	case "variable":
		addr = "var." + strings.Join(b.Labels, ".")
	}
	return addr + bodyPath(b.Body, pos, end)
}

// bodyPath is the path of arguments and nested blocks (with their index
// among blocks of the same type) inside a body that hold the range.
func bodyPath(body *hclsyntax.Body, pos, end int) string {
	for name, a := range body.Attributes {
		if holds(a.Range(), pos, end) {
			return "." + name
		}
	}
	count := map[string]int{}
	for _, b := range body.Blocks {
		i := count[b.Type]
		count[b.Type]++
		if holds(b.Range(), pos, end) {
			return "." + b.Type + "[" + strconv.Itoa(i) + "]" + bodyPath(b.Body, pos, end)
		}
	}
	return ""
}
