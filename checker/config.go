package checker

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/sfn-lint/sfn-lint/rules"
)

// ConfigNames are the file names FindConfigs looks for, in order of preference.
var ConfigNames = []string{".sfn-lint.yaml", ".sfn-lint.yml"}

// Config is a .sfn-lint.yaml file found at the root of a linted tree:
//
//	# which standalone state machine definitions run with which policy documents
//	bindings:
//	  - definition: "workflows/**/*.asl.json"   # doublestar pattern, relative to this file's directory
//	    policies: [policies/render-role.json]   # files relative to this file's directory
//	exclude: ["legacy/**"]                     # patterns relative to this file's directory
//	rules:                                     # per-rule severity override or off; keys are rule codes or slugs
//	  SFN501: off
//	  sync-cancel: error
type Config struct {
	Path     string // the config file as found (slash-separated)
	Dir      string // its directory
	Bindings []Binding
	Exclude  []string
	// Rules maps a rule code (written in the file as a code or a slug) to
	// "off", "note", "warning" or "error".
	Rules map[string]string
	// RuleLines maps each key of Rules to its 1-based line in the config
	// file.
	RuleLines map[string]int
	// Ignores silence the findings of a rule on the policy statements with
	// a given Sid, in the files below the config's directory.
	Ignores []Ignore
}

// Ignore is one entry of the config's ignore list:
//
//	ignore:
//	  - rule: SFN501
//	    sid: AuditReadsEverything
//	    reason: the audit role reads every bucket on purpose
type Ignore struct {
	Rule, Sid, Reason string
	Line              int
}

// Binding says which policy documents a standalone state machine definition
// runs with.
type Binding struct {
	Definition string   // doublestar pattern, relative to the config's Dir
	Policies   []string // paths, relative to the config's Dir
	Line       int      // 1-based line of this binding in the config file, for error messages
}

// LoadConfig reads and validates a config file. Every problem found is
// reported, one per line, as "<path>:<line>:<col>: <message>" (syntax errors,
// for which the YAML parser gives no column, as "<path>:<line>: <message>").
// The config holds what is right in the file even when there are errors;
// it is nil only when the file cannot be read or parsed at all.
func LoadConfig(filename string) (*Config, error) {
	data, err := os.ReadFile(filename)
	if err != nil {
		return nil, err
	}
	slashed := filepath.ToSlash(filename)
	c := &Config{
		Path:      slashed,
		Dir:       path.Dir(slashed),
		Rules:     map[string]string{},
		RuleLines: map[string]int{},
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(slashed, err)
	}
	p := &configParser{file: slashed}
	p.parse(&doc, c)
	// What is right in the file is kept: one bad value must not cost the
	// bindings and excludes beside it.
	return c, errors.Join(p.errs...)
}

var yamlLineError = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func syntaxError(file string, err error) error {
	msg := err.Error()
	if m := yamlLineError.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: %s", file, m[1], m[2])
	}
	return fmt.Errorf("%s: %s", file, strings.TrimPrefix(msg, "yaml: "))
}

type configParser struct {
	file string
	errs []error
}

func (p *configParser) errorf(n *yaml.Node, format string, a ...any) {
	p.errs = append(p.errs, fmt.Errorf("%s:%d:%d: %s", p.file, n.Line, n.Column, fmt.Sprintf(format, a...)))
}

// resolve follows aliases (a bounded number of times, so a cycle cannot hang).
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// mapping returns the key/value pairs of a mapping node, reporting duplicate
// and non-string keys. ok is false when n is not a mapping (or null).
func (p *configParser) mapping(n *yaml.Node, what string) (pairs [][2]*yaml.Node, ok bool) {
	if isNull(n) {
		return nil, true
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping", what)
		return nil, false
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: keys must be strings", what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.errorf(k, "%s: key %q already defined at line %d", what, k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		pairs = append(pairs, [2]*yaml.Node{k, v})
	}
	return pairs, true
}

// sequence returns the items of a sequence node (nil for null).
func (p *configParser) sequence(n *yaml.Node, what string) ([]*yaml.Node, bool) {
	if isNull(n) {
		return nil, true
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list", what)
		return nil, false
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, it := range n.Content {
		items[i] = resolve(it)
	}
	return items, true
}

// str returns the value of a non-empty string scalar.
func (p *configParser) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		p.errorf(n, "%s must be a string", what)
		return "", false
	}
	if n.Value == "" {
		p.errorf(n, "%s must not be empty", what)
		return "", false
	}
	return n.Value, true
}

func (p *configParser) parse(doc *yaml.Node, c *Config) {
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return // empty file
	}
	root := resolve(doc.Content[0])
	pairs, ok := p.mapping(root, "config")
	if !ok {
		return
	}
	for _, kv := range pairs {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "bindings":
			p.bindings(v, c)
		case "exclude":
			p.exclude(v, c)
		case "rules":
			p.rules(v, c)
		case "ignore":
			p.ignores(v, c)
		default:
			p.errorf(k, "unknown key %q (want bindings, exclude, rules or ignore)", k.Value)
		}
	}
}

func (p *configParser) bindings(n *yaml.Node, c *Config) {
	items, _ := p.sequence(n, "bindings")
	for _, it := range items {
		pairs, ok := p.mapping(it, "binding")
		if !ok {
			continue
		}
		b := Binding{Line: it.Line}
		var hasDef, hasPolicies, valid = false, false, true
		for _, kv := range pairs {
			k, v := kv[0], kv[1]
			switch k.Value {
			case "definition":
				hasDef = true
				s, ok := p.str(v, "definition")
				if !ok {
					valid = false
					continue
				}
				if !doublestar.ValidatePattern(s) {
					p.errorf(v, "definition %q is not a valid pattern", s)
					valid = false
					continue
				}
				b.Definition = s
			case "policies":
				hasPolicies = true
				ps, ok := p.sequence(v, "policies")
				if !ok {
					valid = false
					continue
				}
				if len(ps) == 0 {
					p.errorf(v, "policies must not be empty")
					valid = false
					continue
				}
				for _, pn := range ps {
					s, ok := p.str(pn, "policy")
					if !ok {
						valid = false
						continue
					}
					b.Policies = append(b.Policies, s)
				}
			default:
				p.errorf(k, "unknown binding key %q (want definition or policies)", k.Value)
				valid = false
			}
		}
		if !hasDef {
			p.errorf(it, "binding has no definition")
			valid = false
		}
		if !hasPolicies {
			p.errorf(it, "binding has no policies")
			valid = false
		}
		if valid {
			c.Bindings = append(c.Bindings, b)
		}
	}
}

func (p *configParser) ignores(n *yaml.Node, c *Config) {
	items, _ := p.sequence(n, "ignore")
	for _, it := range items {
		pairs, ok := p.mapping(it, "ignore entry")
		if !ok {
			continue
		}
		ig := Ignore{Line: it.Line}
		valid := true
		for _, kv := range pairs {
			k, v := kv[0], kv[1]
			s, ok := p.str(v, k.Value)
			if !ok {
				valid = false
				continue
			}
			switch k.Value {
			case "rule":
				if rules.Lookup(s) == nil {
					p.errorf(v, "unknown rule %q (see sfn-lint rules)", s)
					valid = false
				}
				ig.Rule = s
			case "sid":
				ig.Sid = s
			case "reason":
				ig.Reason = s
			default:
				p.errorf(k, "unknown ignore key %q (want rule, sid and reason)", k.Value)
				valid = false
			}
		}
		if ig.Rule == "" || ig.Sid == "" || ig.Reason == "" {
			p.errorf(it, "an ignore entry needs rule, sid and reason")
			valid = false
		}
		if valid {
			c.Ignores = append(c.Ignores, ig)
		}
	}
}

func (p *configParser) exclude(n *yaml.Node, c *Config) {
	items, _ := p.sequence(n, "exclude")
	for _, it := range items {
		s, ok := p.str(it, "exclude pattern")
		if !ok {
			continue
		}
		if !doublestar.ValidatePattern(s) {
			p.errorf(it, "exclude %q is not a valid pattern", s)
			continue
		}
		c.Exclude = append(c.Exclude, s)
	}
}

func (p *configParser) rules(n *yaml.Node, c *Config) {
	pairs, _ := p.mapping(n, "rules")
	for _, kv := range pairs {
		k, v := kv[0], kv[1]
		if k.Value == "" {
			p.errorf(k, "rules: empty rule name")
			continue
		}
		if v.Kind != yaml.ScalarNode || isNull(v) {
			p.errorf(v, "rule %s: value must be off, note, warning or error", k.Value)
			continue
		}
		r := rules.Lookup(k.Value)
		if r == nil {
			p.errorf(k, "unknown rule %q (see sfn-lint rules)", k.Value)
			continue
		}
		val := strings.ToLower(v.Value)
		if val != "off" {
			sev, err := ParseSeverity(val)
			if err != nil {
				p.errorf(v, "rule %s: unknown value %q (want off, note, warning or error)", k.Value, v.Value)
				continue
			}
			val = sev.String()
		}
		if line, dup := c.RuleLines[r.Code]; dup {
			p.errorf(k, "rule %s: already set at line %d", k.Value, line)
			continue
		}
		c.Rules[r.Code] = val
		c.RuleLines[r.Code] = k.Line
	}
}

// FindConfigs returns the config files named .sfn-lint.yaml or .sfn-lint.yml
// found directly in each of the roots (not in subdirectories, nor in parent
// directories), slash-separated, de-duplicated and sorted. When a root holds
// both names both are returned; the caller decides whether that is an error.
func FindConfigs(roots []string) []string {
	found := map[string]bool{}
	for _, root := range roots {
		for _, name := range ConfigNames {
			p := filepath.Join(filepath.FromSlash(root), name)
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				found[filepath.ToSlash(p)] = true
			}
		}
	}
	return sortedKeys(found)
}

// PoliciesFor returns the policy files the config binds a standalone
// definition to (def: a slash path relative to the working directory, or
// absolute), as slash paths relative to the working directory (absolute
// where the config's directory or the policy is). A binding applies to the
// definitions below the config's directory that its pattern matches, an
// absolute pattern to the definitions whose absolute path it matches; a
// definition that several bindings match runs with all their policies.
func (c *Config) PoliciesFor(def string) []string {
	rel, relOK := c.relToDir(def)
	relOK = relOK && filepath.IsLocal(filepath.FromSlash(rel))
	var out []string
	for _, b := range c.Bindings {
		var matched bool
		if path.IsAbs(b.Definition) {
			if abs, err := filepath.Abs(filepath.FromSlash(def)); err == nil {
				matched = doublestar.MatchUnvalidated(b.Definition, filepath.ToSlash(abs))
			}
		} else if relOK {
			matched = doublestar.MatchUnvalidated(cleanPattern(b.Definition), rel)
		}
		if !matched {
			continue
		}
		for i := range b.Policies {
			out = append(out, c.policyPath(b, i))
		}
	}
	return out
}

// policyPath is the path of a binding's i-th policy file, relative to the
// working directory unless it or the config's directory is absolute.
func (c *Config) policyPath(b Binding, i int) string {
	pol := b.Policies[i]
	if path.IsAbs(pol) || filepath.IsAbs(pol) {
		return clean(filepath.ToSlash(pol))
	}
	return clean(path.Join(c.Dir, filepath.ToSlash(pol)))
}

// Excludes reports whether one of the config's exclude patterns matches
// file (a slash path relative to the working directory, or absolute), or a
// directory that contains it.
func (c *Config) Excludes(file string) bool {
	rel, ok := c.relToDir(file)
	if !ok || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return false
	}
	for _, pat := range c.Exclude {
		pat = cleanPattern(pat)
		for p := rel; p != "."; p = path.Dir(p) {
			if doublestar.MatchUnvalidated(pat, p) {
				return true
			}
		}
	}
	return false
}

// relToDir returns p (slash path) relative to c.Dir, slash-separated.
func (c *Config) relToDir(p string) (string, bool) {
	dir, target := filepath.FromSlash(c.Dir), filepath.FromSlash(p)
	if filepath.IsAbs(dir) != filepath.IsAbs(target) {
		var err error
		if dir, err = filepath.Abs(dir); err != nil {
			return "", false
		}
		if target, err = filepath.Abs(target); err != nil {
			return "", false
		}
	}
	r, err := filepath.Rel(dir, target)
	if err != nil {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// cleanPattern drops a leading "./" and redundant slashes from a pattern
// written relative to a directory.
func cleanPattern(p string) string {
	return path.Clean(p)
}
