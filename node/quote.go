package node

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Quote writes s as a JSON string literal, which is also a YAML
// double-quoted scalar. HTML characters are kept as written: ARNs and
// conditions read better without \u003c escapes.
func Quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
