package rules

import (
	"cmp"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/internal/tsv"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

//go:embed catalog.tsv
var catalogTSV string

// Purposes of a permission, as the catalog names them.
const (
	Base       = "base"
	Poll       = "poll"
	Events     = "events"
	Cancel     = "cancel"
	PassRole   = "passrole"
	MapRun     = "map"
	Logging    = "logging"
	Tracing    = "tracing"
	KMS        = "kms"
	Connection = "connection"
	Other      = "other"
)

// entry is one row of the catalog.
type entry struct {
	api        string
	patterns   []string
	purpose    string
	actions    []string
	resource   string
	whenParam  string
	whenValues []string
	source     string
	context    map[string]string // condition key -> template
}

// catalog maps an integration (service:api) to its rows.
var catalog = parseCatalog(catalogTSV)

// taskAPI reports whether a catalog key is an integration a Task's
// Resource names (service:api), rather than a feature of the state machine
// (map:..., machine:...) or an integration's rows for what the project
// says of its target (states:startExecution:express).
func taskAPI(key string) bool {
	svc, api, ok := strings.Cut(key, ":")
	return ok && svc != "map" && svc != "machine" && !strings.Contains(api, ":")
}

func parseCatalog(src string) map[string][]entry {
	out := map[string][]entry{}
	for n, f := range tsv.Rows(src) {
		if len(f) != 8 {
			panic(fmt.Sprintf("catalog.tsv:%d: %d fields, want 8", n, len(f)))
		}
		e := entry{api: f[0], patterns: strings.Split(f[1], ","), purpose: f[2], resource: f[4], source: f[6]}
		if f[3] != "" {
			e.actions = strings.Split(f[3], ",")
		}
		if f[5] != "" {
			p, v, hasValues := strings.Cut(f[5], "=")
			e.whenParam = p
			if hasValues {
				e.whenValues = strings.Split(v, "|")
			}
		}
		for _, kv := range strings.Split(f[7], ";") {
			if k, v, ok := strings.Cut(kv, "="); ok {
				if e.context == nil {
					e.context = map[string]string{}
				}
				e.context[k] = v
			}
		}
		out[e.api] = append(out[e.api], e)
	}
	return out
}

// Pattern names, as in the catalog.
const (
	RequestResponse = "rr"
	Sync            = "sync"
	Sync2           = "sync2"
	Callback        = "wait"
)

// Integration is what a Task's Resource says to run.
type Integration struct {
	Kind      IntegrationKind
	Partition string
	API       string // "lambda:invoke", "aws-sdk:s3:getObject"
	Pattern   string
}

// IntegrationKind tells the forms of a Task resource apart.
type IntegrationKind uint8

const (
	Unknown   IntegrationKind = iota
	Optimized                 // arn:aws:states:::service:api
	SDK                       // arn:aws:states:::aws-sdk:service:api
	LambdaARN                 // a Lambda function ARN used directly
	Activity                  // an activity ARN: workers poll it with their own credentials
)

var (
	serviceRE  = regexp.MustCompile(`^arn:([^:]+):states:::(.+)$`)
	lambdaRE   = regexp.MustCompile(`^arn:([^:]+):lambda:[^:]+:[^:]+:function:[^:]+(:[^:]+)?$`)
	activityRE = regexp.MustCompile(`^arn:([^:]+):states:[^:]+:[^:]+:activity:.+$`)
)

// submatch is FindStringSubmatch for symbolic strings: symbol names may
// hold ':' or '.', so each symbol is matched as one opaque run of text.
func submatch(re *regexp.Regexp, s string) []string {
	masked, unmask := iam.Mask(s)
	m := re.FindStringSubmatch(masked)
	for i := range m {
		m[i] = unmask(m[i])
	}
	return m
}

// ParseResource reads a Task's Resource.
func ParseResource(res string) Integration {
	if m := submatch(serviceRE, res); m != nil {
		in := Integration{Kind: Optimized, Partition: m[1], Pattern: RequestResponse}
		rest := m[2]
		switch {
		case strings.HasSuffix(rest, ".sync:2"):
			in.Pattern, rest = Sync2, strings.TrimSuffix(rest, ".sync:2")
		case strings.HasSuffix(rest, ".sync"):
			in.Pattern, rest = Sync, strings.TrimSuffix(rest, ".sync")
		case strings.HasSuffix(rest, ".waitForTaskToken"):
			in.Pattern, rest = Callback, strings.TrimSuffix(rest, ".waitForTaskToken")
		}
		in.API = rest
		if strings.HasPrefix(rest, "aws-sdk:") {
			in.Kind = SDK
		}
		return in
	}
	if m := submatch(lambdaRE, res); m != nil {
		return Integration{Kind: LambdaARN, Partition: m[1], Pattern: RequestResponse}
	}
	if m := submatch(activityRE, res); m != nil {
		return Integration{Kind: Activity, Partition: m[1]}
	}
	return Integration{Kind: Unknown}
}

// Need is one permission a state machine needs: an action on a resource.
type Need struct {
	Purpose  string
	Action   string
	Resource string // symbolic; contains iam.Any where it cannot be known
	// Context holds the condition keys the request carries, such as
	// iam:PassedToService for iam:PassRole.
	Context iam.Context
	Task    *asl.Task // nil for a need of the state machine itself
	Map     *asl.Map  // the Distributed Map a map need comes from
	// Credentials is set for a need of the role the task assumes, rather
	// than of the state machine's role.
	Credentials *asl.Credentials
	Source      string
	// File and Node are where a finding about the need points: the task's
	// Resource, the Map state, or the property that asks for the feature.
	File *project.File
	Node *node.Node
	// Feature is what needs it, for messages: "task \"Name\"", ...
	Feature string
	// Alternatives are the resource in the other forms of a value whose
	// form the files do not say (a parameter that may hold a name or an
	// ARN): the need is met when any form is granted. Ambiguity says why,
	// for messages.
	Alternatives []string
	Ambiguity    string
}

// when names what may leave the need's task or Map state out of the
// definition that deploys, or "".
func (n Need) when() string {
	switch {
	case n.Task != nil:
		return n.Task.When
	case n.Map != nil:
		return n.Map.When
	}
	return ""
}

// Dynamic reports whether the resource is taken from the state input (or
// otherwise cannot be known before the execution runs), so that only a
// wildcard can cover it.
func (n Need) Dynamic() bool { return strings.Contains(n.Resource, iam.Any) }

// Open reports whether part of the resource is unknown text, dynamic,
// written as a wildcard in the documented policy or made by AWS at run
// time, in every form it has: only a wildcard covers it for certain.
func (n Need) Open() bool {
	open := func(r string) bool {
		return strings.Contains(r, iam.Any) || strings.Contains(r, iam.Wild) || strings.Contains(r, iam.RunTime)
	}
	return open(n.Resource) && !slices.ContainsFunc(n.Alternatives, func(a string) bool { return !open(a) })
}

// Needs lists what the machine's role must allow for its tasks and
// features. opaque is true when a task's needs are not fully known (AWS SDK
// integrations and unknown resources may need more than their own action),
// so a suggested narrowing could break it.
//
// p is the project the machine is read from, whose resources may say more
// about what a task starts (a child state machine's type); nil when there
// is none.
func Needs(p *project.Project, m *project.Machine) (needs []Need, opaque bool) {
	if m.Definition == nil {
		return nil, false
	}
	base := machineEnv(m)
	base.proj = p
	def := m.DefFile()
	for _, t := range m.Definition.Tasks {
		if placeholderLeft(m, t.Resource) {
			// The task does not run at all (SFN101 says why): what it
			// would need is not known.
			opaque = true
			continue
		}
		in := ParseResource(t.Resource)
		e := base
		if in.Partition != "" && !iam.HasSym(in.Partition) {
			e.partition = in.Partition
		}
		e = e.assuming(t)
		at := Need{Task: t, File: def, Node: t.ResourceNode, Feature: fmt.Sprintf("task %q", t.Name)}
		start := len(needs)
		switch in.Kind {
		case Optimized:
			rows, ok := catalog[e.variant(in, t)]
			if !ok || !taskAPI(in.API) {
				opaque = true
				break
			}
			for _, r := range rows {
				if !slices.Contains(r.patterns, in.Pattern) || !r.applies(t) {
					continue
				}
				if r.purpose == PassRole && !r.paramsGiven(t.Param) {
					continue // no role is handed over
				}
				needs = append(needs, e.rowNeeds(r, t.Param, at)...)
			}
		case SDK:
			// Its needs are never complete: the call may need more than
			// its own action (a key that encrypts what it reads, say).
			opaque = true
			needs = append(needs, e.sdkNeeds(in, t, at)...)
		case LambdaARN:
			n := at
			n.Purpose, n.Action, n.Resource, n.Source = Base, "lambda:InvokeFunction", t.Resource, "docs"
			needs = append(needs, n)
		case Activity:
		default:
			opaque = true
		}
		needs = append(needs, profileModels(needs[start:])...)
		manageConnections(t, needs[start:])
		needs = withCredentials(needs, start, t, at)
	}
	needs = append(needs, machineNeeds(m, base)...)
	// What a placeholder the definition leaves as text names is not what
	// deploys.
	n := len(needs)
	needs = slices.DeleteFunc(needs, func(n Need) bool {
		return (n.Task != nil || n.Map != nil) && (placeholderLeft(m, n.Resource) ||
			slices.ContainsFunc(n.Alternatives, func(a string) bool { return placeholderLeft(m, a) }))
	})
	return needs, opaque || len(needs) < n
}

// placeholderLeft reports whether a value of a machine's definition holds
// a ${Name} placeholder that nothing substitutes (see SFN101).
func placeholderLeft(m *project.Machine, v string) bool {
	return m.Unsubstituted != nil && project.Placeholders(v) != nil
}

// rowNeeds expands one catalog row into needs, one per action and
// resource.
func (e env) rowNeeds(r entry, lookup func(string) []asl.Value, at Need) []Need {
	var out []Need
	ctx := e.context(r, lookup)
	for _, f := range e.expandForms(r.resource, lookup) {
		for _, a := range r.actions {
			n := at
			n.Purpose, n.Action, n.Resource, n.Source, n.Context = r.purpose, a, f.res, r.source, ctx
			n.Alternatives, n.Ambiguity = f.alts, e.ambiguity(f.of)
			out = append(out, n)
		}
	}
	return out
}

// context expands a row's condition keys.
func (e env) context(r entry, lookup func(string) []asl.Value) iam.Context {
	if len(r.context) == 0 {
		return nil
	}
	ctx := iam.Context{}
	for k, tmpl := range r.context {
		if vs := e.expandWith(tmpl, lookup); len(vs) == 1 && !strings.Contains(vs[0], iam.Any) {
			ctx[strings.ToLower(k)] = vs[0]
		}
	}
	return ctx
}

// roleParamRE recognises the parameters of AWS SDK calls that hand a role
// to the service, such as RoleArn or ExecutionRoleArn.
var roleParamRE = regexp.MustCompile(`(?i)role(arn)?(\.\$)?$`)

// sdkPassRoles lists iam:PassRole for the roles an AWS SDK call's
// parameters carry: a service that takes a role checks that the caller may
// pass it. A role taken from the input may be any role.
func sdkPassRoles(t *asl.Task, at Need) []Need {
	var out []Need
	eachRoleParam(t.Args, 0, func(key string, v *node.Node) {
		if v.Kind != node.Scalar {
			return
		}
		val := t.ValueOf(v)
		if strings.HasSuffix(key, ".$") {
			val = asl.Value{Dynamic: true}
		}
		res := iam.Any
		if !val.Dynamic {
			if !strings.Contains(val.Value, ":role/") && !iam.HasSym(val.Value) {
				return // a role name or something else: not an ARN to pass
			}
			res = val.Value
		}
		need := at
		need.Purpose, need.Action, need.Resource, need.Source = PassRole, "iam:PassRole", res, "docs"
		out = append(out, need)
	})
	return out
}

// eachRoleParam calls fn with each parameter of an AWS SDK call, at any
// depth, whose name says it names a role to hand the service, and its
// value: the parameters inside a value before the one that holds it.
func eachRoleParam(n *node.Node, depth int, fn func(key string, v *node.Node)) {
	if n == nil || depth > 20 {
		return
	}
	for _, it := range n.Items {
		eachRoleParam(it, depth+1, fn)
	}
	for i, k := range n.Keys {
		eachRoleParam(n.Values[i], depth+1, fn)
		if roleParamRE.MatchString(k.Value) {
			fn(k.Value, n.Values[i])
		}
	}
}

// paramsGiven reports whether every parameter a row's resource names is
// present in the task.
func (r entry) paramsGiven(lookup func(string) []asl.Value) bool {
	for _, param := range templateParams(r.resource) {
		if len(lookup(param)) == 0 {
			return false
		}
	}
	return true
}

// templateParams lists the task parameters (dotted paths) a template of
// the catalog names.
func templateParams(tmpl string) []string {
	var out []string
	for _, loc := range placeholderRE.FindAllStringSubmatchIndex(tmpl, -1) {
		if loc[0] > 0 && tmpl[loc[0]-1] == '$' {
			continue // the deployment's ${Partition}, ${Region}, ${Account}
		}
		name := tmpl[loc[2]:loc[3]]
		_, param, ok := strings.Cut(name, ":")
		if !ok {
			param = name
		}
		param, _, _ = strings.Cut(param, "|")
		if param != "" && param != "self" {
			out = append(out, param)
		}
	}
	return out
}

// params lists the task parameters a row reads: to build its resource
// and condition keys, and to decide whether it applies.
func (r entry) params() []string {
	out := templateParams(r.resource)
	for _, tmpl := range r.context {
		out = append(out, templateParams(tmpl)...)
	}
	if r.whenParam != "" {
		out = append(out, r.whenParam)
	}
	return out
}

var placeholderRE = regexp.MustCompile(`\{([^}]*)\}`)

// machineNeeds are the needs of state-machine features rather than tasks:
// Distributed Map child executions and their S3 reader and writer, logging,
// tracing and a customer managed key.
func machineNeeds(m *project.Machine, e env) []Need {
	var out []Need
	add := func(api string, lookup func(string) []asl.Value, at Need) {
		for _, r := range catalog[api] {
			out = append(out, e.rowNeeds(r, lookup, at)...)
		}
	}
	none := func(string) []asl.Value { return nil }
	def := m.DefFile()
	for _, mp := range m.Definition.Maps {
		if !mp.Distributed {
			continue
		}
		at := Need{Map: mp, File: def, Node: mp.NameNode, Feature: fmt.Sprintf("Distributed Map state %q", mp.Name)}
		if mp.Express {
			// Express child executions are started and waited for; they
			// cannot be described or stopped.
			add("map:distributed:express", none, at)
		} else {
			add("map:distributed", none, at)
		}
		if mp.ItemReader != nil {
			res := ParseResource(mp.Resource(mp.ItemReader)).API
			at.Node = mp.ItemReader
			add("map:itemReader:"+res, func(p string) []asl.Value { return mp.Param(mp.ItemReader, p) }, at)
		}
		if mp.ResultWriter != nil {
			res := ParseResource(mp.Resource(mp.ResultWriter)).API
			at.Node = mp.ResultWriter
			add("map:resultWriter:"+res, func(p string) []asl.Value { return mp.Param(mp.ResultWriter, p) }, at)
		}
	}
	at := Need{File: m.File, Node: m.NameNode}
	if at.Node == nil {
		at.File, at.Node = def, m.Definition.Root.KeyNode("StartAt")
	}
	if m.Logging {
		a := at
		a.Feature, a.Node = "its logging configuration", cmp.Or(m.LoggingNode, at.Node)
		add("machine:logging", none, a)
	}
	if m.Tracing {
		a := at
		a.Feature, a.Node = "its X-Ray tracing", cmp.Or(m.TracingNode, at.Node)
		add("machine:tracing", none, a)
	}
	if m.KMSKey != "" {
		a := at
		a.Feature, a.Node = "its customer managed KMS key", cmp.Or(m.EncryptionNode, at.Node)
		add("machine:kms", none, a)
	}
	return out
}

// applies reports whether a row's condition holds for a task: a parameter
// with one of the listed values, a parameter given at all (Param), or one
// not given (!Param).
func (r entry) applies(t *asl.Task) bool {
	if r.whenParam == "" {
		return true
	}
	if absent, ok := strings.CutPrefix(r.whenParam, "!"); ok {
		return len(t.Param(absent)) == 0
	}
	vals := t.Param(r.whenParam)
	if len(vals) == 0 {
		return false
	}
	if r.whenValues == nil {
		return true
	}
	for _, v := range vals {
		if v.Dynamic || !slices.Contains(r.whenValues, v.Value) {
			return false
		}
	}
	return true
}
