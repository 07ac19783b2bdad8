package rules

import (
	"bytes"
	"strings"

	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// renderReplacement writes values in place of item, which is list itself
// (a single value) or one of list's items, in the file's own syntax: JSON or
// YAML, flow or block lists, and Fn::Sub where a value names template
// values.
func renderReplacement(f *project.File, list, item *node.Node, values []string) (string, bool) {
	isJSON := len(bytes.TrimLeft(f.Data, " \t\r\n\ufeff")) > 0 && bytes.TrimLeft(f.Data, " \t\r\n\ufeff")[0] == '{'
	isTemplate := f.Kind == project.Template
	// Follow the template's own style: one that writes its ARNs with
	// ${AWS::Partition} gets the fix written that way too.
	subPartition := isTemplate && bytes.Contains(f.Data, []byte("${AWS::Partition}"))
	quoted := make([]string, len(values))
	for i, v := range values {
		if subPartition {
			if rest, ok := strings.CutPrefix(v, "arn:aws:"); ok {
				v = "arn:${AWS::Partition}:" + rest
			}
		}
		q := node.Quote(v)
		if strings.Contains(v, "${") {
			if !isTemplate {
				return "", false
			}
			if isJSON {
				q = `{"Fn::Sub": ` + q + `}`
			} else {
				q = "!Sub " + q
			}
		}
		quoted[i] = q
	}
	if list == item || list == nil || list.Kind != node.Seq {
		if len(quoted) == 1 {
			return quoted[0], true
		}
		// A flow sequence is valid in JSON and YAML alike, tags included.
		return "[" + strings.Join(quoted, ", ") + "]", true
	}
	// An item of a list: flow lists take a comma-separated run, block lists
	// more "- " lines at the same indent.
	if isJSON || list.Pos < len(f.Data) && f.Data[list.Pos] == '[' {
		return strings.Join(quoted, ", "), true
	}
	dash := item.Pos - 1
	for dash > 0 && f.Data[dash] != '-' && f.Data[dash] != '\n' {
		dash--
	}
	if dash < 0 || f.Data[dash] != '-' {
		return "", false
	}
	lineStart := bytes.LastIndexByte(f.Data[:dash], '\n') + 1
	indent := string(f.Data[lineStart:dash])
	if strings.TrimSpace(indent) != "" {
		return "", false
	}
	return strings.Join(quoted, "\n"+indent+"- "), true
}
