// Package project reads input files into what the rules check: state
// machines, the roles they run with, and the policies those roles have, each
// with its position in the source.
package project

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

// Kind is what a file was recognised as.
type Kind uint8

const (
	Other Kind = iota
	Definition
	Policy
	Template
	// Terraform is a .tf file, parsed by the Terraform reader with the
	// other .tf files of its directory (its module).
	Terraform
	// TerraformPlan is the JSON of `terraform show -json`.
	TerraformPlan
	// Serverless is a Serverless Framework service (serverless.yml) with
	// stepFunctions.
	Serverless
	// AccountDetails is the output of `aws iam get-account-authorization-details`.
	AccountDetails
	// MachineSnapshot is the output of `aws stepfunctions describe-state-machine`.
	MachineSnapshot
)

// File is one input file.
type File struct {
	Path  string
	Data  []byte
	Lines *node.Lines
	Root  *node.Node
	Kind  Kind
}

// Role is the role a state machine runs with and the policies it has.
type Role struct {
	Name     string
	File     *File
	Node     *node.Node // where the role is defined: a resource, or the first policy
	Policies []*iam.Policy
	// Unknown names attached policies whose contents cannot be read here
	// (AWS managed policies, policies from outside the files): a missing
	// permission may be granted there.
	Unknown []string
	// SharedWith names other things that use this role, if any: grants that
	// look too broad for the state machine may serve them.
	SharedWith []string
	Path       string // logical path, for stable keys
	// Files lists the policy files of a standalone definition's binding;
	// empty for a role defined in a template.
	Files []string
	// Trust is the role's trust policy, when it is read; nil for roles
	// whose trust is right by construction (SAM's) or not in the files.
	Trust *iam.Policy
	// Boundary is the role's permissions boundary. BoundaryUnknown names
	// a boundary whose contents are not known here.
	Boundary        *iam.Policy
	BoundaryUnknown string
}

// Label names the role in messages.
func (r *Role) Label() string {
	switch len(r.Files) {
	case 0:
		return fmt.Sprintf("role %q", r.Name)
	case 1:
		return fmt.Sprintf("policy %q", r.Files[0])
	}
	q := make([]string, len(r.Files))
	for i, f := range r.Files {
		q[i] = fmt.Sprintf("%q", f)
	}
	return "policies " + strings.Join(q, ", ")
}

// Machine is one state machine.
type Machine struct {
	Name       string // the template's logical ID, or the definition file's name
	File       *File
	Node       *node.Node // the resource or definition, for machine-level findings
	NameNode   *node.Node // the resource's logical ID in a template
	Definition *asl.StateMachine
	// DefinitionFile holds the definition when it is not in File, as with
	// SAM's DefinitionUri.
	DefinitionFile *File
	Role           *Role  // nil when unbound
	Unbound        string // why Role is nil
	ARN            string // the machine's own ARN, symbolic
	// Region and Account the machine deploys to, when its template says;
	// empty otherwise.
	Region, Account string
	Logging         bool
	Tracing         bool
	// Express is set for Express workflows, which run request-response
	// integrations only.
	Express bool
	// KMSKey is the customer managed key the machine encrypts its data
	// with, when it has one.
	KMSKey string
	// Where the template asks for logging, tracing and encryption, for
	// findings about what they need.
	LoggingNode, TracingNode, EncryptionNode *node.Node
	// TaskRoles maps ECS task definitions to the roles they name (shared
	// with the project).
	TaskRoles map[string][]string
	Path      string
}

// DefFile returns the file that holds the machine's definition.
func (m *Machine) DefFile() *File {
	if m.DefinitionFile != nil {
		return m.DefinitionFile
	}
	return m.File
}

// Problem is a load error at a span of a file: the file cannot be parsed, or
// a definition or policy in it is malformed.
type Problem struct {
	File     *File
	Pos, End int
	Msg      string
}

// Project is everything read from one run's files.
type Project struct {
	Files    []*File
	Machines []*Machine
	Problems []Problem
	// TaskRoles maps the ARN of an ECS task definition of a template (as
	// Ref gives it) to the roles it names: its task and execution roles.
	TaskRoles map[string][]string
	byPath    map[string]*File
	// usedDefinitions are definition files a template names (SAM's
	// DefinitionUri): they are read as part of it, not on their own.
	usedDefinitions map[string]bool
}

// File returns the file read from path, or nil.
func (p *Project) File(path string) *File { return p.byPath[path] }

// Options says how to read a run's files.
type Options struct {
	// PoliciesFor returns the policy files a standalone definition runs
	// with (slash paths as the run names them); nil binds none.
	PoliciesFor func(definition string) []string
	// Explicit files were named on the command line: a parse error there is
	// reported even when the content does not look like ours.
	Explicit map[string]bool
}

// markers are words one of which every file we read contains; a file
// without any is skipped before parsing, and a file with none that does
// not parse is not ours to complain about.
var markers = [][]byte{[]byte("States"), []byte("Statement"), []byte("Resources"),
	[]byte("stepFunctions"), []byte("RoleDetailList"), []byte("stateMachineArn"), []byte("planned_values")}

// LooksRelevant reports whether data holds one of the words every input
// sfn-lint reads contains.
func LooksRelevant(data []byte) bool {
	for _, m := range markers {
		if bytes.Contains(data, m) {
			return true
		}
	}
	return false
}

// Load reads and recognises every file, then binds state machines to roles.
// read is called once per file; files are parsed in parallel.
func Load(paths []string, read func(string) ([]byte, error), opts Options) *Project {
	p := &Project{byPath: map[string]*File{}, usedDefinitions: map[string]bool{}, TaskRoles: map[string][]string{}}
	files := make([]*File, len(paths))
	probs := make([][]Problem, len(paths))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, name := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			files[i], probs[i] = parseFile(name, read, opts.Explicit[name])
		}()
	}
	wg.Wait()
	for i, f := range files {
		p.Problems = append(p.Problems, probs[i]...)
		if f != nil {
			p.Files = append(p.Files, f)
			p.byPath[f.Path] = f
		}
	}
	for _, f := range p.Files {
		if f.Kind == Template {
			p.readTemplate(f)
		}
	}
	p.readTerraform()
	p.readTerraformPlans()
	p.readServerless()
	p.readSnapshots()
	p.readStandalone(opts)
	return p
}

func parseFile(name string, read func(string) ([]byte, error), explicit bool) (*File, []Problem) {
	data, err := read(name)
	f := &File{Path: name, Data: data, Lines: node.NewLines(data)}
	if err != nil {
		return f, []Problem{{File: f, Msg: fmt.Sprintf("cannot read file: %v", err)}}
	}
	if strings.EqualFold(path.Ext(name), ".tf") {
		f.Kind = Terraform
		return f, nil
	}
	if !explicit && !LooksRelevant(data) {
		return f, nil
	}
	parse := node.Parse
	if strings.EqualFold(path.Ext(name), ".json") {
		// No YAML fallback: a .json file must be JSON, as AWS reads it.
		parse = node.ParseJSON
	}
	root, err := parse(data)
	if err != nil {
		// Named or not, a file that holds none of our words is not ours
		// to complain about: pre-commit names every changed file.
		if !LooksRelevant(data) {
			return f, nil
		}
		off, msg := 0, err.Error()
		if pe := (*node.Error)(nil); errors.As(err, &pe) {
			off, msg = pe.Offset, pe.Msg
		}
		return f, []Problem{{File: f, Pos: off, End: off, Msg: "cannot parse: " + msg}}
	}
	f.Root = root
	var probs []Problem
	for _, d := range node.Duplicates(root) {
		line, _ := f.Lines.Position(d[1].Pos)
		probs = append(probs, Problem{File: f, Pos: d[0].Pos, End: d[0].End,
			Msg: fmt.Sprintf("duplicate key %q (first at line %d): parsers keep one of the two silently", d[0].Value, line)})
	}
	switch {
	case root == nil || root.Kind != node.Map:
	case asl.IsDefinition(root):
		f.Kind = Definition
	case iam.IsPolicyDocument(root):
		f.Kind = Policy
	case root.Get("Resources") != nil && root.Get("Resources").Kind == node.Map:
		f.Kind = Template
	case root.Get("stepFunctions") != nil && root.Get("service") != nil:
		f.Kind = Serverless
	case root.Get("RoleDetailList") != nil || root.Get("Policies") != nil && root.Get("UserDetailList") != nil:
		f.Kind = AccountDetails
	case root.Get("stateMachineArn") != nil && root.Get("definition") != nil:
		f.Kind = MachineSnapshot
	case root.Get("planned_values") != nil && root.Get("format_version") != nil:
		f.Kind = TerraformPlan
	}
	return f, probs
}

func (p *Project) problem(f *File, n *node.Node, format string, args ...any) {
	pr := Problem{File: f, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		pr.Pos, pr.End = n.Pos, n.End
	}
	p.Problems = append(p.Problems, pr)
}

// readStandalone builds machines for definition files and binds them to
// the policy files the options name.
func (p *Project) readStandalone(opts Options) {
	policyCache := map[string]*iam.Policy{}
	policyFor := func(name string) *iam.Policy {
		if pol, ok := policyCache[name]; ok {
			return pol
		}
		var pol *iam.Policy
		f := p.File(name)
		switch {
		case f == nil:
			p.Problems = append(p.Problems, Problem{File: &File{Path: name}, Msg: "policy file was not read (does it exist?)"})
		case f.Root == nil:
			// A parse error was reported already.
		case f.Kind != Policy:
			p.problem(f, f.Root, `not an IAM policy document: "Statement" is required`)
		default:
			pol = p.readPolicy(f, f.Root, iam.PlainResolver, path.Base(name), "")
		}
		policyCache[name] = pol
		return pol
	}
	for _, f := range p.Files {
		if f.Kind != Definition || p.usedDefinitions[f.Path] {
			continue
		}
		name := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
		name = strings.TrimSuffix(name, ".asl")
		m := &Machine{Name: name, File: f, Node: f.Root, ARN: iam.Sym("StateMachineArn"), Path: ""}
		m.Definition = p.readDefinition(f, f.Root, standaloneResolver)
		var files []string
		if opts.PoliciesFor != nil {
			files = slices.Clone(opts.PoliciesFor(f.Path))
		}
		slices.Sort(files)
		files = slices.Compact(files)
		if len(files) == 0 {
			m.Unbound = "no policy is bound to this definition: add a binding to .sfn-lint.yaml or pass --policy"
			p.Machines = append(p.Machines, m)
			continue
		}
		role := &Role{Name: strings.Join(files, ", "), Path: "policies", Files: files}
		for _, pf := range files {
			if pol := policyFor(pf); pol != nil {
				if role.File == nil {
					role.File, role.Node = p.File(pf), pol.Node
				}
				role.Policies = append(role.Policies, pol)
			}
		}
		if role.File == nil {
			m.Unbound = "none of its policy files could be read"
		} else {
			m.Role = role
		}
		p.Machines = append(p.Machines, m)
	}
}

// standaloneResolver reads strings as they are, except that ${Name}
// placeholders (left for DefinitionSubstitutions) become symbols.
func standaloneResolver(n *node.Node) (string, bool) {
	s, ok := n.Str()
	if !ok {
		return "", false
	}
	return iam.Substitute(s, func(string) (string, bool) { return "", false }), true
}

func (p *Project) readDefinition(f *File, root *node.Node, resolve asl.Resolver) *asl.StateMachine {
	sm, probs := asl.Parse(root, resolve)
	for _, pr := range probs {
		p.problem(f, pr.Node, "%s", pr.Msg)
	}
	return sm
}

func (p *Project) readPolicy(f *File, doc *node.Node, resolve iam.Resolver, name, lpath string) *iam.Policy {
	pol, probs := iam.ParsePolicy(doc, resolve)
	for _, pr := range probs {
		p.problem(f, pr.Node, "%s", pr.Msg)
	}
	pol.Name, pol.File, pol.Path = name, f.Path, lpath
	return pol
}
