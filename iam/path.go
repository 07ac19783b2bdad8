package iam

import (
	"regexp"
	"strings"
)

// Step Functions evaluates JSONPath ($.name) and JSONata ({% ... %})
// expressions in a definition, never in a policy: IAM reads them as plain
// text, which no real resource's name or ARN holds. A grant that holds one
// (as the CDK writes when a path is passed where a name is expected)
// matches nothing.

var (
	jsonataRE   = regexp.MustCompile(`\{%.*?%\}`)
	intrinsicRE = regexp.MustCompile(`States\.[A-Za-z]+\(.*\)`)
	// A JSONPath: $.name, $$.Execution.Id, $['name'] or $[0], up to the
	// end of the part of the ARN or path it is written in.
	jsonPathRE = regexp.MustCompile(`\$\$?(?:\.[A-Za-z_]|\[['"0-9*])[^/:,()\s]*`)
)

// PathIn returns the first JSONPath or JSONata expression the text of s
// holds (outside its symbols), or "".
func PathIn(s string) string {
	if !strings.Contains(s, "$") && !strings.Contains(s, "{%") {
		return ""
	}
	masked, unmask := Mask(s)
	if m := jsonataRE.FindString(masked); m != "" {
		return unmask(m)
	}
	if m := intrinsicRE.FindString(masked); m != "" {
		return unmask(m)
	}
	if m := jsonPathRE.FindString(masked); m != "" {
		return unmask(m)
	}
	return ""
}
