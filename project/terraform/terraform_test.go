package terraform

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/projecttest"
	"github.com/sfn-lint/sfn-lint/project/standalone"
)

// readers are those a Terraform project needs.
var readers = []project.Reader{Reader{}, standalone.Reader{}}

// tfLoad loads files given by path and content, in path order.
func tfLoad(t *testing.T, files map[string]string) *project.Project {
	t.Helper()
	var paths []string
	for name := range files {
		paths = append(paths, name)
	}
	slices.Sort(paths)
	return project.Load(paths, func(name string) ([]byte, error) {
		src, ok := files[name]
		if !ok {
			return nil, os.ErrNotExist
		}
		return []byte(src), nil
	}, project.Options{Readers: readers})
}

func tfNoProblems(t *testing.T, p *project.Project) {
	t.Helper()
	for _, pr := range p.Problems {
		t.Errorf("problem in %s at %s: %s", pr.File.Path, projecttest.LineCol(p, pr.File.Path, pr.Pos), pr.Msg)
	}
}

const tfResources = `
variable "env" {
  default = "prod"
}
variable "region_name" {}
variable "compute" {
  default = "ecs"
}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
resource "aws_lambda_function" "fn" {
  count         = 2
  function_name = "fn-${var.env}"
}
resource "aws_lambda_alias" "live" {
  function_name = aws_lambda_function.fn.function_name
  name          = "live"
}
resource "aws_sqs_queue" "anon" {}
resource "aws_sns_topic" "t" {
  name = "topic"
}
resource "aws_dynamodb_table" "t" {
  name = local.table
}
resource "aws_ecs_task_definition" "t" {
  family = "fam"
}
resource "aws_ecs_cluster" "c" {
  name = "work"
}
resource "aws_iam_role" "r" {
  name = "svc-role"
  path = "/svc/"
}
resource "aws_s3_bucket" "b" {
  bucket = "bkt"
}
resource "aws_kms_key" "k" {}
resource "aws_sfn_state_machine" "self" {
  name = "self-${var.env}"
}
resource "aws_batch_job_queue" "q" {
  name = "jobs"
}
resource "aws_glue_job" "g" {
  name = "etl"
}
resource "aws_cloudwatch_event_bus" "bus" {
  name = "orders"
}
`

func TestTerraformEval(t *testing.T) {
	const region, account = "${AWS::Region}", "${AWS::AccountId}"
	tests := []struct{ expr, want string }{
		{`"plain"`, "plain"},
		{`42`, "42"},
		{`true`, "true"},
		{`"${var.env}-x"`, "prod-x"},
		{`var.region_name`, "${var.region_name}"},
		{`"a-${local.chain}"`, "a-prod-orders"},
		{`local.obj.k`, "v"},
		{`data.aws_region.current.name`, region},
		{`data.aws_caller_identity.current.account_id`, account},
		{`data.aws_partition.current.partition`, "aws"},
		{`path.module`, "."},
		{`aws_lambda_function.fn[0].arn`, "arn:aws:lambda:" + region + ":" + account + ":function:fn-prod"},
		{`aws_lambda_function.fn[count.index].function_name`, "fn-prod"},
		{`aws_lambda_alias.live.arn`, "arn:aws:lambda:" + region + ":" + account + ":function:fn-prod:live"},
		{`aws_sqs_queue.anon.url`, "https://sqs." + region + ".amazonaws.com/" + account + "/${aws_sqs_queue.anon}"},
		{`aws_sqs_queue.anon.arn`, "arn:aws:sqs:" + region + ":" + account + ":${aws_sqs_queue.anon}"},
		{`aws_sns_topic.t.arn`, "arn:aws:sns:" + region + ":" + account + ":topic"},
		{`aws_dynamodb_table.t.arn`, "arn:aws:dynamodb:" + region + ":" + account + ":table/orders"},
		{`aws_ecs_task_definition.t.arn`, "arn:aws:ecs:" + region + ":" + account + ":task-definition/fam:${aws_ecs_task_definition.t.revision}"},
		{`aws_ecs_cluster.c.arn`, "arn:aws:ecs:" + region + ":" + account + ":cluster/work"},
		{`aws_iam_role.r.arn`, "arn:aws:iam::" + account + ":role/svc/svc-role"},
		{`aws_iam_role.r.id`, "svc-role"},
		{`aws_s3_bucket.b.arn`, "arn:aws:s3:::bkt"},
		{`aws_s3_bucket.b.id`, "bkt"},
		{`aws_kms_key.k.arn`, "arn:aws:kms:" + region + ":" + account + ":key/${aws_kms_key.k}"},
		{`aws_sfn_state_machine.self.arn`, "arn:aws:states:" + region + ":" + account + ":stateMachine:self-prod"},
		{`aws_batch_job_queue.q.arn`, "arn:aws:batch:" + region + ":" + account + ":job-queue/jobs"},
		{`aws_glue_job.g.name`, "etl"},
		{`aws_cloudwatch_event_bus.bus.arn`, "arn:aws:events:" + region + ":" + account + ":event-bus/orders"},
		{`aws_foo.bar.baz`, "${aws_foo.bar.baz}"},
		{`module.net.role_arn`, "${module.net.role_arn}"},
		{`upper("a${var.env}")`, "APROD"},
		{`format("%s-%s", "a", var.env)`, "a-prod"},
		{`join("/", ["a", var.env])`, "a/prod"},
		{`md5("x")`, `${md5("x")}`},
		{`var.compute == "ecs" ? "yes" : "no"`, "yes"},
		{`var.region_name == "x" ? "yes" : "no"`, `${var.region_name == "x" ? "yes" : "no"}`},
		{`replace("a-${var.env}", "-", "_")`, "a_prod"},
		{`replace("a1b22", "/[0-9]+/", "#")`, "a#b#"},
		{`chomp(trimprefix("x-y\n", "x-"))`, "y"},
		{`"%{ for v in ["a", "b"] }${v}.%{ endfor }"`, "a.b."},
		{`"%{ if var.compute == "ecs" }on%{ else }off%{ endif }"`, "on"},
	}
	src := tfResources + "locals {\n  table = \"orders\"\n  chain = \"${var.env}-${local.table}\"\n  obj = { k = \"v\" }\n"
	for i, tt := range tests {
		src += fmt.Sprintf("  e%d = %s\n", i, tt.expr)
	}
	src += "}\n"
	p := tfLoad(t, map[string]string{"infra/main.tf": src})
	tfNoProblems(t, p)
	m := parseModule(p, "infra", p.Files)
	for i, tt := range tests {
		got, ok := m.str(m.locals[fmt.Sprintf("e%d", i)], 0)
		if !ok || iam.Display(got) != tt.want {
			t.Errorf("%s = %q, %v; want %q", tt.expr, iam.Display(got), ok, tt.want)
		}
	}
	// A name the provider generates is a generated symbol: it never equals
	// a name written out.
	q, _ := m.str(hexpr{f: p.Files[0], e: m.locals["e15"].e}, 0)
	if !strings.HasSuffix(q, iam.GenSym("aws_sqs_queue.anon")) {
		t.Errorf("queue ARN %q does not end with a generated name", q)
	}
}

const tfTrust = `
resource "aws_iam_role" "flow" {
  name = "flow"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
`

// TestTerraformDefinitionPositions checks that a definition written in each
// form points its task at the bytes of the file the task is written in.
func TestTerraformDefinitionPositions(t *testing.T) {
	machineWith := func(def string) string {
		return tfTrust + "resource \"aws_sfn_state_machine\" \"m\" {\n  role_arn = aws_iam_role.flow.arn\n  definition = " + def + "\n}\n"
	}
	tests := []struct {
		name  string
		files map[string]string
		file  string // where the task is
		at    string // line:col of the task's Resource
		res   string // the task's Resource, resolved
	}{
		{"heredoc", map[string]string{"main.tf": machineWith(`<<EOF
{
  "StartAt": "A",
  "TimeoutSeconds": ${var.timeout},
  "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}
  }
}
EOF`)}, "main.tf", "16:39", "arn:aws:states:::lambda:invoke"},
		{"jsonencode in a heredoc", map[string]string{"main.tf": machineWith(`<<EOF
{"StartAt": "A", "States": ${jsonencode({ A = { Type = "Task", Resource = "arn:aws:states:::sns:publish", End = true } })}}
EOF`)}, "main.tf", "12:30", "arn:aws:states:::sns:publish"},
		{"indented heredoc", map[string]string{"main.tf": machineWith(`<<-EOF
    {
      "StartAt": "A",
      "States": {
        "A": {"Type": "Task", "Resource": "${aws_sns_topic.t.arn}", "End": true}
      }
    }
  EOF`) + "resource \"aws_sns_topic\" \"t\" {}\n"}, "main.tf", "15:43", "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${aws_sns_topic.t}"},
		{"quoted string", map[string]string{"main.tf": machineWith(
			`"{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sqs:sendMessage\", \"End\": true}}}"`)},
			"main.tf", "11:93", "arn:aws:states:::sqs:sendMessage"},
		{"jsonencode", map[string]string{"main.tf": machineWith(`jsonencode({
    StartAt = "A"
    States = {
      A = { Type = "Task", Resource = "arn:aws:states:::sns:publish", End = true }
    }
  })`)}, "main.tf", "14:39", "arn:aws:states:::sns:publish"},
		{"jsonencode through a local", map[string]string{
			"main.tf": machineWith("jsonencode(local.def)"),
			"locals.tf": `locals {
  def = {
    StartAt = "A"
    States  = { A = local.task }
  }
  task = { Type = "Task", Resource = "arn:aws:states:::events:putEvents", End = true }
}
`}, "locals.tf", "6:38", "arn:aws:states:::events:putEvents"},
		{"templatefile", map[string]string{
			"main.tf": machineWith(`templatefile("${path.module}/flows/a.asl.json", { fn = aws_lambda_function.f.arn, wait = 5 })`) +
				"resource \"aws_lambda_function\" \"f\" {\n  function_name = \"work\"\n}\n",
			"flows/a.asl.json": `{
  "StartAt": "W",
  "States": {
    "W": {"Type": "Wait", "Seconds": ${wait}, "Next": "A"},
    "A": {"Type": "Task", "Resource": "${fn}", "End": true}
  }
}
`}, "flows/a.asl.json", "5:39", "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:work"},
		{"template_file data source", map[string]string{
			"main.tf": machineWith(`data.template_file.def.rendered`) + `
data "template_file" "def" {
  template = file("${path.module}/a.json")
  vars = {
    topic = "arn:aws:sns:us-east-1:111122223333:t"
  }
}
`,
			"a.json": `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
  "Parameters": {"TopicArn": "${topic}"}, "End": true}}}`}, "a.json", "1:63", "arn:aws:states:::sns:publish"},
		{"yamldecode", map[string]string{
			"main.tf":   machineWith(`jsonencode(yamldecode(file("${path.module}/flow.yaml")))`),
			"flow.yaml": "StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: arn:aws:states:::ecs:runTask\n    End: true\n",
		}, "flow.yaml", "5:15", "arn:aws:states:::ecs:runTask"},
		{"local_file data source", map[string]string{
			"main.tf": machineWith(`data.local_file.def.content`) + "data \"local_file\" \"def\" {\n  filename = \"${path.module}/d.json\"\n}\n",
			"d.json":  `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob", "End": true}}}`,
		}, "d.json", "1:63", "arn:aws:states:::batch:submitJob"},
		{"file", map[string]string{
			"main.tf":  machineWith(`file("def.json")`),
			"def.json": `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun", "End": true}}}`,
		}, "def.json", "1:63", "arn:aws:states:::glue:startJobRun"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tfLoad(t, tt.files)
			tfNoProblems(t, p)
			m := projecttest.Machine(t, p, "m")
			if m.Definition == nil || len(m.Definition.Tasks) != 1 {
				t.Fatalf("definition not read: %q", m.Unbound)
			}
			if m.Role == nil {
				t.Errorf("unbound: %s", m.Unbound)
			}
			if got := m.DefFile().Path; got != tt.file {
				t.Errorf("definition file %s, want %s", got, tt.file)
			}
			task := m.Definition.Tasks[0]
			if got := projecttest.LineCol(p, tt.file, task.ResourceNode.Pos); got != tt.at {
				t.Errorf("Resource at %s, want %s", got, tt.at)
			}
			if got := iam.Display(task.Resource); got != tt.res {
				t.Errorf("Resource = %q, want %q", got, tt.res)
			}
			// A definition read by a machine is not a standalone one too.
			if len(p.Machines) != 1 {
				t.Errorf("%d machines, want 1", len(p.Machines))
			}
		})
	}
}

func TestTerraformTemplateParameter(t *testing.T) {
	p := tfLoad(t, map[string]string{
		"main.tf": tfTrust + `
resource "aws_sfn_state_machine" "m" {
  role_arn   = aws_iam_role.flow.arn
  definition = templatefile("a.json", { topic = aws_sns_topic.t.arn })
}
resource "aws_sns_topic" "t" {
  name = "done"
}
`,
		"a.json": `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
  "Parameters": {"TopicArn": "${topic}", "Subject": "${missing}"}, "End": true}}}`})
	tfNoProblems(t, p)
	task := projecttest.Machine(t, p, "m").Definition.Tasks[0]
	for param, want := range map[string]string{
		"TopicArn": "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:done",
		"Subject":  "${missing}",
	} {
		vals := task.Param(param)
		if len(vals) != 1 || iam.Display(vals[0].Value) != want || vals[0].Dynamic {
			t.Errorf("%s = %+v, want %q", param, vals, want)
		}
	}
	if got := projecttest.LineCol(p, "a.json", task.Param("TopicArn")[0].Node.Pos); got != "2:30" {
		t.Errorf("TopicArn at %s, want 2:30", got)
	}
}

func TestTerraformDefinitionProblems(t *testing.T) {
	machineWith := func(def string) string {
		return tfTrust + "resource \"aws_sfn_state_machine\" \"m\" {\n  role_arn = aws_iam_role.flow.arn\n  definition = " + def + "\n}\n"
	}
	tests := []struct {
		name    string
		files   map[string]string
		problem string // file:line:col: message, or empty
		unbound string
	}{
		{"heredoc syntax error", map[string]string{"main.tf": machineWith(`<<EOF
{
  "StartAt": "A",
  "States": {"A": {"Type": "Pass", "End": true},}
}
EOF`)}, "main.tf:14:49: cannot parse definition: invalid character '}' looking for beginning of object key string",
			"its definition could not be read"},
		{"template syntax error", map[string]string{
			"main.tf": machineWith(`templatefile("a.json", {})`),
			"a.json":  "{\"StartAt\": \"A\",\n \"States\": {\"A\": {\"Type\": \"Pass\" \"End\": true}}}",
		}, "a.json:2:34: cannot parse definition: invalid character '\"' after object key:value pair",
			"its definition could not be read"},
		{"missing file", map[string]string{"main.tf": machineWith(`file("${path.module}/nope.json")`)},
			`main.tf:11:21: file(): "./nope.json" does not exist`, "its definition names a file that does not exist"},
		{"too many directives", map[string]string{
			"main.tf": machineWith(`templatefile("a.json", {})`),
			"a.json": `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}},
 "Comment": "%{ if a }a%{ endif }%{ if b }b%{ endif }%{ if c }c%{ endif }%{ if d }d%{ endif }%{ if e }e%{ endif }"}`,
		}, "", "its definition template uses more %{...} template directives whose outcome is not known than are followed here"},
		{"states from a variable", map[string]string{"main.tf": machineWith(`<<EOF
{"StartAt": "A", "States": ${var.states}}
EOF`)}, "", "its definition takes part of its structure from ${var.states}, which is not evaluated here"},
		{"variable", map[string]string{"main.tf": machineWith(`var.definition`)},
			"", "its definition comes from the variable var.definition"},
		{"unknown function", map[string]string{"main.tf": machineWith(`replace(md5(local.d), "x", "y")`)},
			"", "its definition is computed by md5(), which is not evaluated here"},
		{"unknown local", map[string]string{"main.tf": machineWith(`replace(local.d, "x", "y")`)},
			"", "its definition comes from local.d, which is not read here"},
		{"jsonencode of an unknown value", map[string]string{"main.tf": machineWith(`jsonencode(merge(local.a, var.b))`)},
			"", "its definition is computed by merge(), which is not evaluated here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tfLoad(t, tt.files)
			var got []string
			for _, pr := range p.Problems {
				got = append(got, fmt.Sprintf("%s:%s: %s", pr.File.Path, projecttest.LineCol(p, pr.File.Path, pr.Pos), pr.Msg))
			}
			var want []string
			if tt.problem != "" {
				want = []string{tt.problem}
			}
			if !slices.Equal(got, want) {
				t.Errorf("problems:\n got %q\nwant %q", got, want)
			}
			if m := projecttest.Machine(t, p, "m"); m.Unbound != tt.unbound {
				t.Errorf("unbound %q, want %q", m.Unbound, tt.unbound)
			}
		})
	}
}

func TestTerraformBinding(t *testing.T) {
	src := tfTrust + `
variable "role_arn" {}
variable "named_role_arn" {
  default = "arn:aws:iam::111122223333:role/flow"
}
data "aws_iam_role" "ext" {
  name = "ext"
}
data "aws_caller_identity" "current" {}
resource "aws_lambda_function" "f" {
  function_name = "f"
}
locals {
  role = aws_iam_role.flow.arn
}
`
	def := `jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })`
	tests := []struct{ roleArn, role, unbound string }{
		{"aws_iam_role.flow.arn", "flow", ""},
		{"local.role", "flow", ""},
		{`"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/flow"`, "flow", ""},
		{"var.named_role_arn", "flow", ""},
		{"var.role_arn", "", "its role ARN comes from the variable var.role_arn"},
		{"data.aws_iam_role.ext.arn", "", "its role is looked up with data.aws_iam_role.ext: a role defined outside this module"},
		{"module.iam.role_arn", "", "its role ARN comes from module.iam, whose resources are not read"},
		{"aws_iam_role.other.arn", "", "its role_arn names aws_iam_role.other, which is not in the .tf files read from its directory"},
		{"aws_lambda_function.f.arn", "", "its role_arn names aws_lambda_function.f, which is not an aws_iam_role"},
		{`"arn:aws:iam::111122223333:role/elsewhere"`, "", `its role "arn:aws:iam::111122223333:role/elsewhere" is not defined in this module`},
	}
	for _, tt := range tests {
		t.Run(tt.roleArn, func(t *testing.T) {
			p := tfLoad(t, map[string]string{"main.tf": src +
				"resource \"aws_sfn_state_machine\" \"m\" {\n  role_arn = " + tt.roleArn + "\n  definition = " + def + "\n}\n"})
			tfNoProblems(t, p)
			m := projecttest.Machine(t, p, "m")
			got := ""
			if m.Role != nil {
				got = m.Role.Name
			}
			if got != tt.role || m.Unbound != tt.unbound {
				t.Errorf("role %q, unbound %q; want %q, %q", got, m.Unbound, tt.role, tt.unbound)
			}
			if got := projecttest.LineCol(p, "main.tf", m.NameNode.Pos); got != "24:34" {
				t.Errorf("name at %s, want 24:34", got)
			}
		})
	}
}

func TestTerraformMachineSettings(t *testing.T) {
	p := tfLoad(t, map[string]string{"main.tf": tfTrust + `
resource "aws_kms_key" "k" {}
resource "aws_sfn_state_machine" "m" {
  name       = "m"
  role_arn   = aws_iam_role.flow.arn
  type       = "EXPRESS"
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })
  logging_configuration {
    level = "ALL"
  }
  tracing_configuration {
    enabled = true
  }
  encryption_configuration {
    type       = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id = aws_kms_key.k.arn
  }
}
resource "aws_sfn_state_machine" "quiet" {
  role_arn   = aws_iam_role.flow.arn
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })
  logging_configuration {
    level = "OFF"
  }
}
resource "aws_sfn_state_machine" "gone" {
  count      = 0
  role_arn   = aws_iam_role.flow.arn
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })
}
`})
	tfNoProblems(t, p)
	if len(p.Machines) != 2 {
		t.Fatalf("%d machines, want 2 (count = 0 creates none)", len(p.Machines))
	}
	m := projecttest.Machine(t, p, "m")
	if !m.Express || !m.Logging || !m.Tracing {
		t.Errorf("express %v, logging %v, tracing %v", m.Express, m.Logging, m.Tracing)
	}
	if want := "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${aws_kms_key.k}"; iam.Display(m.KMSKey) != want {
		t.Errorf("KMS key %q, want %q", iam.Display(m.KMSKey), want)
	}
	if want := "arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:m"; iam.Display(m.ARN) != want {
		t.Errorf("ARN %q, want %q", iam.Display(m.ARN), want)
	}
	for _, c := range []struct {
		n    *node.Node
		want string
	}{{m.LoggingNode, "16:3"}, {m.TracingNode, "19:3"}, {m.EncryptionNode, "22:3"}} {
		if got := projecttest.LineCol(p, "main.tf", c.n.Pos); got != c.want {
			t.Errorf("%s at %s, want %s", c.n.Value, got, c.want)
		}
	}
	q := projecttest.Machine(t, p, "quiet")
	if q.Logging || q.Tracing || q.Express || q.KMSKey != "" {
		t.Errorf("quiet: logging %v, tracing %v, express %v, key %q", q.Logging, q.Tracing, q.Express, q.KMSKey)
	}
	if !iam.IsGenerated(strings.TrimPrefix(q.ARN, "arn:aws:states:"+iam.Region+":"+iam.AccountID+":stateMachine:")) {
		t.Errorf("unnamed machine ARN %q should end with a generated name", iam.Display(q.ARN))
	}
}

func TestTerraformParseError(t *testing.T) {
	p := tfLoad(t, map[string]string{"main.tf": `resource "aws_sfn_state_machine" "m" {
  role_arn = aws_iam_role.r.arn
  definition = "x
}
`})
	if len(p.Problems) == 0 {
		t.Fatal("no problem reported")
	}
	pr := p.Problems[0]
	if got := projecttest.LineCol(p, "main.tf", pr.Pos); got != "3:18" || !strings.HasPrefix(pr.Msg, "cannot parse: Invalid multi-line string") {
		t.Errorf("problem at %s: %s", got, pr.Msg)
	}
}

func TestAlignLiteral(t *testing.T) {
	tests := []struct {
		src, val string
		quoted   bool
		want     []int
	}{
		{`a\"b`, `a"b`, true, []int{0, 1, 3}},
		{`x\ny`, "x\ny", true, []int{0, 1, 3}},
		{`$${v}`, `${v}`, true, []int{0, 2, 3, 4}},
		{`\u00e9!`, "é!", true, []int{0, 0, 6}},
		{"  a\n  b", "a\nb", false, []int{2, 3, 6}},
		{`%%{x`, `%{x`, false, []int{0, 2, 3}},
		// Text that cannot be aligned maps to the literal's start.
		{`abc`, `xyz`, false, []int{0, 0, 0}},
	}
	for _, tt := range tests {
		if got := alignLiteral([]byte(tt.src), tt.val, tt.quoted); !slices.Equal(got, tt.want) {
			t.Errorf("alignLiteral(%q, %q) = %v, want %v", tt.src, tt.val, got, tt.want)
		}
	}
}

// FuzzTerraform checks that no module, however malformed, makes the reader
// panic or report positions outside its files.
func FuzzTerraform(f *testing.F) {
	f.Add(tfTrust+`resource "aws_sfn_state_machine" "m" {
  role_arn = aws_iam_role.flow.arn
  definition = <<EOF
{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${aws_lambda_function.f.arn}", "End": ${local.x}}}}
EOF
}
locals {
  x = local.y
  y = "${local.x}${local.x}"
}`, `{"StartAt": "${a}", "States": {}}`)
	f.Add(`resource "aws_sfn_state_machine" "m" { definition = templatefile("t.json", local.v) }
locals { v = { a = local.v.a } }`, `%{ if true }{}%{ endif }`)
	f.Add(`data "aws_iam_policy_document" "d" {
  source_policy_documents = [data.aws_iam_policy_document.d.json]
  statement { principals { type = "*" } }
}
resource "aws_iam_role" "r" { assume_role_policy = data.aws_iam_policy_document.d.json }
resource "aws_sfn_state_machine" "m" { role_arn = "arn:aws:iam::1:role/${aws_iam_role.r.name}"
  definition = jsonencode(merge({ StartAt = "A" }, { States = concat([1], local.z) })) }`, "{}")
	f.Fuzz(func(t *testing.T, tf, tmpl string) {
		p := project.Load([]string{"main.tf", "t.json"}, func(name string) ([]byte, error) {
			if name == "main.tf" {
				return []byte(tf), nil
			}
			return []byte(tmpl), nil
		}, project.Options{Readers: readers})
		for _, pr := range p.Problems {
			if pr.Pos < 0 || pr.Pos > pr.End || pr.End > len(pr.File.Data) {
				t.Fatalf("problem %q spans [%d, %d) of %d bytes", pr.Msg, pr.Pos, pr.End, len(pr.File.Data))
			}
		}
		for _, m := range p.Machines {
			if m.Definition == nil {
				continue
			}
			size := len(m.DefFile().Data)
			node.Walk(m.Definition.Root, func(n *node.Node) bool {
				if n.Pos < 0 || n.Pos > n.End || n.End > size {
					t.Fatalf("node %q spans [%d, %d) of %d bytes", n.Value, n.Pos, n.End, size)
				}
				return true
			})
		}
	})
}

// TestTerraformRoleUsers checks what counts as running with a state
// machine's role: compute that assumes it, an instance profile, a state
// machine whose definition is not read, and a state machine that passes
// the role on in its definition; not the machine read with it, nor what
// grants to the role as a principal or only waits for it.
func TestTerraformRoleUsers(t *testing.T) {
	p := tfLoad(t, map[string]string{"main.tf": `
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "states.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}
resource "aws_sfn_state_machine" "m" {
  role_arn   = aws_iam_role.r.arn
  definition = jsonencode({StartAt = "A", States = {A = {Type = "Pass", End = true}}})
}
resource "aws_sfn_state_machine" "passes" {
  role_arn   = aws_iam_role.other.arn
  definition = jsonencode({StartAt = "A", States = {A = {Type = "Task", Resource = "arn:aws:states:::sagemaker:createTrainingJob.sync", Parameters = {RoleArn = aws_iam_role.r.arn}, End = true}}})
}
resource "aws_iam_role" "other" {
  assume_role_policy = jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "states.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}
resource "aws_sfn_state_machine" "unread" {
  role_arn   = aws_iam_role.r.arn
  definition = data.external.def.result
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = aws_iam_role.r.arn
}
resource "aws_iam_instance_profile" "ec2" {
  role = aws_iam_role.r.name
}
resource "aws_kms_key" "k" {
  policy = jsonencode({Statement = [{Effect = "Allow", Principal = {AWS = aws_iam_role.r.arn}, Action = "kms:Decrypt", Resource = "*"}]})
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"${aws_iam_role.r.arn}\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"
}
resource "aws_lambda_permission" "l" {
  action        = "lambda:InvokeFunction"
  function_name = "f"
  principal     = aws_iam_role.r.arn
}
resource "aws_lakeformation_permissions" "lf" {
  principal   = aws_iam_role.r.arn
  permissions = ["SELECT"]
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = jsonencode({Statement = [{Effect = "Allow", Action = "sns:Publish", Resource = "*"}]})
}
resource "time_sleep" "wait" {
  depends_on      = [aws_iam_role.r]
  create_duration = "10s"
}
`})
	m := projecttest.Machine(t, p, "m")
	if m.Role == nil {
		t.Fatalf("unbound: %s", m.Unbound)
	}
	want := []string{"aws_sfn_state_machine.passes", "aws_sfn_state_machine.unread", "aws_lambda_function.f", "aws_iam_instance_profile.ec2"}
	if !slices.Equal(m.Role.SharedWith, want) {
		t.Errorf("shared with %q, want %q", m.Role.SharedWith, want)
	}
	if other := projecttest.Machine(t, p, "passes").Role; len(other.SharedWith) != 0 {
		t.Errorf("other role shared with %q", other.SharedWith)
	}
}
