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
			p, v, _ := strings.Cut(f[5], "=")
			e.whenParam, e.whenValues = p, strings.Split(v, "|")
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
}

// Dynamic reports whether the resource is taken from the state input (or
// otherwise cannot be known before the execution runs), so that only a
// wildcard can cover it.
func (n Need) Dynamic() bool { return strings.Contains(n.Resource, iam.Any) }

// Open reports whether part of the resource is unknown text, dynamic or
// written as a wildcard in the documented policy.
func (n Need) Open() bool { return n.Dynamic() || strings.Contains(n.Resource, iam.Wild) }

// env is what resource templates are expanded with.
type env struct {
	partition, region, account string
	self                       string // the state machine's own ARN
	kmsKey                     string // its customer managed key, if any
	taskRoles                  map[string][]string
}

// Needs lists what the machine's role must allow for its tasks and
// features. opaque is true when a task's needs are not fully known (AWS SDK
// integrations and unknown resources may need more than their own action),
// so a suggested narrowing could break it.
func Needs(m *project.Machine) (needs []Need, opaque bool) {
	if m.Definition == nil {
		return nil, false
	}
	base := machineEnv(m)
	def := m.DefFile()
	for _, t := range m.Definition.Tasks {
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
			rows, ok := catalog[in.API]
			if !ok {
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
			opaque = true
			if a := sdkAction(in.API); a != "" {
				n := at
				n.Purpose, n.Action, n.Resource, n.Source = Base, a, iam.Any, "docs"
				needs = append(needs, n)
			}
			if svc := strings.Split(in.API, ":")[1]; svc != "sts" && svc != "iam" {
				// STS assumes the roles it names and IAM manages them;
				// neither hands a role to a service.
				needs = append(needs, sdkPassRoles(t, at)...)
			}
		case LambdaARN:
			n := at
			n.Purpose, n.Action, n.Resource, n.Source = Base, "lambda:InvokeFunction", t.Resource, "docs"
			needs = append(needs, n)
		case Activity:
		default:
			opaque = true
		}
		needs = withCredentials(needs, start, t, at)
	}
	needs = append(needs, machineNeeds(m, base)...)
	return needs, opaque
}

// rowNeeds expands one catalog row into needs, one per action and
// resource.
func (e env) rowNeeds(r entry, lookup func(string) []asl.Value, at Need) []Need {
	var out []Need
	ctx := e.context(r, lookup)
	for _, res := range e.expandWith(r.resource, lookup) {
		for _, a := range r.actions {
			n := at
			n.Purpose, n.Action, n.Resource, n.Source, n.Context = r.purpose, a, res, r.source, ctx
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
	var walk func(n *node.Node, depth int)
	walk = func(n *node.Node, depth int) {
		if n == nil || depth > 20 {
			return
		}
		for _, it := range n.Items {
			walk(it, depth+1)
		}
		for i, k := range n.Keys {
			v := n.Values[i]
			walk(v, depth+1)
			if !roleParamRE.MatchString(k.Value) || v.Kind != node.Scalar {
				continue
			}
			val := t.ValueOf(v)
			if strings.HasSuffix(k.Value, ".$") {
				val = asl.Value{Dynamic: true}
			}
			res := iam.Any
			if !val.Dynamic {
				if !strings.Contains(val.Value, ":role/") && !iam.HasSym(val.Value) {
					continue // a role name or something else: not an ARN to pass
				}
				res = val.Value
			}
			need := at
			need.Purpose, need.Action, need.Resource, need.Source = PassRole, "iam:PassRole", res, "docs"
			out = append(out, need)
		}
	}
	walk(t.Args, 0)
	return out
}

// paramsGiven reports whether every parameter a row's resource names is
// present in the task.
func (r entry) paramsGiven(lookup func(string) []asl.Value) bool {
	for _, m := range placeholderRE.FindAllStringSubmatch(r.resource, -1) {
		_, param, ok := strings.Cut(m[1], ":")
		if !ok {
			param = m[1]
		}
		param, _, _ = strings.Cut(param, "|")
		if param == "" || param == "self" {
			continue
		}
		if len(lookup(param)) == 0 {
			return false
		}
	}
	return true
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

func (r entry) applies(t *asl.Task) bool {
	if r.whenParam == "" {
		return true
	}
	vals := t.Param(r.whenParam)
	if len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		if v.Dynamic || !slices.Contains(r.whenValues, v.Value) {
			return false
		}
	}
	return true
}

// machineEnv decides the partition, Region and account resources are
// built with. A standalone definition whose policies name one Region and
// account throughout is taken to run there.
func machineEnv(m *project.Machine) env {
	e := env{partition: "aws", region: iam.Region, account: iam.AccountID, self: m.ARN, kmsKey: m.KMSKey, taskRoles: m.TaskRoles}
	if m.Region != "" {
		e.region, e.account = m.Region, m.Account
		return e
	}
	if m.Role == nil {
		return e
	}
	var ev project.Evidence
	for _, p := range m.Role.Policies {
		for _, s := range p.Statements {
			for _, it := range s.Resources {
				ev.Add([]byte(it.Value))
			}
		}
	}
	if r, a, ok := ev.Place(); ok {
		e.region, e.account = r, a
	}
	return e
}

// expand builds the resources a catalog template names for a task.
func (e env) expand(tmpl string, t *asl.Task) []string {
	return e.expandWith(tmpl, t.Param)
}

func (e env) expandWith(tmpl string, lookup func(string) []asl.Value) []string {
	results := []string{""}
	for len(tmpl) > 0 {
		switch {
		case strings.HasPrefix(tmpl, "${"):
			end := strings.IndexByte(tmpl, '}')
			var v string
			switch tmpl[2:end] {
			case "Partition":
				v = e.partition
			case "Region":
				v = e.region
			case "Account":
				v = e.account
			}
			results = appendAll(results, v)
			tmpl = tmpl[end+1:]
		case tmpl[0] == '{':
			end := strings.IndexByte(tmpl, '}')
			spec := tmpl[1:end]
			tmpl = tmpl[end+1:]
			vals := e.placeholder(spec, lookup)
			if tmpl == "" {
				// A placeholder ending the template may hold a whole ARN,
				// which then stands for the resource by itself.
				var next []string
				for _, r := range results {
					for _, v := range vals {
						if strings.HasPrefix(v, "arn:") && !strings.HasPrefix(spec, "path:") {
							next = append(next, v)
						} else {
							next = append(next, r+v)
						}
					}
				}
				results = next
				continue
			}
			var next []string
			for _, r := range results {
				for _, v := range vals {
					next = append(next, r+v)
				}
			}
			results = next
		case strings.HasPrefix(tmpl, "!*"):
			// Actions without resource-level permissions: only "*" grants
			// them.
			results = appendAll(results, "*")
			tmpl = tmpl[2:]
		case tmpl[0] == '*':
			results = appendAll(results, iam.Wild)
			tmpl = tmpl[1:]
		default:
			i := strings.IndexAny(tmpl, "{*$!")
			if i < 0 {
				i = len(tmpl)
			}
			if i == 0 { // a lone '$'
				i = 1
			}
			results = appendAll(results, tmpl[:i])
			tmpl = tmpl[i:]
		}
	}
	slices.Sort(results)
	return slices.Compact(results)
}

func appendAll(rs []string, s string) []string {
	for i := range rs {
		rs[i] += s
	}
	return rs
}

// placeholder evaluates "fn:Param|default" to one value per parameter
// value; a value from the input, or a missing parameter without default,
// is unknown.
func (e env) placeholder(spec string, lookup func(string) []asl.Value) []string {
	fn, param, ok := strings.Cut(spec, ":")
	if !ok {
		fn, param = "", spec
	}
	param, def, hasDef := strings.Cut(param, "|")
	switch {
	case fn == "self":
		return []string{e.self}
	case fn == "kms":
		return []string{e.kmsKey}
	case fn == "exec" && param == "self":
		return []string{e.execution(e.self)}
	case fn == "redrive" && param == "self":
		// A Map Run's executions: execution:<machine>/<label or ID>:<ID>.
		if m := submatch(stateMachineRE, e.self); m != nil {
			return []string{m[1] + ":execution:" + m[2] + "/" + iam.Wild + ":" + iam.Wild}
		}
		return []string{iam.Any}
	case fn == "ecsroles":
		// The roles a task definition of the template names, whether the
		// task names it by ARN (Ref) or by family.
		var out []string
		for _, v := range lookup(param) {
			if v.Dynamic {
				continue
			}
			roles, ok := e.taskRoles[v.Value]
			if !ok {
				for arn, rs := range e.taskRoles {
					if family(arn) != "" && family(arn) == family(v.Value) {
						roles = append(roles, rs...)
					}
				}
			}
			for _, r := range roles {
				// ECS takes a role's name as well as its ARN.
				out = append(out, e.apply("iamrole", r))
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	vals := lookup(param)
	if len(vals) == 0 {
		switch {
		case hasDef:
			return []string{def}
		case fn == "path":
			return []string{""}
		}
		return []string{iam.Any}
	}
	var out []string
	for _, v := range vals {
		if v.Dynamic {
			out = append(out, iam.Any)
			continue
		}
		out = append(out, e.apply(fn, v.Value))
	}
	return out
}

var (
	accountFunctionRE = regexp.MustCompile(`^[^:]+:function:`)
	sqsURLRE          = regexp.MustCompile(`^https://(?:sqs\.([^./]+)\.amazonaws\.com|([^./]+)\.queue\.amazonaws\.com)(?:\.[a-z]+)?/([^/]+)/([^/]+)$`)
	apiHostRE         = regexp.MustCompile(`^([^.]+)\.execute-api\.`)
	stateMachineRE    = regexp.MustCompile(`^(arn:[^:]+:states:[^:]+:[^:]+):stateMachine:([^:]+)$`)
	// Cross-Region inference profile IDs put a geography before the model ID.
	inferenceProfileRE = regexp.MustCompile(`^(us|us-gov|eu|apac|jp|au|ca|global)\.[a-z0-9-]+\.`)
)

func (e env) apply(fn, v string) string {
	switch fn {
	case "lambda":
		switch {
		case strings.HasPrefix(v, "arn:") || startsWithARNSym(v):
			return v
		case submatch(accountFunctionRE, v) != nil:
			return "arn:" + e.partition + ":lambda:" + e.region + ":" + v
		case isWholeSym(v) && !iam.IsGenerated(v):
			// An unknown value standing alone is as likely an ARN as a
			// name; a generated name is a name.
			return v
		}
		return "arn:" + e.partition + ":lambda:" + e.region + ":" + e.account + ":function:" + v
	case "sqs":
		if m := submatch(sqsURLRE, v); m != nil {
			region := m[1] + m[2]
			return "arn:" + e.partition + ":sqs:" + region + ":" + m[3] + ":" + m[4]
		}
		return iam.Any
	case "ecs":
		if !strings.HasPrefix(v, "arn:") {
			v = "arn:" + e.partition + ":ecs:" + e.region + ":" + e.account + ":task-definition/" + v
		}
		if _, fam, ok := strings.Cut(v, "task-definition/"); ok && !strings.Contains(fam, ":") {
			// A family without revision runs its latest revision.
			v += ":" + iam.Wild
		}
		return v
	case "exec":
		return e.execution(v)
	case "apiid":
		if m := submatch(apiHostRE, v); m != nil {
			return m[1]
		}
		return iam.Any
	case "path":
		return strings.TrimPrefix(v, "/")
	case "bedrock":
		switch {
		case strings.HasPrefix(v, "arn:") || isWholeSym(v):
			return v
		case inferenceProfileRE.MatchString(v):
			// A cross-Region inference profile: the request names the
			// profile, whose ARN has the account.
			return "arn:" + e.partition + ":bedrock:" + e.region + ":" + e.account + ":inference-profile/" + v
		}
		return "arn:" + e.partition + ":bedrock:" + e.region + "::foundation-model/" + v
	case "iamrole":
		if strings.HasPrefix(v, "arn:") || isWholeSym(v) && !iam.IsGenerated(v) {
			return v
		}
		return "arn:" + e.partition + ":iam::" + e.account + ":role/" + v
	case "s3uri":
		if rest, ok := strings.CutPrefix(v, "s3://"); ok {
			return "arn:" + e.partition + ":s3:::" + rest
		}
		return iam.Any
	}
	return v
}

// family returns the family of a task definition named by ARN,
// family:revision or family.
func family(v string) string {
	if _, rest, ok := strings.Cut(v, "task-definition/"); ok {
		v = rest
	} else if strings.HasPrefix(v, "arn:") {
		return ""
	}
	f, _, _ := strings.Cut(v, ":")
	return f
}

// execution turns a state machine ARN into the ARN pattern of its
// executions, which Describe and Stop take.
func (e env) execution(arn string) string {
	if m := submatch(stateMachineRE, arn); m != nil {
		return m[1] + ":execution:" + m[2] + ":" + iam.Wild
	}
	return iam.Any
}

// startsWithARNSym reports whether s starts with a symbol for an
// attribute named Arn, such as ${Function.Arn}:live.
func startsWithARNSym(s string) bool {
	name, ok := iam.LeadingSym(s)
	return ok && strings.HasSuffix(name, ".Arn")
}

func isWholeSym(s string) bool {
	_, ok := iam.IsSym(s)
	return ok
}

// sdkPrefixes maps AWS SDK service names to IAM prefixes where they differ.
var sdkPrefixes = map[string]string{
	"sfn": "states", "cloudwatchlogs": "logs", "efs": "elasticfilesystem",
	"elasticloadbalancingv2": "elasticloadbalancing", "mediapackagevod": "mediapackage-vod",
	"mwaa": "airflow", "bedrockagent": "bedrock", "bedrockagentruntime": "bedrock",
	"bedrockruntime": "bedrock", "redshiftdata": "redshift-data", "sesv2": "ses",
	"emr": "elasticmapreduce", "emrcontainers": "emr-containers", "emrserverless": "emr-serverless",
	"eventbridge": "events", "cloudwatchevents": "events", "sagemakerruntime": "sagemaker",
	"sagemakerfeaturestoreruntime": "sagemaker", "sagemakera2iruntime": "sagemaker",
	"rdsdata": "rds-data", "apigatewaymanagementapi": "execute-api", "dynamodbstreams": "dynamodb",
	"lexruntimev2": "lex", "lexmodelsv2": "lex", "iotdata": "iot", "ioteventsdata": "iotevents",
	"costexplorer": "ce", "applicationautoscaling": "application-autoscaling", "acmpca": "acm-pca",
	"cognitoidentityprovider": "cognito-idp", "cognitoidentity": "cognito-identity",
	"databasemigration": "dms", "elasticsearch": "es", "opensearch": "es",
	"opensearchserverless": "aoss", "kinesisvideoarchivedmedia": "kinesisvideo",
	"mediastoredata": "mediastore", "pinpointemail": "ses", "pinpointsmsvoice": "sms-voice",
	"timestreamquery": "timestream", "timestreamwrite": "timestream",
	"marketplacecatalog": "aws-marketplace", "appconfigdata": "appconfig", "ecrpublic": "ecr-public",
	"resourcegroupstaggingapi": "tag", "ssoadmin": "sso", "networkfirewall": "network-firewall",
	"migrationhub": "mgh",
}

// sdkActions maps SDK operations whose IAM action has another name. An
// empty action marks operations that IAM authorizes through the actions of
// what they carry (a transaction's puts and updates, a copy's read and
// write): no single action can be required of them.
var sdkActions = map[string]string{
	"s3:listObjectsV2":                 "s3:ListBucket",
	"s3:listObjects":                   "s3:ListBucket",
	"s3:listObjectVersions":            "s3:ListBucketVersions",
	"s3:listBuckets":                   "s3:ListAllMyBuckets",
	"s3:headObject":                    "s3:GetObject",
	"s3:headBucket":                    "s3:ListBucket",
	"s3:copyObject":                    "s3:PutObject",
	"s3:deleteObjects":                 "s3:DeleteObject",
	"s3:createMultipartUpload":         "s3:PutObject",
	"s3:uploadPart":                    "s3:PutObject",
	"s3:completeMultipartUpload":       "s3:PutObject",
	"s3:selectObjectContent":           "s3:GetObject",
	"lambda:invoke":                    "lambda:InvokeFunction",
	"sqs:sendMessageBatch":             "sqs:SendMessage",
	"sqs:deleteMessageBatch":           "sqs:DeleteMessage",
	"sqs:changeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
	"sns:publishBatch":                 "sns:Publish",
	"bedrockruntime:converse":          "bedrock:InvokeModel",
	"bedrockruntime:converseStream":    "bedrock:InvokeModelWithResponseStream",
	"dynamodb:transactWriteItems":      "",
	"dynamodb:transactGetItems":        "",
	"dynamodb:executeStatement":        "",
	"dynamodb:batchExecuteStatement":   "",
	"dynamodb:executeTransaction":      "",
	"dynamodbstreams:getRecords":       "dynamodb:GetRecords",
	"s3control:createJob":              "s3:CreateJob",
	"cloudwatchlogs:startQuery":        "logs:StartQuery",
	"cloudwatchlogs:getQueryResults":   "logs:GetQueryResults",
}

// sdkAction returns the IAM action an AWS SDK integration calls: the
// service's IAM prefix and the operation name with a capital letter.
func sdkAction(api string) string {
	rest := strings.TrimPrefix(api, "aws-sdk:")
	svc, op, ok := strings.Cut(rest, ":")
	if !ok || svc == "" || op == "" || strings.Contains(op, ":") {
		return ""
	}
	if a, ok := sdkActions[svc+":"+op]; ok {
		return a
	}
	prefix := svc
	if p, ok := sdkPrefixes[svc]; ok {
		prefix = p
	}
	if svc == "apigateway" || svc == "apigatewayv2" {
		return "" // its actions are HTTP verbs on resource paths
	}
	return prefix + ":" + strings.ToUpper(op[:1]) + op[1:]
}
