package serverless

import (
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// maxVarDepth bounds chains of variables that resolve to variables.
const maxVarDepth = 20

// place is where a node of a service is written: its file and, for a node
// brought in from another file, the reference in the service's own file
// that findings about it point at instead.
type place struct {
	f      *project.File
	anchor *node.Node
}

// pin returns n expanded, with positions in the service's file: a node
// from another file takes the position of the reference that brought it.
func (s *service) pin(n *node.Node, at place) *node.Node {
	if n == nil {
		return nil
	}
	e := s.expand(n, at.f, 0)
	if at.f != s.f && at.anchor != nil {
		e = relocate(e, at.anchor)
	}
	return e
}

// follow resolves n when it is a variable standing for a whole value, and
// says where the result is written.
func (s *service) follow(n *node.Node, at place) (*node.Node, place) {
	m, f := s.deref(n, at.f, 0)
	if f == at.f {
		return m, at
	}
	if f == s.f {
		return m, place{f: f}
	}
	anchor := at.anchor
	if at.f == s.f {
		anchor = n
	}
	return m, place{f: f, anchor: anchor}
}

// relocate copies n with every position set to the span of at.
func relocate(n, at *node.Node) *node.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Pos, c.End = at.Pos, at.End
	c.Keys = relocateAll(n.Keys, at)
	c.Values = relocateAll(n.Values, at)
	c.Items = relocateAll(n.Items, at)
	return &c
}

func relocateAll(ns []*node.Node, at *node.Node) []*node.Node {
	if ns == nil {
		return nil
	}
	out := make([]*node.Node, len(ns))
	for i, n := range ns {
		out[i] = relocate(n, at)
	}
	return out
}

// text returns the string a scalar stands for once variables are resolved.
func (s *service) text(n *node.Node, from *project.File) (string, bool) {
	if n == nil {
		return "", false
	}
	e := s.expand(n, from, 0)
	if e.Kind != node.Scalar || e.Style == node.Null {
		return "", false
	}
	return e.Value, true
}

// expand returns n with the Framework's variables resolved: a copy where
// anything changed, n itself where nothing did. Positions stay those of
// from, the file n is written in; what a variable brings in from elsewhere
// takes the position of the variable.
func (s *service) expand(n *node.Node, from *project.File, depth int) *node.Node {
	if n == nil || depth > maxVarDepth || s.work <= 0 {
		return n
	}
	s.work--
	switch n.Kind {
	case node.Scalar:
		m, g := s.deref(n, from, depth)
		if m != n {
			c := s.expand(m, g, depth+1)
			if g != from || c.Kind == node.Scalar {
				c = relocate(c, n)
			}
			return c
		}
		if n.Style == node.String && strings.Contains(n.Value, "${") {
			c := *n
			c.Value = s.subst(n.Value, depth)
			return &c
		}
		return n
	case node.Map:
		c := *n
		c.Values = make([]*node.Node, len(n.Values))
		for i, v := range n.Values {
			c.Values[i] = s.expand(v, from, depth)
		}
		return &c
	case node.Seq:
		c := *n
		c.Items = make([]*node.Node, len(n.Items))
		for i, v := range n.Items {
			c.Items[i] = s.expand(v, from, depth)
		}
		return &c
	}
	return n
}

// value is what a variable resolves to: a node of a file, or text.
type value struct {
	n    *node.Node
	f    *project.File
	text string
}

// deref resolves n while it is a string that is one variable and nothing
// else, which may stand for a map or a list as well as for text. It returns
// the node it comes to and the file that node is written in; text becomes
// a scalar at n's position.
func (s *service) deref(n *node.Node, from *project.File, depth int) (*node.Node, *project.File) {
	at := n
	for ; ; depth++ {
		str, ok := n.Str()
		if !ok {
			return n, from
		}
		inner, ok := wholeVar(str)
		if !ok {
			return n, from
		}
		v := value{text: iam.Sym(inner)}
		if depth <= maxVarDepth {
			v = s.variable(inner, depth)
		}
		if v.n == nil {
			return &node.Node{Kind: node.Scalar, Style: node.String, Value: v.text, Pos: at.Pos, End: at.End}, from
		}
		if from != v.f {
			at = v.n
		}
		n, from = v.n, v.f
	}
}

// slsVarRE recognises the Framework's variables, ${type:address} or
// ${type(params)...}, with a type in lower camel case; anything else in
// ${...}, such as ${AWS::Region} or ${Queue.Arn}, is left for
// CloudFormation's Fn::Sub.
var slsVarRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*(\(|:($|[^:]))`)

func isSlsVar(inner string) bool { return slsVarRE.MatchString(inner) }

// wholeVar reports whether s is one variable of the Framework and nothing
// else, and returns what is inside its braces.
func wholeVar(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "${") || varEnd(t, 0) != len(t) {
		return "", false
	}
	inner := t[2 : len(t)-1]
	return inner, isSlsVar(inner)
}

// varEnd returns the offset just past the brace that closes the ${ at
// s[i:], or -1. Nested variables and quoted text are skipped.
func varEnd(s string, i int) int {
	depth := 0
	var quote byte
	for j := i; j < len(s); j++ {
		c := s[j]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				j++
			} else if c == quote {
				quote = 0
			}
		case c == '$' && j+1 < len(s) && s[j+1] == '{':
			depth++
			j++
		case (c == '\'' || c == '"') && depth > 0:
			quote = c
		case c == '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// subst resolves the variables inside a string.
func (s *service) subst(str string, depth int) string {
	var b strings.Builder
	for i := 0; i < len(str); {
		j := strings.Index(str[i:], "${")
		if j < 0 {
			b.WriteString(str[i:])
			break
		}
		j += i
		b.WriteString(str[i:j])
		end := varEnd(str, j)
		if end < 0 {
			b.WriteString(str[j:])
			break
		}
		inner := str[j+2 : end-1]
		if !isSlsVar(inner) {
			b.WriteString(str[j:end])
		} else {
			b.WriteString(s.asText(s.variable(inner, depth+1), inner, depth+1))
		}
		i = end
	}
	return b.String()
}

// asText is a variable's value where it is part of a string.
func (s *service) asText(v value, inner string, depth int) string {
	if v.n == nil {
		return v.text
	}
	n, _ := s.deref(v.n, v.f, depth)
	if n.Kind != node.Scalar || n.Style == node.Null {
		// The Framework refuses a map or list inside a string.
		return iam.Sym(inner)
	}
	if n.Style == node.String {
		return s.subst(n.Value, depth+1)
	}
	return n.Value
}

// splitSources splits a variable's inside at its top-level commas: the
// source, then the fallbacks.
func splitSources(inner string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '{' || c == '(':
			depth++
		case c == '}' || c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(inner[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(inner[start:]))
}

var sourceRE = regexp.MustCompile(`(?s)^([a-z][a-zA-Z0-9]*)(?:\((.*?)\))?(?::(.*))?$`)

// variable resolves what is inside ${...}: the first source that has a
// value, else the next fallback. A value that cannot be known before
// deploy (an option, an environment variable, a parameter store entry)
// becomes a symbol named as the variable is written.
func (s *service) variable(inner string, depth int) value {
	s.work--
	if depth > maxVarDepth || s.work <= 0 {
		return value{text: iam.Sym(inner)}
	}
	sources := splitSources(inner)
	for _, src := range sources {
		if v, ok := s.source(src, depth); ok {
			return v
		}
	}
	// The Framework stops with an error here.
	return value{text: iam.Sym(sources[0])}
}

// source resolves one source of a variable; ok is false when it has no
// value, so that the next fallback applies.
func (s *service) source(src string, depth int) (value, bool) {
	switch {
	case src == "":
		return value{}, false
	case src[0] == '\'' && len(src) >= 2 && src[len(src)-1] == '\'':
		return value{text: src[1 : len(src)-1]}, true
	case src[0] == '"':
		if u, err := strconv.Unquote(src); err == nil {
			return value{text: u}, true
		}
		return value{text: strings.Trim(src, `"`)}, true
	case strings.HasPrefix(src, "${") && strings.HasSuffix(src, "}"):
		inner := src[2 : len(src)-1]
		if isSlsVar(inner) {
			return s.variable(inner, depth+1), true
		}
		return value{text: src}, true
	}
	m := sourceRE.FindStringSubmatch(src)
	if m == nil {
		// A bare number or boolean; anything else the Framework rejects.
		return value{text: src}, true
	}
	typ, params, addr := m[1], m[2], s.subst(strings.TrimSpace(m[3]), depth+1)
	switch typ {
	case "self":
		n, f, ok := s.lookup(s.f.Root, s.f, addr, depth)
		switch {
		case ok:
		case addr == "provider.stage":
			// Unset, they are the deployment's.
			return value{text: s.stage}, true
		case addr == "provider.region":
			return value{text: s.region}, true
		}
		return value{n: n, f: f}, ok
	case "file":
		rel := strings.Trim(strings.TrimSpace(s.subst(params, depth+1)), `'"`)
		if !isDataFile(rel) {
			// JavaScript and other files are run or read as text by the
			// Framework; neither is done here.
			return value{text: iam.Sym(src)}, true
		}
		root, f := s.fileRoot(rel)
		if root == nil {
			return value{}, false
		}
		n, f, ok := s.lookup(root, f, addr, depth)
		return value{n: n, f: f}, ok
	case "sls":
		if addr == "stage" {
			return value{text: s.stage}, true
		}
	case "opt":
		switch addr {
		case "stage":
			return value{text: s.stage}, true
		case "region":
			return value{text: s.region}, true
		}
	case "aws":
		switch addr {
		case "region":
			return value{text: s.region}, true
		case "accountId":
			return value{text: iam.AccountID}, true
		}
	}
	return value{text: iam.Sym(src)}, true
}

// lookup follows a dotted address from root, resolving variables on the
// way; ok is false when there is nothing there.
func (s *service) lookup(root *node.Node, f *project.File, addr string, depth int) (*node.Node, *project.File, bool) {
	n := root
	if addr != "" {
		for _, seg := range strings.Split(addr, ".") {
			n, f = s.deref(n, f, depth+1)
			switch {
			case n == nil:
			case n.Kind == node.Map:
				n = n.Get(seg)
			case n.Kind == node.Seq:
				i, err := strconv.Atoi(seg)
				if err != nil || i < 0 || i >= len(n.Items) {
					n = nil
				} else {
					n = n.Items[i]
				}
			default:
				n = nil
			}
			if n == nil {
				return nil, nil, false
			}
		}
	}
	if n == nil || n.Kind == node.Scalar && n.Style == node.Null {
		return nil, nil, false
	}
	return n, f, true
}

// fileRoot returns the parsed contents of a file the service includes,
// relative to the service directory.
func (s *service) fileRoot(rel string) (*node.Node, *project.File) {
	name := rel
	if !path.IsAbs(rel) {
		name = path.Join(s.dir, rel)
	}
	f, err := s.p.Open(name)
	if err != nil || strings.EqualFold(path.Ext(name), ".tf") {
		return nil, nil
	}
	if f.Root != nil {
		return f.Root, f
	}
	if root, ok := s.roots[name]; ok {
		return root, f
	}
	parse := node.Parse
	if strings.EqualFold(path.Ext(name), ".json") {
		parse = node.ParseJSON
	}
	root, err := parse(f.Data)
	if err != nil {
		root = nil
	}
	s.roots[name] = root
	if root == nil {
		return nil, nil
	}
	return root, f
}

// included is a file a ${file(...)} variable names.
type included struct {
	f   *project.File // nil when it was not read
	rel string        // as the variable writes it
	why string        // why it was not read
	// script names the language of a file the Framework runs rather than
	// parses, such as JavaScript.
	script string
}

// includedFile reports whether a variable is ${file(...)}, and returns the
// file it names, read when it can be.
func (s *service) includedFile(inner string) (included, bool) {
	m := sourceRE.FindStringSubmatch(splitSources(inner)[0])
	if m == nil || m[1] != "file" {
		return included{}, false
	}
	rel := strings.Trim(strings.TrimSpace(s.subst(m[2], 0)), `'"`)
	if !isDataFile(rel) {
		// The Framework runs a JavaScript file and exports what it returns.
		kind := scriptKind(rel)
		return included{rel: rel, why: "is a " + kind + " variable file, which is not evaluated here", script: kind}, true
	}
	name := rel
	if !path.IsAbs(rel) {
		name = path.Join(s.dir, rel)
	}
	f, err := s.p.Open(name)
	if err != nil {
		return included{rel: rel, why: project.Unreadable(err)}, true
	}
	return included{f: f, rel: rel}, true
}

// isDataFile reports whether a ${file(...)} names a file the Framework
// parses (YAML or JSON) rather than runs.
func isDataFile(rel string) bool {
	switch strings.ToLower(path.Ext(rel)) {
	case ".yml", ".yaml", ".json":
		return true
	}
	return false
}

// scriptKind names the kind of variable file the Framework runs.
func scriptKind(rel string) string {
	switch strings.ToLower(path.Ext(rel)) {
	case ".ts", ".mts", ".cts":
		return "TypeScript"
	case ".js", ".mjs", ".cjs":
		return "JavaScript"
	}
	return strings.TrimPrefix(path.Ext(rel), ".")
}
