package serverless

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/internal/tsv"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project/cfn"
)

// generator derives the permissions the plugin grants for a definition.
// It follows the plugin's strategies as they read the definition, with
// their gaps: a task it does not recognise gets nothing. Where the plugin
// would fail on a task, or its output depends on what is not known here,
// the permission is taken as granted on "*".
//
// What it takes from the rest of the package: from the service, cfnSub,
// resolveDef and getAtt, and its template's partition, region, account and
// resolve; intrinsic and refTarget for reading intrinsic functions.
// What the plugin knows of each integration is data/serverless-plugin.tsv.
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
	if fn, _ := cfn.Intrinsic(rn); fn != "" {
		// Any intrinsic function is taken for a Lambda function.
		v := g.function(rn)
		g.add("lambda:InvokeFunction", v, v+":*")
		return
	}
	raw, ok := rn.Str()
	if !ok {
		return
	}
	if in := slsIntegrations[partitionRE.ReplaceAllString(raw, "arn:aws:")]; in != nil {
		g.integrate(in, st)
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

// function is the ARN the plugin grants a reference to a function on: a
// Ref to a function of the service is written out from the function's
// name; any other reference is what CloudFormation makes of it, with a
// function's key in Fn::GetAtt taken for the function's resource.
func (g *generator) function(n *node.Node) string {
	if arn, ok := g.s.localFunctionARN(n); ok {
		return g.s.cfnSub(arn)
	}
	if t := g.s.localGetAtt(n); t != nil {
		n = t
	}
	return g.value(n)
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
	partition, region, account := g.s.t.Env()
	return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + rest
}

func (g *generator) rule(name string) string { return g.arn("events", "rule/"+name) }

// jsText is a value as JavaScript writes it into a template string, which
// is how the plugin puts many parameters into ARNs.
func jsText(n *node.Node) string {
	if n == nil {
		return "undefined"
	}
	if fn, _ := cfn.Intrinsic(n); fn != "" {
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

//go:embed data/serverless-plugin.tsv
var slsPluginTSV string

// slsIntegrations are the integrations the plugin knows, by Resource with
// the partition written as "aws", as data/serverless-plugin.tsv lists them.
var slsIntegrations = mustReadSlsPlugin(slsPluginTSV)

// slsIntegration is what the plugin grants for a Task resource: grants the
// table fixes, or what a strategy derives from the state, run with the
// table's argument.
type slsIntegration struct {
	// grants have ${AWS::Partition}, ${AWS::Region} and ${AWS::AccountId}
	// in their resources for the template's.
	grants []grant
	run    func(g *generator, st *node.Node, arg string)
	arg    string
}

// slsStrategy is a strategy the table may name. arg says which arguments
// it takes; it is nil for a strategy that takes none.
type slsStrategy struct {
	run func(g *generator, st *node.Node, arg string)
	arg func(string) bool
}

// slsStrategies are the strategies of the table, by name.
var slsStrategies = map[string]slsStrategy{
	"sqs":                {run: stateOnly((*generator).sqs)},
	"sns":                {run: stateOnly((*generator).sns)},
	"dynamodb":           {(*generator).dynamodb, isAction},
	"dynamodbBatch":      {(*generator).dynamodbBatch, isAction},
	"redshiftData":       {(*generator).redshiftData, isAction},
	"lambda":             {run: stateOnly((*generator).lambda)},
	"startExecution":     {(*generator).startExecution, isAction},
	"codebuild":          {run: stateOnly((*generator).codebuild)},
	"sagemakerTransform": {run: stateOnly((*generator).sagemakerTransform)},
	"bedrock":            {run: stateOnly((*generator).bedrock)},
	"putEvents":          {run: stateOnly((*generator).putEvents)},
	"putTargets":         {run: stateOnly((*generator).putTargets)},
	"scheduler":          {(*generator).scheduler, isAction},
	"http":               {run: stateOnly((*generator).http)},
	"s3":                 {(*generator).s3, isAction},
	"athenaStart":        {(*generator).athenaStart, func(a string) bool { return a == "" || a == "sync" }},
}

// stateOnly makes a strategy that takes no argument one of the table's.
func stateOnly(h func(*generator, *node.Node)) func(*generator, *node.Node, string) {
	return func(g *generator, st *node.Node, _ string) { h(g, st) }
}

var (
	slsResourceRE = regexp.MustCompile(`^(aws-sdk:)?[a-z0-9-]+:[A-Za-z0-9]+(\.sync(:2)?|\.waitForTaskToken)?$`)
	actionRE      = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9*]+$`)
	placeholderRE = regexp.MustCompile(`\$\{[^}]*\}`)
)

func isAction(a string) bool { return actionRE.MatchString(a) }

func mustReadSlsPlugin(src string) map[string]*slsIntegration {
	m, err := readSlsPlugin(src)
	if err != nil {
		panic("project: data/serverless-plugin.tsv: " + err.Error())
	}
	return m
}

// readSlsPlugin reads the table of the plugin's integrations: after
// comments, a header, then rows of resources, strategy and argument.
func readSlsPlugin(src string) (map[string]*slsIntegration, error) {
	out := map[string]*slsIntegration{}
	for n, f := range tsv.Rows(src) {
		if len(f) != 2 && len(f) != 3 {
			return nil, fmt.Errorf("line %d: %d fields, want 2 or 3", n, len(f))
		}
		arg := ""
		if len(f) == 3 {
			arg = f[2]
		}
		in, err := readSlsRow(f[1], arg)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		for _, r := range strings.Split(f[0], ",") {
			key := "arn:aws:states:::" + r
			switch {
			case !slsResourceRE.MatchString(r):
				return nil, fmt.Errorf("line %d: %q is not a service's API", n, r)
			case out[key] != nil:
				return nil, fmt.Errorf("line %d: %q is listed twice", n, r)
			}
			out[key] = in
		}
	}
	return out, nil
}

// readSlsRow reads a row's strategy and argument.
func readSlsRow(strategy, arg string) (*slsIntegration, error) {
	if strategy != "grants" {
		s, ok := slsStrategies[strategy]
		switch {
		case !ok:
			return nil, fmt.Errorf("there is no strategy %q", strategy)
		case s.arg == nil && arg != "":
			return nil, fmt.Errorf("strategy %q takes no argument", strategy)
		case s.arg != nil && !s.arg(arg):
			return nil, fmt.Errorf("strategy %q does not take %q", strategy, arg)
		}
		return &slsIntegration{run: s.run, arg: arg}, nil
	}
	in := &slsIntegration{}
	for _, text := range strings.Split(arg, ";") {
		parts := strings.Fields(text)
		if len(parts) != 2 {
			return nil, fmt.Errorf("grant %q is not actions and resources", strings.TrimSpace(text))
		}
		gr := grant{strings.Split(parts[0], ","), strings.Split(parts[1], ",")}
		for _, a := range gr.actions {
			if !isAction(a) {
				return nil, fmt.Errorf("%q is not an action", a)
			}
		}
		for _, r := range gr.resources {
			if r != "*" && !strings.HasPrefix(r, "arn:") {
				return nil, fmt.Errorf("resource %q is neither \"*\" nor an ARN", r)
			}
			for _, ph := range placeholderRE.FindAllString(r, -1) {
				if ph != "${AWS::Partition}" && ph != "${AWS::Region}" && ph != "${AWS::AccountId}" {
					return nil, fmt.Errorf("resource %q has %s", r, ph)
				}
			}
		}
		in.grants = append(in.grants, gr)
	}
	return in, nil
}

// integrate adds what the plugin grants for a Task of an integration it
// knows.
func (g *generator) integrate(in *slsIntegration, st *node.Node) {
	if in.run != nil {
		in.run(g, st, in.arg)
		return
	}
	partition, region, account := g.s.t.Env()
	pseudo := strings.NewReplacer("${AWS::Partition}", partition, "${AWS::Region}", region, "${AWS::AccountId}", account)
	for _, gr := range in.grants {
		res := make([]string, len(gr.resources))
		for i, r := range gr.resources {
			res[i] = pseudo.Replace(r)
		}
		g.grants = append(g.grants, grant{gr.actions, res})
	}
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
	if target := cfn.RefTarget(n); target != "" {
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
	if target := cfn.RefTarget(n); target != "" {
		return g.s.getAtt(target, "Arn")
	}
	if fn, _ := cfn.Intrinsic(n); fn == "Fn::ImportValue" {
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
	switch f, _ := cfn.Intrinsic(fn); {
	case f == "Fn::GetAtt":
		v := g.function(fn)
		g.add(invoke, v, v+":*")
	case f == "Ref" && cfn.RefTarget(fn) != "":
		v := g.function(fn)
		if _, local := g.s.localFunctionARN(fn); !local {
			// The plugin takes what Ref gives for a function's name.
			v = g.arn("lambda", "function:"+v)
		}
		g.add(invoke, v, v+":*")
	default:
		g.add(invoke, g.value(fn))
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
	fn, arg := cfn.Intrinsic(n)
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
	v, ok := g.s.t.Resolve(&node.Node{Kind: node.Map, Keys: []*node.Node{k}, Values: []*node.Node{newArg}})
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
		partition, region, _ := g.s.t.Env()
		g.add("bedrock:InvokeModel", "arn:"+partition+":bedrock:"+region+"::foundation-model/"+g.s.cfnSub(id))
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
		if fn, _ := cfn.Intrinsic(bucketN); fn != "" {
			bucket = g.value(bucketN)
		}
	}
	s3arn := func(rest string) string {
		return "arn:" + g.s.t.Partition() + ":s3:::" + g.s.cfnSub(strings.ReplaceAll(rest, "${bucket}", bucket))
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
