package project

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

// A Serverless Framework service declares state machines for the
// serverless-step-functions plugin under stepFunctions.stateMachines. The
// Framework first resolves its own ${source:address} variables throughout
// the file (and the files it includes with ${file(...)}); the plugin then
// turns each state machine into an AWS::StepFunctions::StateMachine, run
// by the role it names or by a role the plugin writes from the definition.
// resources.Resources is plain CloudFormation and is read as a template.

// service is a Serverless Framework service being read.
type service struct {
	p      *Project
	f      *File
	dir    string // the service directory: ${file(...)} paths are relative to it
	name   string // the service's name, for default function names
	stage  string // a literal stage, or stageSym
	region string // a literal Region, or iam.Region
	t      *template
	// from maps each logical ID of t.resources to the file it is written
	// in, for resources brought in with ${file(...)}.
	from map[string]*File
	// funcs maps the keys of functions to their deployed names.
	funcs map[string]string
	// roots holds files parsed here because the loader skipped them (a
	// config file with none of the words the loader looks for).
	roots map[string]*node.Node
	// work bounds variable expansion, which can nest references to
	// references without end.
	work int
}

// stageSym stands for the stage a service is deployed to when the file
// does not fix it: the --stage option picks it.
var stageSym = iam.Sym("sls:stage")

// maxVarDepth bounds chains of variables that resolve to variables.
const maxVarDepth = 20

// place is where a node of a service is written: its file and, for a node
// brought in from another file, the reference in the service's own file
// that findings about it point at instead.
type place struct {
	f      *File
	anchor *node.Node
}

// readServerless reads the state machines of Serverless Framework services.
func (p *Project) readServerless() {
	for _, f := range p.Files {
		if f.Kind == Serverless && f.Root != nil {
			p.readService(f)
		}
	}
}

// newService reads what the rest of a service depends on: its name, stage,
// Region and functions.
func (p *Project) newService(f *File) *service {
	s := &service{p: p, f: f, dir: path.Dir(f.Path), stage: stageSym, region: iam.Region,
		funcs: map[string]string{}, roots: map[string]*node.Node{}, work: 50000 + 10*len(f.Data)}
	home := place{f: f}
	// The stage and Region are literal only where the file writes them
	// out; otherwise the command line decides.
	if prov, _ := s.follow(f.Root.Get("provider"), home); prov != nil {
		if v, ok := literal(prov.Get("stage")); ok {
			s.stage = v
		}
		if v, ok := literal(prov.Get("region")); ok {
			s.region = v
		}
	}
	s.name = iam.Sym("self:service")
	svc, sp := s.follow(f.Root.Get("service"), home)
	if svc != nil && svc.Kind == node.Map {
		// The Framework's early versions took service: {name: ...}.
		svc, sp = s.follow(svc.Get("name"), sp)
	}
	if v, ok := s.text(svc, sp.f); ok {
		s.name = v
	}
	s.readFunctions()
	return s
}

func (p *Project) readService(f *File) {
	s := p.newService(f)
	home := place{f: f}

	sfn, sfnAt := s.follow(f.Root.Get("stepFunctions"), home)
	sms, smsAt := s.follow(sfn.Get("stateMachines"), sfnAt)
	type entry struct {
		key, value *node.Node
		at         place
		logicalID  string
		name       string // the name property, "" when CloudFormation generates it
	}
	var machines []entry
	if sms != nil && sms.Kind != node.Map && sms.Style != node.Null {
		s.notMap(sfn.Get("stateMachines"), sms, sfnAt, "stepFunctions.stateMachines must be a map of state machines")
	}
	if sms == nil || sms.Kind != node.Map {
		sms = &node.Node{Kind: node.Map}
	}
	for i, key := range sms.Keys {
		v, at := s.follow(sms.Values[i], smsAt)
		if v == nil || v.Kind != node.Map {
			s.notMap(sms.Values[i], v, smsAt, fmt.Sprintf("state machine %q must be a map", key.Value))
			continue
		}
		e := entry{key: s.pin(key, smsAt), value: v, at: at}
		e.name, _ = s.text(v.Get("name"), at.f)
		id, _ := s.text(v.Get("id"), at.f)
		switch {
		case id != "":
			e.logicalID = normalizeName(id)
		case e.name != "":
			e.logicalID = normalizeName(e.name)
		default:
			e.logicalID = normalizeName(key.Value) + "StepFunctionsStateMachine"
		}
		machines = append(machines, e)
	}

	resources := s.readResources()
	// The plugin and the Framework add resources of their own; a
	// definition or policy may refer to them by logical ID.
	at := f.Root
	for _, key := range slices.Sorted(maps.Keys(s.funcs)) {
		s.addResource(resources, at, lambdaLogicalID(key), "AWS::Lambda::Function", "FunctionName", s.funcs[key])
	}
	for _, e := range machines {
		s.addResource(resources, e.key, e.logicalID, "AWS::StepFunctions::StateMachine", "StateMachineName", e.name)
	}
	acts, actsAt := s.follow(sfn.Get("activities"), sfnAt)
	for _, a := range acts.List() {
		if name, ok := s.text(a, actsAt.f); ok && name != "" {
			s.addResource(resources, s.pin(a, actsAt), normalizeName(name)+"StepFunctionsActivity", "AWS::StepFunctions::Activity", "Name", name)
		}
	}

	s.t = &template{p: p, f: f, resources: resources, params: map[string]bool{}, partition: "aws",
		region: s.region, account: iam.AccountID, visiting: map[string]bool{},
		docResolvers: map[*node.Node]func(*node.Node) (string, bool){}}
	for _, part := range []string{"aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"} {
		if bytes.Contains(f.Data, []byte("arn:"+part+":")) {
			s.t.partition = part
		}
	}
	if rs, rat := s.follow(f.Root.Get("resources"), home); rs != nil && rs.Kind == node.Map {
		if ps, _ := s.follow(rs.Get("Parameters"), rat); ps != nil {
			for _, k := range ps.Keys {
				s.t.params[k.Value] = true
			}
		}
	}
	for i, key := range resources.Keys {
		r := resources.Values[i]
		if typeOf(r) != "AWS::ECS::TaskDefinition" {
			continue
		}
		var roles []string
		for _, prop := range []string{"TaskRoleArn", "ExecutionRoleArn"} {
			if v, ok := s.t.resolve(r.Get("Properties").Get(prop)); ok {
				roles = append(roles, v)
			}
		}
		p.TaskRoles[s.t.ref(key.Value)] = roles
	}

	roles := map[string]*Role{}
	for _, e := range machines {
		s.readMachine(e.key, e.value, e.at, e.logicalID, e.name, roles)
	}
}

// notMap reports raw, which resolved to v, where a map belongs: an
// included file that does not exist, or something else written there. A
// value that is not known here (such as ${ssm:...}) is passed over.
func (s *service) notMap(raw, v *node.Node, at place, msg string) {
	ref := s.pin(raw, at)
	if str, ok := raw.Str(); ok {
		if inner, ok := wholeVar(str); ok {
			if f, rel, isFile := s.includedFile(inner); isFile {
				if f == nil {
					s.p.problem(s.f, ref, "the included file %q does not exist", rel)
				}
				return
			}
		}
	}
	if v != nil && v.Kind == node.Scalar {
		if _, whole := iam.IsSym(v.Value); whole {
			return
		}
	}
	s.p.problem(s.f, ref, "%s", msg)
}

// literal returns a string scalar written out in full, without variables.
func literal(n *node.Node) (string, bool) {
	v, ok := n.Str()
	if !ok || v == "" || strings.Contains(v, "${") {
		return "", false
	}
	return v, true
}

// normalizeName is how the Framework and the plugin turn a name into part
// of a logical ID: '-' and '_' spelled out, the first letter upper case.
func normalizeName(name string) string {
	// Symbols keep their names: they stand for text not known here.
	masked, unmask := iam.Mask(name)
	masked = strings.ReplaceAll(strings.ReplaceAll(masked, "-", "Dash"), "_", "Underscore")
	if r, size := utf8.DecodeRuneInString(masked); size > 0 && unicode.IsLower(r) {
		masked = string(unicode.ToUpper(r)) + masked[size:]
	}
	return unmask(masked)
}

// lambdaLogicalID is the logical ID the Framework gives the function with
// the given key.
func lambdaLogicalID(key string) string { return normalizeName(key) + "LambdaFunction" }

// readFunctions records the deployed name of each function: its name, or
// <service>-<stage>-<key>. functions may be a map or a list of maps.
func (s *service) readFunctions() {
	fns, at := s.follow(s.f.Root.Get("functions"), place{f: s.f})
	parts := []*node.Node{fns}
	places := []place{at}
	if fns != nil && fns.Kind == node.Seq {
		parts, places = nil, nil
		for _, it := range fns.Items {
			m, mat := s.follow(it, at)
			parts, places = append(parts, m), append(places, mat)
		}
	}
	for i, m := range parts {
		if m == nil || m.Kind != node.Map {
			continue
		}
		for j, k := range m.Keys {
			fn, fat := s.follow(m.Values[j], places[i])
			name, ok := "", false
			if fn != nil && fn.Kind == node.Map {
				name, ok = s.text(fn.Get("name"), fat.f)
			}
			if !ok || name == "" {
				name = s.name + "-" + s.stage + "-" + k.Value
			}
			s.funcs[k.Value] = name
		}
	}
}

// readResources gathers resources.Resources, which may be a map or, with
// resources written as a list of files, several maps merged.
func (s *service) readResources() *node.Node {
	merged := &node.Node{Kind: node.Map}
	s.from = map[string]*File{}
	rs, at := s.follow(s.f.Root.Get("resources"), place{f: s.f})
	parts := []*node.Node{rs}
	places := []place{at}
	if rs != nil && rs.Kind == node.Seq {
		parts, places = nil, nil
		for _, it := range rs.Items {
			m, mat := s.follow(it, at)
			parts, places = append(parts, m), append(places, mat)
		}
	}
	for i, part := range parts {
		if part == nil || part.Kind != node.Map {
			continue
		}
		res, rat := s.follow(part.Get("Resources"), places[i])
		if res == nil || res.Kind != node.Map {
			continue
		}
		// Resources keep the positions of the file they are written in, so
		// that findings and fixes about a role in an included file land
		// there; s.from says which file that is.
		res = s.expand(res, rat.f, 0)
		for j, k := range res.Keys {
			merged.Keys = append(merged.Keys, k)
			merged.Values = append(merged.Values, res.Values[j])
			s.from[k.Value] = rat.f
		}
	}
	return merged
}

// addResource adds a resource the Framework or the plugin writes. The
// Framework merges a resource of the service's own with the same logical
// ID into its own, so such a resource gets the type and name it lacks.
func (s *service) addResource(res, at *node.Node, id, typ, nameProp, name string) {
	str := func(v string) *node.Node {
		return &node.Node{Kind: node.Scalar, Style: node.String, Value: v, Pos: at.Pos, End: at.End}
	}
	// with returns a copy of map m with key set to v unless m has it.
	with := func(m *node.Node, key string, v *node.Node) *node.Node {
		c := &node.Node{Kind: node.Map, Pos: at.Pos, End: at.End}
		if m != nil && m.Kind == node.Map {
			*c = *m
			if m.Get(key) != nil {
				return m
			}
		}
		c.Keys = append(slices.Clone(c.Keys), str(key))
		c.Values = append(slices.Clone(c.Values), v)
		return c
	}
	i := slices.IndexFunc(res.Keys, func(k *node.Node) bool { return k.Value == id })
	if i < 0 {
		res.Keys = append(res.Keys, str(id))
		res.Values = append(res.Values, &node.Node{Kind: node.Map, Pos: at.Pos, End: at.End})
		s.from[id] = s.f
		i = len(res.Keys) - 1
	}
	r := res.Values[i]
	if t := typeOf(r); t != "" && t != typ {
		return
	}
	r = with(r, "Type", str(typ))
	if name != "" {
		props := with(r.Get("Properties"), nameProp, str(name))
		if r.Get("Properties") == nil {
			r = with(r, "Properties", props)
		} else {
			c := *r
			c.Values = slices.Clone(r.Values)
			c.Values[slices.IndexFunc(r.Keys, func(k *node.Node) bool { return k.Value == "Properties" })] = props
			r = &c
		}
	}
	res.Values[i] = r
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
func (s *service) text(n *node.Node, from *File) (string, bool) {
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
func (s *service) expand(n *node.Node, from *File, depth int) *node.Node {
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
	f    *File
	text string
}

// deref resolves n while it is a string that is one variable and nothing
// else, which may stand for a map or a list as well as for text. It returns
// the node it comes to and the file that node is written in; text becomes
// a scalar at n's position.
func (s *service) deref(n *node.Node, from *File, depth int) (*node.Node, *File) {
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
		switch strings.ToLower(path.Ext(rel)) {
		case ".yml", ".yaml", ".json":
		default:
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
func (s *service) lookup(root *node.Node, f *File, addr string, depth int) (*node.Node, *File, bool) {
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
func (s *service) fileRoot(rel string) (*node.Node, *File) {
	name := rel
	if !path.IsAbs(rel) {
		name = path.Join(s.dir, rel)
	}
	f := s.p.File(name)
	if f == nil || f.Kind == Terraform {
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

// readMachine reads one entry of stepFunctions.stateMachines.
func (s *service) readMachine(key, cfg *node.Node, at place, logicalID, name string, roles map[string]*Role) {
	p := s.p
	m := &Machine{Name: key.Value, File: s.f, Node: cfg, NameNode: key, ARN: s.ref(logicalID),
		Path: "stepFunctions.stateMachines." + key.Value, TaskRoles: p.TaskRoles}
	if at.f != s.f {
		m.Node = at.anchor
	}
	if s.region != iam.Region {
		m.Region, m.Account = s.region, iam.AccountID
	}
	p.Machines = append(p.Machines, m)
	get := func(k string) *node.Node { return s.pin(cfg.Get(k), at) }
	keyOf := func(k string) *node.Node { return s.pin(cfg.KeyNode(k), at) }

	def := s.readDefinition(m, key, cfg.Get("definition"), at)
	if typ, _ := s.t.resolve(get("type")); typ == "EXPRESS" {
		m.Express = true
	}
	if lc := get("loggingConfig"); lc != nil {
		// The plugin's level defaults to OFF.
		m.LoggingNode = keyOf("loggingConfig")
		lvl, _ := s.t.resolve(lc.Get("level"))
		m.Logging = lvl != "" && lvl != "OFF"
	}
	if tc := get("tracingConfig"); tc != nil {
		m.TracingNode = keyOf("tracingConfig")
		m.Tracing = tc.Get("enabled").IsTrue()
	}
	if ec := get("encryptionConfig"); ec != nil {
		if typ, _ := s.t.resolve(ec.Get("Type")); typ == "CUSTOMER_MANAGED_KMS_KEY" && ec.Get("KmsKeyId") != nil {
			m.EncryptionNode = keyOf("encryptionConfig")
			m.KMSKey = s.t.kmsKeyARN(fnSub(ec.Get("KmsKeyId")))
		}
	}

	roleNode := get("role")
	switch {
	case m.Unbound != "":
	case roleNode != nil:
		if cfg.Get("iamRoleStatements") != nil {
			p.problem(s.f, keyOf("iamRoleStatements"), "the plugin takes either role or iamRoleStatements, not both")
		}
		if roleName, why := s.findRole(roleNode); roleName == "" {
			m.Unbound = why
		} else {
			m.Role = s.t.roleFor(roleName, roles)
			s.placeRole(m.Role)
		}
	default:
		m.Role = s.generatedRole(m, cfg, at, logicalID, name, def)
	}
	if m.Definition == nil && m.Unbound == "" {
		m.Unbound = "its definition could not be read"
	}
}

// readDefinition reads a state machine's definition: a map written in
// place, or brought in by a variable such as ${file(path)}. It returns the
// definition as the plugin sees it, or nil.
func (s *service) readDefinition(m *Machine, key, dn *node.Node, at place) *node.Node {
	p := s.p
	if dn == nil {
		// The plugin stops with "Missing definition".
		p.problem(s.f, key, "state machine %q has no definition", key.Value)
		m.Unbound = "it has no definition"
		return nil
	}
	dv, dat := s.follow(dn, at)
	if dv == nil || dv.Kind != node.Map {
		ref := s.pin(dn, at)
		if raw, ok := dn.Str(); ok {
			if inner, ok := wholeVar(raw); ok {
				if f, rel, isFile := s.includedFile(inner); isFile {
					if f == nil {
						p.problem(s.f, ref, "the definition file %q does not exist", rel)
						m.Unbound = "its definition file does not exist"
					} else {
						// Its parse error is reported on its own.
						m.Unbound = "its definition file cannot be read"
					}
					return nil
				}
			}
		}
		v, _ := s.text(dv, dat.f)
		if _, whole := iam.IsSym(v); whole {
			m.Unbound = fmt.Sprintf("its definition comes from %s, which is not known here", iam.Display(v))
			return nil
		}
		p.problem(s.f, ref, "the definition of %q is not a map: the plugin writes a string as a JSON string, not as a definition; write it as a map or load it with ${file(...)}", key.Value)
		m.Unbound = "its definition could not be read"
		return nil
	}
	defFile := s.f
	if dat.f != s.f {
		defFile = dat.f
		m.DefinitionFile = dat.f
		p.usedDefinitions[dat.f.Path] = true
	}
	def := s.translate(s.expand(dv, dat.f, 0))
	m.Definition = p.readDefinition(defFile, def, s.resolveDef)
	return def
}

// includedFile reports whether a variable is ${file(...)} of a YAML or
// JSON file, and returns that file if it was read.
func (s *service) includedFile(inner string) (*File, string, bool) {
	m := sourceRE.FindStringSubmatch(splitSources(inner)[0])
	if m == nil || m[1] != "file" {
		return nil, "", false
	}
	rel := strings.Trim(strings.TrimSpace(s.subst(m[2], 0)), `'"`)
	name := rel
	if !path.IsAbs(rel) {
		name = path.Join(s.dir, rel)
	}
	return s.p.File(name), rel, true
}

// fnSub wraps a string in Fn::Sub, as the plugin does with a KmsKeyId.
func fnSub(n *node.Node) *node.Node {
	if _, ok := n.Str(); !ok {
		return n
	}
	k := &node.Node{Kind: node.Scalar, Style: node.String, Value: "Fn::Sub", Pos: n.Pos, End: n.End}
	return &node.Node{Kind: node.Map, Keys: []*node.Node{k}, Values: []*node.Node{n}, Pos: n.Pos, End: n.End}
}

func (s *service) ref(name string) string {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	return s.t.ref(name)
}

func (s *service) getAtt(res, attr string) string {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	return s.t.getAtt(res, attr)
}

// pseudoRE finds the #{AWS::Region}-style placeholders that the plugin
// turns into Fn::Sub's ${...}.
var pseudoRE = regexp.MustCompile(`#\{([^}]+)\}`)

// resolveDef reads the strings of a definition: intrinsic functions are
// evaluated, and ${...} left by the Framework (and #{...}) are taken as the
// Fn::Sub the plugin wraps the definition in.
func (s *service) resolveDef(n *node.Node) (string, bool) {
	if fn, _ := intrinsic(n); fn != "" {
		return s.t.resolve(n)
	}
	v, ok := n.Str()
	if !ok {
		return "", false
	}
	return s.cfnSub(v), true
}

func (s *service) cfnSub(v string) string {
	v = pseudoRE.ReplaceAllString(v, "$${${1}}")
	if !strings.Contains(v, "${") {
		return v
	}
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	return iam.Substitute(v, s.t.subLookup(nil, 0))
}

// translate rewrites references to the service's functions in a
// definition the way the plugin does: Fn::GetAtt [hello, Arn] names the
// function's resource, HelloLambdaFunction, and a Ref to a function becomes
// the function's ARN.
func (s *service) translate(n *node.Node) *node.Node {
	if n == nil {
		return nil
	}
	if r := s.translateRef(n); r != nil {
		return r
	}
	var c *node.Node
	clone := func() {
		if c == nil {
			cp := *n
			cp.Values, cp.Items = slices.Clone(n.Values), slices.Clone(n.Items)
			c = &cp
		}
	}
	for i, v := range n.Values {
		if w := s.translate(v); w != v {
			clone()
			c.Values[i] = w
		}
	}
	for i, v := range n.Items {
		if w := s.translate(v); w != v {
			clone()
			c.Items[i] = w
		}
	}
	if c != nil {
		return c
	}
	return n
}

func (s *service) translateRef(n *node.Node) *node.Node {
	str := func(v string) *node.Node {
		return &node.Node{Kind: node.Scalar, Style: node.String, Value: v, Pos: n.Pos, End: n.End}
	}
	if target := refTarget(n); target != "" {
		if name, ok := s.localFunction(target); ok {
			return str("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + name)
		}
		return nil
	}
	res, attr, ok := getAtt(n)
	if !ok {
		return nil
	}
	if _, isFn := s.funcs[res]; !isFn || s.t.resource(res) != nil {
		return nil
	}
	pair := &node.Node{Kind: node.Seq, Items: []*node.Node{str(lambdaLogicalID(res)), str(attr)}, Pos: n.Pos, End: n.End}
	return &node.Node{Kind: node.Map, Keys: []*node.Node{str("Fn::GetAtt")}, Values: []*node.Node{pair}, Pos: n.Pos, End: n.End}
}

// localFunction returns the deployed name of the function a Ref names by
// its key or by its logical ID.
func (s *service) localFunction(target string) (string, bool) {
	if name, ok := s.funcs[target]; ok && s.t.resource(target) == nil {
		return name, true
	}
	for _, k := range slices.Sorted(maps.Keys(s.funcs)) {
		if lambdaLogicalID(k) == target {
			return s.funcs[k], true
		}
	}
	return "", false
}

// findRole finds the role in resources.Resources that a state machine's
// role names, or says why not.
func (s *service) findRole(n *node.Node) (string, string) {
	t := s.t
	isRole := func(name string) bool { return typeOf(t.resource(name)) == "AWS::IAM::Role" }
	if name, ok := roleRef(n); ok {
		switch {
		case isRole(name):
			return name, ""
		case t.resource(name) != nil:
			return "", fmt.Sprintf("its role names %q, which is a %s, not an AWS::IAM::Role", name, typeOf(t.resource(name)))
		case name == "IamRoleLambdaExecution":
			return "", "its role is the one the Framework writes for the service's functions, which is not read here"
		}
		return "", fmt.Sprintf("its role names %q, which is not in resources.Resources", name)
	}
	v, ok := t.resolve(n)
	if !ok {
		return "", "its role cannot be read"
	}
	var cands []string
	for _, key := range t.resources.Keys {
		if !isRole(key.Value) {
			continue
		}
		name := s.ref(key.Value)
		if arnNamesRole(v, name) {
			cands = append(cands, key.Value)
		}
	}
	if len(cands) == 1 {
		return cands[0], ""
	}
	if _, whole := iam.IsSym(v); whole {
		return "", fmt.Sprintf("its role comes from %s, which is not known here", iam.Display(v))
	}
	return "", fmt.Sprintf("its role %q is not a role of resources.Resources", iam.Display(v))
}

// placeRole points a role, and the policies read for it, at the files
// they are written in when resources come from several files.
func (s *service) placeRole(role *Role) {
	if f := s.from[role.Name]; f != nil {
		role.File = f
	}
	fix := func(pol *iam.Policy) {
		if pol == nil {
			return
		}
		id, ok := strings.CutPrefix(pol.Path, "Resources.")
		if !ok {
			return
		}
		if i := strings.IndexAny(id, ".["); i >= 0 {
			id = id[:i]
		}
		if f := s.from[id]; f != nil {
			pol.File = f.Path
		}
	}
	for _, pol := range role.Policies {
		fix(pol)
	}
	fix(role.Trust)
	fix(role.Boundary)
}

// generatedRole is the role the plugin writes for a state machine that
// names none: a policy derived from the definition (its compileIamRole and
// iamStrategies), the state machine's own iamRoleStatements, and the
// provider's permissions boundary. Its trust policy is the plugin's own and
// right by construction.
func (s *service) generatedRole(m *Machine, cfg *node.Node, at place, logicalID, name string, def *node.Node) *Role {
	key := m.NameNode
	role := &Role{Name: iam.Display(logicalID + "Role"), File: s.f, Node: key, Path: m.Path + ".role"}
	g := &generator{s: s}
	if def != nil {
		g.states(def.Get("States"), cmp.Or(name, key.Value), 0)
	}
	if cfg.Get("loggingConfig") != nil {
		g.add("logs:CreateLogDelivery,logs:GetLogDelivery,logs:UpdateLogDelivery,logs:DeleteLogDelivery,"+
			"logs:ListLogDeliveries,logs:PutResourcePolicy,logs:DescribeResourcePolicies,logs:DescribeLogGroups", "*")
	}
	if cfg.Get("tracingConfig") != nil {
		g.add("xray:PutTraceSegments,xray:PutTelemetryRecords,xray:GetSamplingRules,xray:GetSamplingTargets", "*")
	}
	if ks := s.pin(cfg.Get("kmsKeyArns"), at); ks != nil {
		var arns []string
		for _, k := range ks.List() {
			arns = append(arns, g.value(k))
		}
		if len(arns) > 0 {
			g.add("kms:Decrypt,kms:Encrypt,kms:ReEncrypt*,kms:GenerateDataKey*,kms:DescribeKey", arns...)
		}
	}
	if ec := s.pin(cfg.Get("encryptionConfig"), at); ec != nil {
		if kid := ec.Get("KmsKeyId"); kid != nil {
			if v, ok := s.t.resolve(fnSub(kid)); ok && v != "" {
				g.add("kms:Decrypt,kms:Encrypt", v)
			}
		}
	}
	stmts := s.pin(cfg.Get("iamRoleStatements"), at)
	pol := &iam.Policy{Name: iam.Display(s.stage) + "-" + iam.Display(s.name) + "-statemachine",
		File: s.f.Path, Path: role.Path, Generated: true}
	for _, gr := range g.grants {
		st := &iam.Statement{Index: len(pol.Statements)}
		for _, a := range gr.actions {
			st.Actions = append(st.Actions, iam.Item{Value: a})
		}
		for _, r := range gr.resources {
			st.Resources = append(st.Resources, iam.Item{Value: r})
		}
		pol.Statements = append(pol.Statements, st)
	}
	if len(pol.Statements) == 0 && len(stmts.List()) == 0 {
		// With nothing to grant, the plugin denies everything, as the
		// console does.
		pol.Statements = append(pol.Statements, &iam.Statement{Deny: true,
			Actions: []iam.Item{{Value: "*"}}, Resources: []iam.Item{{Value: "*"}}})
	}
	if len(pol.Statements) > 0 {
		pointAt(pol, key)
		role.Policies = append(role.Policies, pol)
	}
	if stmts != nil {
		k := &node.Node{Kind: node.Scalar, Style: node.String, Value: "Statement", Pos: stmts.Pos, End: stmts.Pos}
		doc := &node.Node{Kind: node.Map, Keys: []*node.Node{k}, Values: []*node.Node{stmts}, Pos: stmts.Pos, End: stmts.End}
		role.Policies = append(role.Policies, s.p.readPolicy(s.f, doc, s.t.resolve, "iamRoleStatements", m.Path+".iamRoleStatements"))
	}
	if prov, pat := s.follow(s.f.Root.Get("provider"), place{f: s.f}); prov != nil {
		if b := s.pin(prov.Get("rolePermissionsBoundary"), pat); b != nil {
			role.Boundary, role.BoundaryUnknown = s.t.boundary(b)
		}
	}
	return role
}

// generator derives the permissions the plugin grants for a definition.
// It follows the plugin's strategies as they read the definition, with
// their gaps: a task it does not recognise gets nothing. Where the plugin
// would fail on a task, or its output depends on what is not known here,
// the permission is taken as granted on "*".
type generator struct {
	s      *service
	grants []grant
}

type grant struct{ actions, resources []string }

func (g *generator) add(actions string, resources ...string) {
	g.grants = append(g.grants, grant{strings.Split(actions, ","), resources})
}

// states collects the Task states of a States map as the plugin does:
// inside Parallel branches and Map processors, with a Distributed Map's
// child executions and its ItemReader and ResultWriter as tasks of their
// own.
func (g *generator) states(states *node.Node, machine string, depth int) {
	if states == nil || states.Kind != node.Map || depth > 100 {
		return
	}
	for _, st := range states.Values {
		typ, _ := st.Get("Type").Str()
		switch typ {
		case "Task":
			g.task(st)
		case "Parallel":
			for _, br := range st.Get("Branches").List() {
				g.states(br.Get("States"), machine, depth+1)
			}
		case "Map":
			proc := st.Get("ItemProcessor")
			if proc != nil {
				g.states(proc.Get("States"), machine, depth+1)
			} else {
				g.states(st.Get("Iterator").Get("States"), machine, depth+1)
			}
			if mode, _ := proc.Get("ProcessorConfig").Get("Mode").Str(); mode == "DISTRIBUTED" {
				// The plugin names the state machine by its name or key,
				// even when CloudFormation generates the name.
				self := "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:" + machine
				g.add("states:StartExecution", g.s.cfnSub(self))
				g.add("states:DescribeExecution,states:StopExecution", g.s.cfnSub(strings.Replace(self, ":stateMachine:", ":execution:", 1)+":*"))
				g.add(eventsRule, g.rule("StepFunctionsGetEventsForStepFunctionsExecutionRule"))
			}
			if ir := st.Get("ItemReader"); ir != nil {
				g.task(ir)
			}
			if rw := st.Get("ResultWriter"); rw != nil {
				g.task(rw)
			}
		}
	}
}

var (
	partitionRE = regexp.MustCompile(`^arn:(aws(-[a-z]+)*|\$\{AWS::Partition\}):`)
	lambdaAnyRE = regexp.MustCompile(`arn:aws(-[a-z]+)*:lambda`)
	lambdaARNRE = regexp.MustCompile(`^arn:aws(-[a-z]+)*:lambda`)
	digitsRE    = regexp.MustCompile(`^\d+$`)
	sqsURLPlug  = regexp.MustCompile(`https://sqs.(.*).amazonaws.com/(.*)/(.*)`)
)

const eventsRule = "events:PutTargets,events:PutRule,events:DescribeRule"

// task adds what the plugin grants for one Task state (or Map reader or
// writer).
func (g *generator) task(st *node.Node) {
	rn := st.Get("Resource")
	if rn == nil {
		return
	}
	if fn, _ := intrinsic(rn); fn != "" {
		// Any intrinsic function is taken for a Lambda function.
		v := g.value(rn)
		g.add("lambda:InvokeFunction", v, v+":*")
		return
	}
	raw, ok := rn.Str()
	if !ok {
		return
	}
	if h := slsStrategies[partitionRE.ReplaceAllString(raw, "arn:aws:")]; h != nil {
		h(g, st)
		return
	}
	if lambdaAnyRE.MatchString(raw) {
		// A Lambda function's ARN, without its alias.
		masked, unmask := iam.Mask(raw)
		if parts := strings.Split(masked, ":"); lambdaARNRE.MatchString(masked) && len(parts) == 8 {
			raw = unmask(strings.Join(parts[:7], ":"))
		}
		v := g.s.cfnSub(raw)
		g.add("lambda:InvokeFunction", v, v+":*")
	}
	// Anything else the plugin leaves out with a warning.
}

// value is what a node of the definition resolves to, or "*" where the
// plugin would write something IAM does not take.
func (g *generator) value(n *node.Node) string {
	if v, ok := g.s.resolveDef(n); ok {
		return v
	}
	return "*"
}

func (g *generator) arn(service, rest string) string {
	t := g.s.t
	return "arn:" + t.partition + ":" + service + ":" + t.region + ":" + t.account + ":" + rest
}

func (g *generator) rule(name string) string { return g.arn("events", "rule/"+name) }

// jsText is a value as JavaScript writes it into a template string, which
// is how the plugin puts many parameters into ARNs.
func jsText(n *node.Node) string {
	if n == nil {
		return "undefined"
	}
	if fn, _ := intrinsic(n); fn != "" {
		return "[object Object]"
	}
	switch n.Kind {
	case node.Scalar:
		if n.Style == node.Null {
			return "null"
		}
		return n.Value
	case node.Seq:
		parts := make([]string, len(n.Items))
		for i, it := range n.Items {
			parts[i] = jsText(it)
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// jsonPathParam reports a "Key.$" parameter.
func jsonPathParam(st *node.Node, key string) bool {
	return st.Get("Parameters").Get(key+".$") != nil
}

// jsonataArg reports a JSONata expression argument.
func jsonataArg(st *node.Node, key string) bool {
	v, ok := st.Get("Arguments").Get(key).Str()
	return ok && strings.HasPrefix(strings.TrimSpace(v), "{%")
}

// paramOrArg reads a parameter from Parameters or Arguments, whichever
// the state uses.
func paramOrArg(st *node.Node, key string) *node.Node {
	ps, as := st.Get("Parameters"), st.Get("Arguments")
	ql, _ := st.Get("QueryLanguage").Str()
	switch {
	case ql == "JSONata":
		return as.Get(key)
	case ql == "JSONPath":
		return ps.Get(key)
	case ps != nil && as == nil:
		return ps.Get(key)
	case as != nil && ps == nil:
		return as.Get(key)
	}
	return nil
}

// slsStrategies are the integrations the plugin knows, by Resource with
// the partition written as "aws".
var slsStrategies = map[string]func(*generator, *node.Node){}

func init() {
	add := func(h func(*generator, *node.Node), resources ...string) {
		for _, r := range resources {
			slsStrategies["arn:aws:states:::"+r] = h
		}
	}
	fixed := func(grants ...string) func(*generator, *node.Node) {
		return func(g *generator, _ *node.Node) {
			for i := 0; i < len(grants); i += 2 {
				res := grants[i+1]
				if strings.HasPrefix(res, "rule/") {
					res = g.arn("events", res)
				}
				g.add(grants[i], res)
			}
		}
	}
	with := func(h func(*generator, *node.Node, string), arg string) func(*generator, *node.Node) {
		return func(g *generator, st *node.Node) { h(g, st, arg) }
	}
	add((*generator).sqs, "sqs:sendMessage", "sqs:sendMessage.waitForTaskToken")
	add((*generator).sns, "sns:publish", "sns:publish.waitForTaskToken")
	add(with((*generator).dynamodb, "dynamodb:UpdateItem"), "dynamodb:updateItem", "aws-sdk:dynamodb:updateItem", "aws-sdk:dynamodb:updateItem.waitForTaskToken")
	add(with((*generator).dynamodb, "dynamodb:PutItem"), "dynamodb:putItem", "aws-sdk:dynamodb:putItem", "aws-sdk:dynamodb:putItem.waitForTaskToken")
	add(with((*generator).dynamodb, "dynamodb:GetItem"), "dynamodb:getItem")
	add(with((*generator).dynamodb, "dynamodb:DeleteItem"), "dynamodb:deleteItem")
	add(with((*generator).dynamodb, "dynamodb:UpdateTable"), "aws-sdk:dynamodb:updateTable")
	add(with((*generator).dynamodb, "dynamodb:Query"), "aws-sdk:dynamodb:query")
	add(with((*generator).dynamodb, "dynamodb:Scan"), "aws-sdk:dynamodb:scan")
	add(with((*generator).dynamodbBatch, "dynamodb:BatchGetItem"), "aws-sdk:dynamodb:batchGetItem")
	add(with((*generator).dynamodbBatch, "dynamodb:BatchWriteItem"), "aws-sdk:dynamodb:batchWriteItem")
	for _, api := range []string{"executeStatement", "batchExecuteStatement", "listStatements", "describeStatement", "getStatementResult", "cancelStatement"} {
		add(with((*generator).redshiftData, "redshift-data:"+strings.ToUpper(api[:1])+api[1:]), "aws-sdk:redshiftdata:"+api)
	}
	add(fixed("batch:SubmitJob,batch:DescribeJobs,batch:TerminateJob", "*", eventsRule, "rule/StepFunctionsGetEventsForBatchJobsRule"),
		"batch:submitJob", "batch:submitJob.sync")
	add(fixed("glue:StartJobRun,glue:GetJobRun,glue:GetJobRuns,glue:BatchStopJobRun", "*"), "glue:startJobRun", "glue:startJobRun.sync")
	add(fixed("ecs:RunTask,ecs:StopTask,ecs:DescribeTasks,ecs:TagResource,iam:PassRole", "*", eventsRule, "rule/StepFunctionsGetEventsForECSTaskRule"),
		"ecs:runTask", "ecs:runTask.sync", "ecs:runTask.waitForTaskToken")
	add((*generator).lambda, "lambda:invoke", "lambda:invoke.waitForTaskToken")
	add(with((*generator).startExecution, "states:StartExecution"), "states:startExecution", "states:startExecution.sync",
		"states:startExecution.sync:2", "states:startExecution.waitForTaskToken")
	add(with((*generator).startExecution, "states:StartSyncExecution"), "aws-sdk:sfn:startSyncExecution")
	add((*generator).codebuild, "codebuild:startBuild", "codebuild:startBuild.sync")
	add(fixed("elasticmapreduce:RunJobFlow", "*", "iam:PassRole", "*"), "elasticmapreduce:createCluster", "elasticmapreduce:runJobFlow")
	add(fixed("elasticmapreduce:RunJobFlow,elasticmapreduce:DescribeCluster,elasticmapreduce:TerminateJobFlows", "*", "iam:PassRole", "*"),
		"elasticmapreduce:createCluster.sync")
	add(fixed("elasticmapreduce:TerminateJobFlows,elasticmapreduce:DescribeCluster", "*"),
		"elasticmapreduce:terminateCluster", "elasticmapreduce:terminateCluster.sync")
	add(fixed("elasticmapreduce:AddJobFlowSteps,elasticmapreduce:DescribeStep,elasticmapreduce:CancelSteps", "*"),
		"elasticmapreduce:addStep", "elasticmapreduce:addStep.sync")
	add(fixed("elasticmapreduce:CancelSteps", "*"), "elasticmapreduce:cancelStep")
	add(fixed("elasticmapreduce:SetTerminationProtection", "*"), "elasticmapreduce:setClusterTerminationProtection")
	add(fixed("elasticmapreduce:ModifyInstanceFleet,elasticmapreduce:ListInstanceFleets", "*"), "elasticmapreduce:modifyInstanceFleetByName")
	add(fixed("elasticmapreduce:ModifyInstanceGroups,elasticmapreduce:ListInstanceGroups", "*"), "elasticmapreduce:modifyInstanceGroupByName")
	add((*generator).sagemakerTransform, "sagemaker:createTransformJob.sync")
	add((*generator).bedrock, "bedrock:invokeModel")
	add((*generator).putEvents, "events:putEvents", "events:putEvents.waitForTaskToken")
	add((*generator).putTargets, "aws-sdk:eventbridge:putTargets", "aws-sdk:eventbridge:putTargets.waitForTaskToken")
	add(with((*generator).scheduler, "scheduler:CreateSchedule"), "aws-sdk:scheduler:createSchedule")
	add(with((*generator).scheduler, "scheduler:DeleteSchedule"), "aws-sdk:scheduler:deleteSchedule")
	add((*generator).http, "http:invoke")
	add(with((*generator).s3, "s3:GetObject"), "s3:getObject", "aws-sdk:s3:getObject")
	add(with((*generator).s3, "s3:PutObject"), "s3:putObject", "aws-sdk:s3:putObject")
	add(with((*generator).s3, "s3:listObjectsV2"), "s3:listObjectsV2", "aws-sdk:s3:listObjectsV2")
	add(fixed("ses:SendEmail", "*"), "aws-sdk:sesv2:sendEmail")
	add(with((*generator).athenaStart, ""), "athena:startQueryExecution")
	add(with((*generator).athenaStart, "sync"), "athena:startQueryExecution.sync")
	add(func(g *generator, _ *node.Node) { g.add("athena:stopQueryExecution", g.workGroup("*")) }, "athena:stopQueryExecution")
	add(func(g *generator, _ *node.Node) { g.add("athena:getQueryExecution", g.workGroup("*")) }, "athena:getQueryExecution")
	add(func(g *generator, _ *node.Node) {
		g.add("athena:getQueryResults", g.workGroup("*"))
		g.add("s3:GetObject", "arn:aws:s3:::*")
	}, "athena:getQueryResults")
}

func (g *generator) sqs(st *node.Node) {
	ps := st.Get("Parameters")
	switch {
	case ps.Get("QueueUrl.$") != nil:
		g.add("sqs:SendMessage", "*")
	case ps.Get("QueueUrl") != nil:
		g.add("sqs:SendMessage", g.queueARN(ps.Get("QueueUrl")))
	}
	// Without either, the plugin grants nothing.
}

// queueARN is the ARN the plugin derives from a QueueUrl.
func (g *generator) queueARN(n *node.Node) string {
	if target := refTarget(n); target != "" {
		return g.s.getAtt(target, "Arn")
	}
	raw, ok := n.Str()
	if !ok {
		return "*"
	}
	masked, unmask := iam.Mask(raw)
	m := sqsURLPlug.FindStringSubmatch(masked)
	if m == nil {
		// The plugin writes an empty list, which CloudFormation rejects.
		return "*"
	}
	region := unmask(m[1])
	part := "aws"
	switch {
	case strings.HasPrefix(region, "us-gov"):
		part = "aws-us-gov"
	case strings.HasPrefix(region, "cn-"):
		part = "aws-cn"
	}
	return g.s.cfnSub("arn:" + part + ":sqs:" + region + ":" + unmask(m[2]) + ":" + unmask(m[3]))
}

func (g *generator) sns(st *node.Node) {
	ps := st.Get("Parameters")
	switch {
	case ps.Get("TopicArn.$") != nil:
		g.add("sns:Publish", "*")
	case ps.Get("TopicArn") != nil:
		g.add("sns:Publish", g.value(ps.Get("TopicArn")))
	}
}

func (g *generator) dynamodb(st *node.Node, action string) {
	table := paramOrArg(st, "TableName")
	var res string
	switch {
	case jsonPathParam(st, "TableName") || jsonataArg(st, "TableName"):
		res = "*"
	case jsonPathParam(st, "IndexName") || jsonataArg(st, "IndexName"):
		res = g.tableARN(nil, jsText(table)+"/index/*")
	case paramOrArg(st, "IndexName") != nil:
		res = g.tableARN(nil, jsText(table)+"/index/"+jsText(paramOrArg(st, "IndexName")))
	default:
		res = g.tableARN(table, jsText(table))
	}
	g.add(action, res)
}

// tableARN is the ARN the plugin writes for a table: a Ref becomes the
// table's ARN attribute; anything else is put after "table/" as text.
func (g *generator) tableARN(n *node.Node, text string) string {
	if target := refTarget(n); target != "" {
		return g.s.getAtt(target, "Arn")
	}
	if fn, _ := intrinsic(n); fn == "Fn::ImportValue" {
		return g.arn("dynamodb", "table/"+g.value(n))
	}
	return g.arn("dynamodb", "table/"+g.s.cfnSub(text))
}

func (g *generator) dynamodbBatch(st *node.Node, action string) {
	items := paramOrArg(st, "RequestItems")
	if jsonPathParam(st, "RequestItems") || jsonataArg(st, "RequestItems") || items == nil || items.Kind != node.Map {
		g.add(action, "*")
		return
	}
	for _, k := range items.Keys {
		g.add(action, g.tableARN(nil, strings.Replace(k.Value, ".$", "", 1)))
	}
}

func (g *generator) redshiftData(st *node.Node, action string) {
	if action != "redshift-data:ExecuteStatement" && action != "redshift-data:BatchExecuteStatement" {
		g.add(action, "*")
		return
	}
	ps := st.Get("Parameters")
	db := "*"
	if d := ps.Get("Database"); d != nil {
		db = jsText(d)
	}
	anyWG := g.s.cfnSub("arn:${AWS::Partition}:redshift-serverless:${AWS::Region}:${AWS::AccountId}:workgroup/*")
	wg, cluster := "", "undefined"
	switch {
	case ps.Get("WorkgroupName") != nil:
		wg = anyWG
		if v, ok := ps.Get("WorkgroupName").Str(); ok && strings.HasPrefix(v, "arn:") {
			wg = g.s.cfnSub(v)
		}
	case ps.Get("WorkgroupName.$") != nil:
		wg = anyWG
	case ps.Get("ClusterIdentifier") != nil:
		cluster = jsText(ps.Get("ClusterIdentifier"))
	default:
		cluster = "*"
	}
	secret, user := "", ""
	switch {
	case ps.Get("SecretArn") != nil:
		v, ok := ps.Get("SecretArn").Str()
		switch {
		case !ok:
			secret = "*"
		case strings.HasPrefix(v, "arn:"):
			secret = g.s.cfnSub(v)
		default:
			secret = g.arn("secretsmanager", "secret:"+g.s.cfnSub(v)+"*")
		}
	case ps.Get("SecretArn.$") != nil:
		secret = g.arn("secretsmanager", "secret:*")
	case ps.Get("DbUser") != nil:
		user = jsText(ps.Get("DbUser"))
	case ps.Get("DbUser.$") != nil:
		user = "*"
	}
	if wg != "" {
		g.add(action, wg)
	} else {
		g.add(action, g.arn("redshift", "cluster:"+g.s.cfnSub(cluster)))
	}
	dbname := g.arn("redshift", "dbname:"+g.s.cfnSub(cluster+"/"+db))
	switch {
	case secret != "":
		g.add("secretsmanager:GetSecretValue", secret)
	case user != "":
		g.add("redshift:GetClusterCredentials", g.arn("redshift", "dbuser:"+g.s.cfnSub(cluster+"/"+user)), dbname)
	case wg != "":
		g.add("redshift-serverless:GetCredentials", wg)
	default:
		g.add("redshift:GetClusterCredentialsWithIAM", dbname)
	}
}

func (g *generator) lambda(st *node.Node) {
	const invoke = "lambda:InvokeFunction"
	if jsonPathParam(st, "FunctionName") || jsonataArg(st, "FunctionName") {
		allowed := paramOrArg(st, "AllowedFunctions")
		if allowed == nil {
			g.add(invoke, "*")
			return
		}
		var rs []string
		for _, it := range allowed.List() {
			rs = append(rs, g.value(it))
		}
		g.add(invoke, rs...)
		return
	}
	fn := paramOrArg(st, "FunctionName")
	if raw, ok := fn.Str(); ok {
		masked, _ := iam.Mask(raw)
		segs := strings.Split(masked, ":")
		arn := "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + raw
		switch {
		case lambdaARNRE.MatchString(masked):
			arn = raw
		case len(segs) == 3 && digitsRE.MatchString(segs[0]):
			arn = "arn:${AWS::Partition}:lambda:${AWS::Region}:" + raw
		}
		v := g.s.cfnSub(arn)
		g.add(invoke, v, v+":*")
		return
	}
	v := g.value(fn)
	switch f, _ := intrinsic(fn); f {
	case "Fn::GetAtt":
		g.add(invoke, v, v+":*")
	case "Ref":
		// The plugin takes what Ref gives for a function's name.
		a := g.arn("lambda", "function:"+v)
		g.add(invoke, a, a+":*")
	default:
		g.add(invoke, v)
	}
}

func (g *generator) startExecution(st *node.Node, action string) {
	// The target: from Arguments, from Parameters, or from the state.
	var target *node.Node
	dynamic := false
	if as := st.Get("Arguments"); as != nil {
		target = as.Get("StateMachineArn")
		v, ok := target.Str()
		dynamic = ok && strings.HasPrefix(strings.TrimSpace(v), "{%")
	} else if ps := st.Get("Parameters"); ps != nil {
		target = ps.Get("StateMachineArn")
		dynamic = ps.Get("StateMachineArn.$") != nil
	} else {
		target = st.Get("StateMachineArn")
	}
	start, exec := "*", "*"
	if !dynamic && target != nil {
		start, exec = g.value(target), g.executionARN(target)
	}
	g.add(action, start)
	g.add("states:DescribeExecution,states:StopExecution", exec)
	g.add(eventsRule, g.rule("StepFunctionsGetEventsForStepFunctionsExecutionRule"))
}

// executionARN is how the plugin turns a state machine ARN into its
// executions': in text or in a Fn::Sub template, the first ":stateMachine:"
// becomes ":execution:" and ":*" is added; for anything else, "*".
func (g *generator) executionARN(n *node.Node) string {
	if raw, ok := n.Str(); ok {
		if raw == "*" {
			return "*"
		}
		return g.s.cfnSub(strings.Replace(raw, ":stateMachine:", ":execution:", 1) + ":*")
	}
	fn, arg := intrinsic(n)
	if fn != "Fn::Sub" {
		return "*"
	}
	tmpl := arg
	if arg.Kind == node.Seq && len(arg.Items) > 0 {
		tmpl = arg.Items[0]
	}
	if tmpl.Kind != node.Scalar {
		return "*"
	}
	nt := *tmpl
	nt.Tag = ""
	nt.Value = strings.Replace(tmpl.Value, ":stateMachine:", ":execution:", 1) + ":*"
	newArg := &nt
	if arg.Kind == node.Seq {
		a := *arg
		a.Tag = ""
		a.Items = slices.Clone(arg.Items)
		a.Items[0] = &nt
		newArg = &a
	}
	k := &node.Node{Kind: node.Scalar, Style: node.String, Value: "Fn::Sub"}
	v, ok := g.s.t.resolve(&node.Node{Kind: node.Map, Keys: []*node.Node{k}, Values: []*node.Node{newArg}})
	if !ok {
		return "*"
	}
	return v
}

func (g *generator) codebuild(st *node.Node) {
	project := "*" // without Parameters the plugin fails
	if ps := st.Get("Parameters"); ps != nil {
		project = jsText(ps.Get("ProjectName"))
	}
	g.add("codebuild:StartBuild,codebuild:StopBuild,codebuild:BatchGetBuilds", g.arn("codebuild", "project/"+g.s.cfnSub(project)))
	g.add(eventsRule, g.rule("StepFunctionsGetEventForCodeBuildStartBuildRule"))
}

func (g *generator) sagemakerTransform(st *node.Node) {
	job := ""
	if n := st.Get("Parameters").Get("TransformJobName"); n != nil && jsText(n) != "" {
		job = jsText(n)
	}
	g.add("sagemaker:CreateTransformJob,sagemaker:DescribeTransformJob,sagemaker:StopTransformJob",
		g.arn("sagemaker", "transform-job/"+g.s.cfnSub(job)+"*"))
	g.add("sagemaker:ListTags", "*")
	g.add(eventsRule, g.rule("StepFunctionsGetEventsForSageMakerTransformJobsRule"))
}

func (g *generator) bedrock(st *node.Node) {
	id, ok := st.Get("Parameters").Get("ModelId").Str()
	switch {
	case !ok:
		// The plugin fails on a ModelId that is not written out.
		g.add("bedrock:InvokeModel", "*")
	case strings.HasPrefix(id, "arn:"):
		g.add("bedrock:InvokeModel", g.s.cfnSub(id))
	default:
		t := g.s.t
		g.add("bedrock:InvokeModel", "arn:"+t.partition+":bedrock:"+t.region+"::foundation-model/"+g.s.cfnSub(id))
	}
}

func (g *generator) putEvents(st *node.Node) {
	entries := paramOrArg(st, "Entries")
	var buses []string
	switch {
	case entries == nil || entries.Kind == node.Map:
		// The plugin fails on Entries it cannot iterate.
		g.add("events:PutEvents", "*")
		return
	case entries.Kind == node.Seq:
		for _, e := range entries.Items {
			bus := "default"
			if b := e.Get("EventBusName"); b != nil && jsText(b) != "" {
				bus = g.value(b)
			}
			buses = append(buses, g.arn("events", "event-bus/"+bus))
		}
	default:
		// A JSONata expression, which the plugin iterates as text: no
		// character names a bus.
		buses = append(buses, g.arn("events", "event-bus/default"))
	}
	slices.Sort(buses)
	g.add("events:PutEvents", slices.Compact(buses)...)
}

func (g *generator) putTargets(st *node.Node) {
	if jsonPathParam(st, "Rule") || jsonataArg(st, "Rule") {
		g.add("events:PutTargets", "*")
		return
	}
	rule := g.value(paramOrArg(st, "Rule"))
	if bus := paramOrArg(st, "EventBusName"); bus != nil {
		rule = g.value(bus) + "/" + rule
	}
	g.add("events:PutTargets", g.arn("events", "rule/"+rule))
}

func (g *generator) scheduler(st *node.Node, action string) {
	group := "default"
	if n := paramOrArg(st, "GroupName"); n != nil && jsText(n) != "" {
		group = g.value(n)
	}
	g.add(action, g.arn("scheduler", "schedule/"+group+"/*"))
	if r := paramOrArg(st, "Target").Get("RoleArn"); r != nil {
		g.add("iam:PassRole", g.value(r))
	}
}

func (g *generator) http(st *node.Node) {
	conn := "*"
	if c := st.Get("Parameters").Get("Authentication").Get("ConnectionArn"); c != nil {
		conn = g.value(c)
	}
	g.add("states:InvokeHTTPEndpoint", "*")
	g.add("events:RetrieveConnectionCredentials", conn)
	g.add("secretsmanager:GetSecretValue,secretsmanager:DescribeSecret", g.arn("secretsmanager", "secret:events!connection/*"))
}

func (g *generator) s3(st *node.Node, action string) {
	ps := st.Get("Parameters")
	if ps == nil {
		// The plugin fails without Parameters.
		if action == "s3:listObjectsV2" {
			g.add("s3:Get*", "*")
			g.add("s3:List*", "*")
		} else {
			g.add(action, "*")
		}
		return
	}
	bucketN, keyN, prefixN := ps.Get("Bucket"), ps.Get("Key"), ps.Get("Prefix")
	bucket := "*"
	if bucketN != nil {
		bucket = jsText(bucketN)
		if fn, _ := intrinsic(bucketN); fn != "" {
			bucket = g.value(bucketN)
		}
	}
	s3arn := func(rest string) string {
		return "arn:" + g.s.t.partition + ":s3:::" + g.s.cfnSub(strings.ReplaceAll(rest, "${bucket}", bucket))
	}
	if action == "s3:listObjectsV2" {
		rs := []string{s3arn("${bucket}"), s3arn("${bucket}/*")}
		g.add("s3:Get*", rs...)
		g.add("s3:List*", rs...)
		return
	}
	key := "*"
	if keyN != nil {
		key = jsText(keyN)
	}
	switch {
	case prefixN != nil && jsText(prefixN) != "":
		g.add(action, s3arn("${bucket}/"+jsText(prefixN)+"/"+key))
	case bucketN == nil && key == "*":
		g.add(action, "*")
	default:
		g.add(action, s3arn("${bucket}/"+key))
	}
}

func (g *generator) workGroup(name string) string { return g.arn("athena", "workgroup/"+name) }

func (g *generator) athenaStart(st *node.Node, sync string) {
	wg := "*"
	if v, ok := st.Get("Parameters").Get("WorkGroup").Str(); ok && v != "" {
		wg = g.s.cfnSub(v)
	}
	acts := "athena:startQueryExecution,athena:getDataCatalog"
	if sync != "" {
		acts = "athena:startQueryExecution,athena:stopQueryExecution,athena:getQueryExecution,athena:getDataCatalog," +
			"athena:GetWorkGroup,athena:BatchGetQueryExecution,athena:GetQueryResults,athena:ListQueryExecutions"
	}
	g.add(acts, g.workGroup(wg), g.arn("athena", "datacatalog/*"))
	g.add("s3:GetBucketLocation,s3:GetObject,s3:ListBucket,s3:ListBucketMultipartUploads,s3:ListMultipartUploadParts,"+
		"s3:AbortMultipartUpload,s3:CreateBucket,s3:PutObject", "arn:aws:s3:::*")
	g.add("glue:CreateDatabase,glue:GetDatabase,glue:GetDatabases,glue:UpdateDatabase,glue:DeleteDatabase,glue:CreateTable,"+
		"glue:UpdateTable,glue:GetTable,glue:GetTables,glue:DeleteTable,glue:BatchDeleteTable,glue:BatchCreatePartition,"+
		"glue:CreatePartition,glue:UpdatePartition,glue:GetPartition,glue:GetPartitions,glue:BatchGetPartition,"+
		"glue:DeletePartition,glue:BatchDeletePartition",
		g.arn("glue", "catalog"), g.arn("glue", "database/*"), g.arn("glue", "table/*"), g.arn("glue", "userDefinedFunction/*"))
	g.add("lakeformation:GetDataAccess", "*")
}
