// Package project reads input files into what the rules check: state
// machines, the roles they run with, and the policies those roles have, each
// with its position in the source.
package project

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

// Kind is what a file was recognised as, named by the reader that reads
// it. The kinds several readers share are declared here.
type Kind string

const (
	// Other is a file no reader recognised.
	Other Kind = ""
	// Definition is an Amazon States Language definition.
	Definition Kind = "definition"
	// Policy is an IAM policy document.
	Policy Kind = "policy"
	// Template is a CloudFormation template (SAM and CDK output included).
	Template Kind = "template"
)

// File is one input file.
type File struct {
	Path  string
	Data  []byte
	Lines *node.Lines
	Root  *node.Node
	Kind  Kind
	// Place names a place of a file that has no node tree (a .tf file) by
	// its logical path, for keys that survive edits elsewhere in the file;
	// the reader of the file sets it.
	Place func(pos, end int) string
}

// Role is the role a state machine runs with and the policies it has.
type Role struct {
	Name string
	// ARN is the role's ARN as the reader resolves it (symbolic), when it
	// is known: the Principal of resource-based policies and the trust
	// policy of a role a task assumes name the role by it.
	ARN      string
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
	// Assumed holds the roles of the project that tasks assume through
	// their Credentials, by the ARN the definition gives.
	Assumed map[string]*Role
	// Scope is what the machine was read in (a template, a Terraform
	// module instance): roles of the same scope resolve the same way, so
	// a task's Credentials looks there first.
	Scope any
	// ResourcePolicies are the resource-based policies of the resources
	// defined beside the machine (in its template or module).
	ResourcePolicies []*ResourcePolicy
	// Unsubstituted says, for a ${Name} placeholder the definition holds
	// as text once read (see Placeholders), why nothing substitutes it
	// before Step Functions receives it, as a clause of a message. It is
	// nil where the reader does not know what fills placeholders in (a
	// definition read on its own, which a tool outside the files may
	// fill), and such text is then not reported.
	Unsubstituted func(name string) string
}

// ResourcePolicy is a policy attached to a resource the files define,
// such as a KMS key policy.
type ResourcePolicy struct {
	// Resource is the ARN of the resource the policy is attached to,
	// symbolic.
	Resource string
	Policy   *iam.Policy
	// Required is set where the policy must allow a request for IAM
	// policies to count at all (a KMS key policy): its statements for the
	// account let them, its statements for a role grant on their own.
	// Otherwise either kind of policy allows a request within the account.
	Required bool
	// What names the resource in messages, such as "key \"MachineKey\"".
	What string
}

// APIRoute is one method of a REST API or one route of an HTTP API.
type APIRoute struct {
	API    string // the API's ID, as a reference to the API gives it (symbolic)
	Method string // GET, POST, ... or ANY
	// Path is the resource path, such as /orders/{id}, or $default for an
	// HTTP API's default route; "" when it is not known.
	Path string
	// Authorization is how callers are authorized: AWS_IAM, NONE, CUSTOM,
	// COGNITO_USER_POOLS or JWT; it may hold symbols.
	Authorization string
}

// AddAPIRoute records a method or route of an API, its HTTP method in
// capitals, as API Gateway compares it.
func (p *Project) AddAPIRoute(api, method, path, authorization string) {
	if !iam.HasSym(method) {
		method = strings.ToUpper(method)
	}
	p.APIRoutes = append(p.APIRoutes, APIRoute{API: api, Method: method, Path: path, Authorization: authorization})
}

// AddHTTPAPI records the ID of an HTTP API.
func (p *Project) AddHTTPAPI(id string) {
	if !slices.Contains(p.HTTPAPIs, id) {
		p.HTTPAPIs = append(p.HTTPAPIs, id)
	}
}

// RouteKey splits an HTTP API's route key, such as "POST /orders", into
// its method and path; the default route, $default, takes any method.
func RouteKey(key string) (method, path string, ok bool) {
	if key == "$default" {
		return "ANY", key, true
	}
	return strings.Cut(key, " ")
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
	// roleSources are the roles the files define that a task may assume;
	// roleIndex finds them by ARN.
	roleSources []RoleSource
	roleIndex   roleTable
	// APIRoutes are the methods of the REST APIs and the routes of the HTTP
	// APIs the files define, with how each authorizes its callers.
	APIRoutes []APIRoute
	// HTTPAPIs are the IDs of the HTTP APIs the files define, as a
	// reference to the API gives them: a call that names no stage reaches
	// their $default stage.
	HTTPAPIs []string
	byPath   map[string]*File
	// usedDefinitions are definition files a template names (SAM's
	// DefinitionUri): they are read as part of it, not on their own.
	usedDefinitions map[string]bool
	// substituted holds the trees of files read with ParseSubstituted.
	substituted map[*File]*node.Node
	// claimed are the files whose problems a reader replaced
	// (DropProblems).
	claimed map[string]bool

	opts     Options
	readerOf map[*File]Reader // for the named files: who reads them
	// mu guards what readers may add from several goroutines: files
	// opened on demand and problems.
	mu sync.Mutex
}

// File returns the file read from path, or nil.
func (p *Project) File(path string) *File {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.byPath[path]
}

// Options returns the options the project was loaded with.
func (p *Project) Options() Options { return p.opts }

// UseDefinition records that a definition file is read as part of a
// machine another file declares, so it is not a machine of its own.
func (p *Project) UseDefinition(path string) {
	p.mu.Lock()
	p.usedDefinitions[path] = true
	p.mu.Unlock()
}

// Used reports whether UseDefinition was called for path, in this
// project or in another unit of the run.
func (p *Project) Used(path string) bool {
	p.mu.Lock()
	used := p.usedDefinitions[path]
	p.mu.Unlock()
	if u := p.opts.Unit; !used && u != nil {
		used = u.Index.Used(path)
	}
	return used
}

// ReadDefinition parses a state machine definition, recording its problems.
func (p *Project) ReadDefinition(f *File, root *node.Node, resolve asl.Resolver) *asl.StateMachine {
	sm, probs := asl.Parse(root, resolve)
	for _, pr := range probs {
		p.Problem(f, pr.Node, "%s", pr.Msg)
	}
	return sm
}

// ReadPolicy parses a policy document, recording its problems; name,
// file and lpath (a logical path, for stable keys) say where it is.
func (p *Project) ReadPolicy(f *File, doc *node.Node, resolve iam.Resolver, name, lpath string) *iam.Policy {
	pol, probs := iam.ParsePolicy(doc, resolve)
	for _, pr := range probs {
		p.Problem(f, pr.Node, "%s", pr.Msg)
	}
	pol.Name, pol.File, pol.Path = name, f.Path, lpath
	return pol
}
