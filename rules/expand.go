package rules

import (
	"regexp"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// env is what resource templates are expanded with.
type env struct {
	partition, region, account string
	self                       string // the state machine's own ARN
	kmsKey                     string // its customer managed key, if any
	taskRoles                  map[string][]string
	proj                       *project.Project // the project, for what its resources say of a task's target
	file                       *project.File    // the machine's file, which names the values it takes
}

// machineEnv decides the partition, Region and account resources are
// built with. A standalone definition whose policies name one Region and
// account throughout is taken to run there.
func machineEnv(m *project.Machine) env {
	e := env{partition: "aws", region: iam.Region, account: iam.AccountID, self: m.ARN, kmsKey: m.KMSKey, taskRoles: m.TaskRoles, file: m.File}
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
		// The state machine runs where its role's own ARNs say.
		e.region, e.account = r, a
		e.self = strings.NewReplacer(iam.Region, r, iam.AccountID, a).Replace(e.self)
	}
	return e
}

// expand builds the resources a catalog template names for a task.
func (e env) expand(tmpl string, t *asl.Task) []string {
	return e.expandWith(tmpl, t.Param)
}

// expandWith builds the resources a template names, parameters read with
// lookup.
func (e env) expandWith(tmpl string, lookup func(string) []asl.Value) []string {
	var out []string
	for _, f := range e.expandForms(tmpl, lookup) {
		out = append(out, f.res)
	}
	return out
}

// formed is a resource a template names and, when a value whose form is
// not known ends the template (a parameter that may hold a name or an ARN),
// the resources it names in the value's other forms, such as the value
// itself when it is a whole ARN.
type formed struct {
	res  string
	alts []string // none when the form is known
	of   string   // the value whose form is not known
}

func (e env) expandForms(tmpl string, lookup func(string) []asl.Value) []formed {
	results := []formed{{}}
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
			var next []formed
			for _, r := range results {
				for _, v := range e.placeholder(spec, lookup) {
					switch {
					case tmpl == "" && isARN(v.res) && !strings.HasPrefix(spec, "path:"):
						// A placeholder ending the template may hold a
						// whole ARN, which then stands for the resource by
						// itself.
					case tmpl == "":
						v.res = r.res + v.res
					default:
						v = formed{res: r.res + v.res}
					}
					next = append(next, v)
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
	for i := range results {
		// What follows text that cannot be known is not known either.
		results[i].res = strings.ReplaceAll(results[i].res, iam.Any+iam.RunTime, iam.Any)
	}
	key := func(f formed) string { return strings.Join(append([]string{f.res}, f.alts...), "\x00") }
	slices.SortFunc(results, func(a, b formed) int { return strings.Compare(key(a), key(b)) })
	return slices.CompactFunc(results, func(a, b formed) bool { return key(a) == key(b) })
}

// appendAll adds literal text to every resource; a value followed by
// text is not a whole ARN.
func appendAll(rs []formed, s string) []formed {
	for i := range rs {
		rs[i] = formed{res: rs[i].res + s}
	}
	return rs
}

// placeholder evaluates "fn:Param|default" to one value per parameter
// value; a value from the input, or a missing parameter without default,
// is unknown.
func (e env) placeholder(spec string, lookup func(string) []asl.Value) []formed {
	fn, param, ok := strings.Cut(spec, ":")
	if !ok {
		fn, param = "", spec
	}
	param, def, hasDef := strings.Cut(param, "|")
	one := func(v string) []formed { return []formed{{res: v}} }
	if def == "*" {
		// The value AWS makes at run time when the parameter is absent.
		def = iam.RunTime
	}
	switch {
	case fn == "" && param == "*":
		// Text AWS makes at run time, such as a job's ID.
		return one(iam.RunTime)
	case fn == "self":
		return one(e.self)
	case fn == "kms":
		return one(e.kmsKey)
	case fn == "exec" && param == "self":
		return one(e.execution(e.self))
	case fn == "redrive" && param == "self":
		// A Map Run's executions: execution:<machine>/<label or ID>:<ID>.
		if m := submatch(stateMachineRE, e.self); m != nil {
			return one(m[1] + ":execution:" + m[2] + "/" + iam.Wild + ":" + iam.Wild)
		}
		return one(iam.Any)
	case fn == "ecsroles":
		return e.ecsRoles(lookup(param))
	}
	vals := lookup(param)
	if len(vals) == 0 {
		switch {
		case hasDef:
			return one(def)
		case fn == "path" || fn == "prefix":
			return one("")
		}
		return one(iam.Any)
	}
	var out []formed
	for _, v := range vals {
		if v.Dynamic {
			out = append(out, formed{res: iam.Any})
			continue
		}
		out = append(out, e.forms(fn, v.Value))
	}
	return out
}

// ecsRoles lists the roles the task definitions of the project name,
// whether the task names a definition by ARN (Ref) or by family.
func (e env) ecsRoles(vals []asl.Value) []formed {
	var out []formed
	for _, v := range vals {
		if v.Dynamic {
			continue
		}
		var roles []string
		if e.proj != nil {
			roles = e.proj.TaskRolesOf(v.Value)
		} else {
			roles = project.TaskRolesIn(e.taskRoles, v.Value)
		}
		for _, r := range roles {
			// ECS takes a role's name as well as its ARN.
			out = append(out, e.forms("iamrole", r))
		}
	}
	slices.SortFunc(out, func(a, b formed) int { return strings.Compare(a.res, b.res) })
	return slices.CompactFunc(out, func(a, b formed) bool { return a.res == b.res })
}

var (
	accountFunctionRE = regexp.MustCompile(`^[^:]+:function:`)
	sqsURLRE          = regexp.MustCompile(`^https://(?:sqs\.([^./]+)\.amazonaws\.com|([^./]+)\.queue\.amazonaws\.com)(?:\.[a-z]+)?/([^/]+)/([^/]+)$`)
	apiHostRE         = regexp.MustCompile(`^([^.]+)\.execute-api\.`)
	stateMachineRE    = regexp.MustCompile(`^(arn:[^:]+:states:[^:]+:[^:]+):stateMachine:([^:]+)$`)
	// A version or alias ARN is its state machine's ARN and a qualifier.
	qualifiedRE = regexp.MustCompile(`^(arn:[^:]+:states:[^:]+:[^:]+:stateMachine:[^:]+):([^:]+)$`)
	// Cross-Region inference profile IDs put a geography before the model ID.
	inferenceProfileRE = regexp.MustCompile(`^(us|us-gov|eu|apac|jp|au|ca|global)\.[a-z0-9-]+\.`)
)

func (e env) apply(fn, v string) string {
	switch fn {
	case "lambda":
		switch {
		case isARN(v):
			return v
		case submatch(accountFunctionRE, v) != nil:
			return "arn:" + e.partition + ":lambda:" + e.region + ":" + v
		}
		return "arn:" + e.partition + ":lambda:" + e.region + ":" + e.account + ":function:" + v
	case "sqs":
		if m := submatch(sqsURLRE, v); m != nil {
			region := m[1] + m[2]
			return "arn:" + e.partition + ":sqs:" + region + ":" + m[3] + ":" + m[4]
		}
		return iam.Any
	case "ecs":
		if !isARN(v) {
			v = "arn:" + e.partition + ":ecs:" + e.region + ":" + e.account + ":task-definition/" + v
		}
		if _, fam, ok := strings.Cut(v, "task-definition/"); ok && !strings.Contains(fam, ":") {
			// A family without revision runs its latest revision.
			v += ":" + iam.Wild
		}
		return v
	case "exec":
		return e.execution(v)
	case "sfn":
		// IAM authorizes a version or an alias by its state machine's ARN.
		if m := submatch(qualifiedRE, v); m != nil {
			return m[1]
		}
		return v
	case "qualifier":
		if m := submatch(qualifiedRE, v); m != nil {
			return m[2]
		}
		return iam.Any
	case "apiid":
		if m := submatch(apiHostRE, v); m != nil {
			return m[1]
		}
		return iam.Any
	case "path":
		return strings.TrimPrefix(v, "/")
	case "s3bucket", "tablename":
		// A bucket or table named by an ARN (an access point, another
		// account's table) is not mapped to the resource IAM checks.
		if formOf(v) == arnForm {
			return iam.Any
		}
		return v
	case "s3copysource":
		return e.copySource(v)
	case "secret":
		if isARN(v) {
			return v
		}
		// A secret's ARN ends with "-" and six characters Secrets Manager
		// adds to its name.
		return "arn:" + e.partition + ":secretsmanager:" + e.region + ":" + e.account + ":secret:" + v + "-" + iam.Wild
	case "ssmparam":
		return e.parameter(v)
	case "gluename":
		if strings.ToLower(v) != v {
			return iam.Any
		}
		return v
	case "prefix":
		// A key prefix that objects are written under, as a folder.
		return strings.TrimSuffix(v, "/") + "/"
	case "ecscluster":
		// Task ARNs name their cluster by its name.
		if _, name, ok := strings.Cut(v, ":cluster/"); ok {
			return name
		}
		if formOf(v) != nameForm {
			return iam.Any
		}
		return v
	case "bedrock":
		switch {
		case isARN(v):
			return v
		case inferenceProfileRE.MatchString(v):
			// A cross-Region inference profile: the request names the
			// profile, whose ARN has the account.
			return "arn:" + e.partition + ":bedrock:" + e.region + ":" + e.account + ":inference-profile/" + v
		}
		return "arn:" + e.partition + ":bedrock:" + e.region + "::foundation-model/" + v
	case "iamrole":
		if isARN(v) {
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

// execution turns a state machine ARN into the start of the ARNs of its
// executions, which Describe and Stop take and which end with the
// execution's name. An execution started through a version or an alias
// is an execution of the state machine.
func (e env) execution(arn string) string {
	arn = e.apply("sfn", arn)
	if m := submatch(stateMachineRE, arn); m != nil {
		return m[1] + ":execution:" + m[2] + ":"
	}
	return iam.Any
}

// copySource turns an S3 CopySource, "bucket/key" with an optional leading
// "/", into the object's ARN. A version, a URL-encoded key or an access
// point is not mapped.
func (e env) copySource(v string) string {
	v = strings.TrimPrefix(v, "/")
	if strings.ContainsAny(v, "?%") || strings.HasPrefix(v, "arn:") || !strings.Contains(v, "/") {
		return iam.Any
	}
	return "arn:" + e.partition + ":s3:::" + v
}

// parameter turns a Systems Manager parameter's name, with or without its
// leading "/", into its ARN. A name with a version or label selector
// (name:3) is not mapped.
func (e env) parameter(v string) string {
	if isARN(v) {
		return v
	}
	if masked, _ := iam.Mask(v); strings.Contains(masked, ":") {
		return iam.Any
	}
	return "arn:" + e.partition + ":ssm:" + e.region + ":" + e.account + ":parameter/" + strings.TrimPrefix(v, "/")
}

// profileRE matches the ARN of a cross-Region inference profile, with the
// model it routes to.
var profileRE = regexp.MustCompile(`^arn:([^:]+):bedrock:[^:]*:[^:]*:inference-profile/(?:us|us-gov|eu|apac|jp|au|ca|global)\.(.+)$`)

// profileModels adds, for each call through a cross-Region inference
// profile, the same action on the foundation model the profile routes to:
// Amazon Bedrock authorizes both, and the model in each Region the profile
// may send the request to, which the files do not say (the Bedrock user
// guide, "Prerequisites for inference profiles").
func profileModels(needs []Need) []Need {
	var out []Need
	for _, n := range needs {
		masked, unmask := iam.Mask(n.Resource)
		m := profileRE.FindStringSubmatch(masked)
		if m == nil || !strings.HasPrefix(n.Action, "bedrock:") {
			continue
		}
		model := n
		model.Resource = "arn:" + unmask(m[1]) + ":bedrock:" + iam.Wild + "::foundation-model/" + unmask(m[2])
		model.Alternatives = nil
		out = append(out, model)
	}
	return out
}

// manageConnections turns execute-api:Invoke into
// execute-api:ManageConnections for a call to a WebSocket API's
// @connections path (written, or formatted from the input), which API
// Gateway authorizes with that action.
func manageConnections(t *asl.Task, needs []Need) {
	if t.Args == nil {
		return
	}
	path := t.Args.Get("Path")
	if path == nil {
		path = t.Args.Get("Path.$")
	}
	if raw, ok := path.Str(); !ok || !strings.Contains(raw, "/@connections") {
		return
	}
	for i := range needs {
		if needs[i].Action == "execute-api:Invoke" {
			needs[i].Action = "execute-api:ManageConnections"
		}
	}
}
