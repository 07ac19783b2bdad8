package terraform

import (
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project/projecttest"
)

func TestStripKeys(t *testing.T) {
	for in, want := range map[string]string{
		"aws_iam_role.r":                           "aws_iam_role.r",
		"aws_iam_role.r[0]":                        "aws_iam_role.r",
		`module.m["a.b]"].aws_iam_role.r["x"].arn`: "module.m.aws_iam_role.r.arn",
		`aws_iam_role.r["q\"]"]`:                   "aws_iam_role.r",
	} {
		if got := stripKeys(in); got != want {
			t.Errorf("stripKeys(%q) = %q, want %q", in, got, want)
		}
	}
}

// planUpdate is a plan of changes to deployed resources: every value is
// known, so the machine is bound by its role's ARN, and the Region and
// account come from the ARNs.
const planUpdate = `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "mode": "managed", "type": "aws_sfn_state_machine", "name": "m",
     "values": {"arn": "arn:aws:states:us-east-2:444455556666:stateMachine:flow", "name": "flow", "type": "EXPRESS",
       "role_arn": "arn:aws:iam::444455556666:role/svc/flow-role",
       "definition": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}",
       "logging_configuration": [{"level": "ALL"}], "tracing_configuration": [{"enabled": false}]}},
    {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r",
     "values": {"arn": "arn:aws:iam::444455556666:role/svc/flow-role", "name": "flow-role",
       "assume_role_policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"states.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
       "inline_policy": [{"name": "own", "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}],
       "managed_policy_arns": ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", "arn:aws:iam::444455556666:policy/elsewhere"]}},
    {"address": "aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function", "name": "f", "values": {"function_name": "f"}}
  ]}},
  "configuration": {"root_module": {"resources": [
    {"address": "aws_lambda_function.f", "expressions": {"environment": [{"variables": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}}]}}
  ]}}
}`

func TestPlanKnownValues(t *testing.T) {
	p := tfLoad(t, map[string]string{"plan.json": planUpdate})
	tfNoProblems(t, p)
	m := projecttest.Machine(t, p, "m")
	if m.Role == nil {
		t.Fatalf("unbound: %s", m.Unbound)
	}
	if m.ARN != "arn:aws:states:us-east-2:444455556666:stateMachine:flow" || m.Region != "us-east-2" || m.Account != "444455556666" {
		t.Errorf("ARN %q, Region %q, Account %q", m.ARN, m.Region, m.Account)
	}
	if !m.Express || !m.Logging || m.Tracing || m.Path != "aws_sfn_state_machine.m" {
		t.Errorf("Express %v, Logging %v, Tracing %v, Path %q", m.Express, m.Logging, m.Tracing, m.Path)
	}
	// Offsets inside the escaped definition string land on its text.
	if got := projecttest.LineCol(p, "plan.json", m.Definition.Root.KeyNode("StartAt").Pos); got != "7:24" {
		t.Errorf("StartAt at %s, want 7:24", got)
	}
	if got := projecttest.LineCol(p, "plan.json", m.NameNode.Pos); got != "4:17" {
		t.Errorf("NameNode at %s, want 4:17", got)
	}
	r := m.Role
	var names []string
	for _, pol := range r.Policies {
		names = append(names, pol.Name)
	}
	if want := []string{"own", "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"}; !slices.Equal(names, want) {
		t.Errorf("policies %q, want %q", names, want)
	}
	if want := []string{"arn:aws:iam::444455556666:policy/elsewhere"}; !slices.Equal(r.Unknown, want) {
		t.Errorf("Unknown %q, want %q", r.Unknown, want)
	}
	if r.Trust == nil || r.Name != "flow-role" || r.Path != "aws_iam_role.r" {
		t.Errorf("Trust %v, Name %q, Path %q", r.Trust, r.Name, r.Path)
	}
	if want := []string{"aws_lambda_function.f"}; !slices.Equal(r.SharedWith, want) {
		t.Errorf("SharedWith %q, want %q", r.SharedWith, want)
	}
	if got := projecttest.LineCol(p, "plan.json", r.Policies[0].Statements[0].Resources[0].Node.Pos); got != "12:132" {
		t.Errorf("inline policy Resource at %s, want 12:132", got)
	}
}

// planCreate is a plan that creates everything: ARNs are known only after
// apply, so machines are bound through the configuration's references,
// here through a module output.
const planCreate = `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "mode": "managed", "type": "aws_sfn_state_machine", "name": "m",
     "values": {"name": "flow", "definition": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"}},
    {"address": "aws_sfn_state_machine.later[0]", "mode": "managed", "type": "aws_sfn_state_machine", "name": "later", "values": {}},
    {"address": "aws_sfn_state_machine.other", "mode": "managed", "type": "aws_sfn_state_machine", "name": "other",
     "values": {"role_arn": "arn:aws:iam::123456789012:role/outside", "definition": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"}}
  ], "child_modules": [{"address": "module.iam", "resources": [
    {"address": "module.iam.aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"name_prefix": "flow-"}},
    {"address": "module.iam.aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p", "values": {"name": "p"}},
    {"address": "module.iam.aws_iam_role_policy_attachment.a", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "a", "values": {}},
    {"address": "module.iam.aws_iam_role_policy.own", "mode": "managed", "type": "aws_iam_role_policy", "name": "own",
     "values": {"name": "own", "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]}"}}
  ]}]}},
  "resource_changes": [
    {"address": "aws_sfn_state_machine.later[0]", "change": {"actions": ["create"], "after_unknown": {"definition": true, "role_arn": true}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "expressions": {"role_arn": {"references": ["module.iam.role_arn", "module.iam"]}}},
    {"address": "aws_sfn_state_machine.later", "expressions": {"role_arn": {"references": ["module.iam.role_arn", "module.iam"]}}}
  ], "module_calls": {"iam": {"source": "./iam", "module": {
    "outputs": {"role_arn": {"expression": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}}},
    "resources": [
      {"address": "aws_iam_role_policy_attachment.a", "expressions": {"role": {"references": ["aws_iam_role.r.name", "aws_iam_role.r"]},
        "policy_arn": {"references": ["aws_iam_policy.p.arn", "aws_iam_policy.p"]}}},
      {"address": "aws_iam_role_policy.own", "expressions": {"role": {"references": ["aws_iam_role.r.id", "aws_iam_role.r"]}}}
    ]}}}}}
}`

func TestPlanReferences(t *testing.T) {
	p := tfLoad(t, map[string]string{"plan.json": planCreate})
	tfNoProblems(t, p)
	m := projecttest.Machine(t, p, "m")
	if m.Role == nil {
		t.Fatalf("unbound: %s", m.Unbound)
	}
	// No literal ARN: the deployment's Region and account stay symbols.
	if want := "arn:aws:states:" + iam.Region + ":" + iam.AccountID + ":stateMachine:flow"; m.ARN != want || m.Region != "" {
		t.Errorf("ARN %q, want %q; Region %q", m.ARN, want, m.Region)
	}
	r := m.Role
	if r.Path != "module.iam.aws_iam_role.r" || len(r.Policies) != 1 || r.Policies[0].Name != "own" {
		t.Errorf("role %q with %d policies", r.Path, len(r.Policies))
	}
	// The attached policy's document is known only after apply.
	if want := []string{"module.iam.aws_iam_policy.p"}; !slices.Equal(r.Unknown, want) {
		t.Errorf("Unknown %q, want %q", r.Unknown, want)
	}
	if l := projecttest.Machine(t, p, "later"); l.Role != nil || !strings.Contains(l.Unbound, "definition is known only after apply") {
		t.Errorf("later: role %v, Unbound %q", l.Role, l.Unbound)
	}
	if o := projecttest.Machine(t, p, "other"); o.Unbound != `its role "arn:aws:iam::123456789012:role/outside" is not defined in this plan` {
		t.Errorf("other: Unbound %q", o.Unbound)
	}
}

func TestPlanProblems(t *testing.T) {
	p := tfLoad(t, map[string]string{
		"new.json": `{"format_version": "2.0", "planned_values": {}}`,
		"bad.json": `{"format_version": "1.0", "planned_values": {"root_module": {"resources": [
 {"address": "aws_sfn_state_machine.m", "type": "aws_sfn_state_machine", "name": "m", "values": {"definition": "{\"StartAt\": }"}}]}}}`,
	})
	var got []string
	for _, pr := range p.Problems {
		got = append(got, pr.File.Path+":"+projecttest.LineCol(p, pr.File.Path, pr.Pos)+": "+pr.Msg)
	}
	want := []string{
		`bad.json:2:127: cannot parse definition: invalid character '}' looking for beginning of value`,
		`new.json:1:20: unsupported plan format_version "2.0": this reads versions 0.x and 1.x`,
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m := projecttest.Machine(t, p, "m"); m.Unbound != "its definition could not be read" {
		t.Errorf("Unbound %q", m.Unbound)
	}
}

// A managed_policy_arns list known only after apply may hold literal ARNs
// beside its references, which the configuration JSON does not record: the
// role's grants stay open rather than become definite gaps.
func TestPlanUnknownManagedPolicyList(t *testing.T) {
	p := tfLoad(t, map[string]string{"plan.json": `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "mode": "managed", "type": "aws_sfn_state_machine", "name": "m",
     "values": {"name": "flow", "definition": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"}},
    {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"name": "flow-role"}},
    {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
     "values": {"name": "p", "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]}"}}
  ]}},
  "configuration": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "expressions": {"role_arn": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}}},
    {"address": "aws_iam_role.r", "expressions": {"managed_policy_arns": {"references": ["aws_iam_policy.p.arn", "aws_iam_policy.p"]}}}
  ]}}
}`})
	tfNoProblems(t, p)
	r := projecttest.Machine(t, p, "m").Role
	if r == nil {
		t.Fatal("unbound")
	}
	if len(r.Policies) != 1 || r.Policies[0].Name != "p" {
		t.Errorf("%d policies", len(r.Policies))
	}
	if want := []string{"aws_iam_role.r.managed_policy_arns"}; !slices.Equal(r.Unknown, want) {
		t.Errorf("Unknown %q, want %q", r.Unknown, want)
	}
}

// Module outputs that refer to the next module's output twice over, forty
// deep, are followed once each rather than 2^40 times.
func TestPlanOutputChain(t *testing.T) {
	const depth = 40
	mod := `{"outputs": {"o": {"expression": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}}}}`
	for range depth {
		mod = `{"outputs": {"o": {"expression": {"references": ["module.n.o", "module.n", "module.n.o"]}}}, "module_calls": {"n": {"module": ` + mod + `}}}`
	}
	addr := "aws_iam_role.r"
	for range depth + 1 {
		addr = "module.n." + addr
	}
	plan := `{"format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "mode": "managed", "type": "aws_sfn_state_machine", "name": "m",
     "values": {"name": "flow", "definition": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"}},
    {"address": "` + addr + `", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"name": "flow-role"}}]}},
  "configuration": {"root_module": {
    "resources": [{"address": "aws_sfn_state_machine.m", "expressions": {"role_arn": {"references": ["module.n.o", "module.n"]}}}],
    "module_calls": {"n": {"module": ` + mod + `}}}}}`
	p := tfLoad(t, map[string]string{"plan.json": plan})
	tfNoProblems(t, p)
	if r := projecttest.Machine(t, p, "m").Role; r == nil || r.Path != addr {
		t.Errorf("role %v, want %s", r, addr)
	}
}

// TestPlanRoleUsers checks what counts as running with a state machine's
// role in a plan: an instance profile and a state machine whose definition
// is known only after apply; not the machine read with it, nor a key
// policy or Lambda permission that grants to the role as a principal.
func TestPlanRoleUsers(t *testing.T) {
	def := `"definition": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"`
	p := tfLoad(t, map[string]string{"plan.json": `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "mode": "managed", "type": "aws_sfn_state_machine", "name": "m", "values": {` + def + `}},
    {"address": "aws_sfn_state_machine.later", "mode": "managed", "type": "aws_sfn_state_machine", "name": "later", "values": {}},
    {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"name": "r"}},
    {"address": "aws_iam_instance_profile.ec2", "mode": "managed", "type": "aws_iam_instance_profile", "name": "ec2", "values": {}},
    {"address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "name": "k", "values": {}},
    {"address": "aws_lambda_permission.l", "mode": "managed", "type": "aws_lambda_permission", "name": "l", "values": {}}
  ]}},
  "resource_changes": [{"address": "aws_sfn_state_machine.later", "change": {"after_unknown": {"definition": true}}}],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "expressions": {"role_arn": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}}},
    {"address": "aws_sfn_state_machine.later", "expressions": {"role_arn": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}}},
    {"address": "aws_iam_instance_profile.ec2", "expressions": {"role": {"references": ["aws_iam_role.r.name", "aws_iam_role.r"]}}},
    {"address": "aws_kms_key.k", "expressions": {"policy": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}}},
    {"address": "aws_lambda_permission.l", "expressions": {"principal": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]}}}
  ]}}
}`})
	m := projecttest.Machine(t, p, "m")
	if m.Role == nil {
		t.Fatalf("unbound: %s", m.Unbound)
	}
	if want := []string{"aws_sfn_state_machine.later", "aws_iam_instance_profile.ec2"}; !slices.Equal(m.Role.SharedWith, want) {
		t.Errorf("SharedWith %q, want %q", m.Role.SharedWith, want)
	}
}

// planKeys is a plan of a new key and a machine encrypted with it: the
// key's ARN is known only after apply, so the machine's kms_key_id is
// found through its configuration, and the key policy set by an
// aws_kms_key_policy replaces the key's own.
const planKeys = `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "mode": "managed", "type": "aws_sfn_state_machine", "name": "m",
     "values": {"name": "flow", "role_arn": "arn:aws:iam::444455556666:role/flow-role",
       "definition": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}",
       "encryption_configuration": [{"type": "CUSTOMER_MANAGED_KMS_KEY"}]}},
    {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r",
     "values": {"name": "flow-role", "path": "/",
       "assume_role_policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"states.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}},
    {"address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "name": "k",
     "values": {"policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"}},
    {"address": "aws_kms_key_policy.k", "mode": "managed", "type": "aws_kms_key_policy", "name": "k",
     "values": {"policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:role/flow-role\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}"}}
  ]}},
  "configuration": {"root_module": {"resources": [
    {"address": "aws_sfn_state_machine.m", "expressions": {"role_arn": {"references": ["aws_iam_role.r.arn", "aws_iam_role.r"]},
      "encryption_configuration": [{"kms_key_id": {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]}}]}},
    {"address": "aws_kms_key_policy.k", "expressions": {"key_id": {"references": ["aws_kms_key.k.id", "aws_kms_key.k"]}}}
  ]}}
}`

func TestPlanKeyPolicies(t *testing.T) {
	p := tfLoad(t, map[string]string{"plan.json": planKeys})
	tfNoProblems(t, p)
	m := projecttest.Machine(t, p, "m")
	if m.Role == nil {
		t.Fatalf("unbound: %s", m.Unbound)
	}
	if want := "arn:aws:iam::444455556666:role/flow-role"; m.Role.ARN != want {
		t.Errorf("role ARN %q, want %q", m.Role.ARN, want)
	}
	key := "arn:aws:kms:" + iam.Region + ":" + iam.AccountID + ":key/" + iam.GenSym("aws_kms_key.k")
	if m.KMSKey != key {
		t.Errorf("KMSKey %q, want %q", iam.Display(m.KMSKey), iam.Display(key))
	}
	if len(m.ResourcePolicies) != 1 {
		t.Fatalf("%d resource policies, want 1", len(m.ResourcePolicies))
	}
	rp := m.ResourcePolicies[0]
	if rp.Resource != key || !rp.Required || rp.What != "aws_kms_key.k" || rp.Policy.Path != "aws_kms_key_policy.k.policy" {
		t.Errorf("resource policy %q, %v, %q, %q", iam.Display(rp.Resource), rp.Required, rp.What, rp.Policy.Path)
	}
}

// TestPlanHTTPAPIs checks that a plan's HTTP APIs are read by their IDs.
func TestPlanHTTPAPIs(t *testing.T) {
	p := tfLoad(t, map[string]string{"plan.json": `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_apigatewayv2_api.ledger", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "ledger",
     "values": {"id": "a1b2c3d4e5", "name": "ledger", "protocol_type": "HTTP"}},
    {"address": "aws_apigatewayv2_api.chat", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "chat",
     "values": {"id": "f6g7h8i9j0", "name": "chat", "protocol_type": "WEBSOCKET"}}
  ]}}
}`})
	tfNoProblems(t, p)
	if want := []string{"a1b2c3d4e5"}; !slices.Equal(p.HTTPAPIs, want) {
		t.Errorf("HTTPAPIs = %q, want %q", p.HTTPAPIs, want)
	}
}
