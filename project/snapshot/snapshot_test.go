package snapshot

import (
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/projecttest"
	"github.com/sfn-lint/sfn-lint/project/standalone"
)

// loadFiles loads several in-memory files, in the order given.
func loadFiles(t *testing.T, files ...string) *project.Project {
	t.Helper()
	src := map[string]string{}
	var names []string
	for i := 0; i+1 < len(files); i += 2 {
		names = append(names, files[i])
		src[files[i]] = files[i+1]
	}
	return project.Load(names, func(name string) ([]byte, error) {
		s, ok := src[name]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return []byte(s), nil
	}, project.Options{Readers: []project.Reader{Reader{}, standalone.Reader{}}})
}

// text returns the bytes a node spans in its file.
func text(p *project.Project, file string, pos, end int) string {
	return string(p.File(file).Data[pos:end])
}

// snapshot writes a describe-state-machine output.
func snapshot(name, roleArn, definition, extra string) string {
	return fmt.Sprintf(`{
    "stateMachineArn": "arn:aws:states:eu-west-1:111122223333:stateMachine:%s",
    "name": %q,
    "definition": %q,
    "roleArn": %q%s
}
`, name, name, definition, roleArn, extra)
}

const lambdaDef = `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}}`

const statesTrust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`

func TestDecodeDocument(t *testing.T) {
	// %20 is a space and "+" stays itself (RFC 3986, as the AWS CLI decodes).
	doc := `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a+b/my key"}]}`
	enc := url.PathEscape(doc)
	if !strings.Contains(enc, "%20") || !strings.Contains(enc, "%22") || !strings.Contains(enc, "a+b") {
		t.Fatalf("test input not encoded: %s", enc)
	}
	n, err := decodeDocument(enc)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := n.Get("Statement").Items[0].Get("Resource").Str()
	if got != "arn:aws:s3:::a+b/my key" {
		t.Errorf("Resource = %q", got)
	}
	for _, bad := range []string{"%7B%ZZ", "%7B%22Statement%22", ""} {
		if _, err := decodeDocument(bad); err == nil {
			t.Errorf("decodeDocument(%q) succeeded", bad)
		}
	}
}

func TestSnapshotDocumentForms(t *testing.T) {
	inline := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}]}`
	encoded := url.PathEscape(inline)
	details := fmt.Sprintf(`{"RoleDetailList": [{
  "RoleName": "R", "Arn": "arn:aws:iam::111122223333:role/R",
  "AssumeRolePolicyDocument": %q,
  "RolePolicyList": [
    {"PolicyName": "encoded", "PolicyDocument": %q},
    {"PolicyName": "string", "PolicyDocument": %q},
    {"PolicyName": "object", "PolicyDocument": %s}]}]}
`, url.PathEscape(statesTrust), encoded, inline, inline)
	p := loadFiles(t, "acct.json", details, "m.json", snapshot("m", "arn:aws:iam::111122223333:role/R", lambdaDef, ""))
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	role := projecttest.Machine(t, p, "m").Role
	if role == nil {
		t.Fatalf("unbound: %s", projecttest.Machine(t, p, "m").Unbound)
	}
	// The URL-encoded trust policy is read, and points at its string.
	if role.Trust == nil || len(role.Trust.Statements) != 1 || role.Trust.Statements[0].Allows("Service", "states.amazonaws.com") != iam.Yes {
		t.Fatalf("trust: %+v", role.Trust)
	}
	if got := text(p, "acct.json", role.Trust.Node.Pos, role.Trust.Node.End); got != fmt.Sprintf("%q", url.PathEscape(statesTrust)) {
		t.Errorf("trust spans %s", got)
	}
	if len(role.SharedWith) != 0 {
		t.Errorf("SharedWith = %v", role.SharedWith)
	}
	if len(role.Policies) != 3 {
		t.Fatalf("%d policies", len(role.Policies))
	}
	tests := []struct {
		name      string
		resource  string // the text the Resource item spans
		generated bool
	}{
		// Positions cannot be mapped inside the encoding: the whole string,
		// and no edit may be suggested there.
		{"encoded", fmt.Sprintf("%q", encoded), true},
		// JSON in a string maps exactly, escapes included.
		{"string", `\"*\"`, false},
		{"object", `"*"`, false},
	}
	for i, tt := range tests {
		pol := role.Policies[i]
		if pol.Name != tt.name || pol.File != "acct.json" || pol.Generated != tt.generated {
			t.Errorf("policy %d: name %q file %q generated %v", i, pol.Name, pol.File, pol.Generated)
		}
		it := pol.Statements[0].Resources[0]
		if it.Value != "*" {
			t.Errorf("%s: Resource = %q", tt.name, it.Value)
		}
		if got := text(p, "acct.json", it.Node.Pos, it.Node.End); got != tt.resource {
			t.Errorf("%s: Resource spans %s, want %s", tt.name, got, tt.resource)
		}
	}
}

func TestSnapshotDocumentErrors(t *testing.T) {
	details := `{"RoleDetailList": [{
  "RoleName": "R", "Arn": "arn:aws:iam::111122223333:role/R",
  "AssumeRolePolicyDocument": "%7B%22Statement%22%3A",
  "RolePolicyList": [{"PolicyName": "broken", "PolicyDocument": "{\"Statement\": [}"}]}]}
`
	p := loadFiles(t, "acct.json", details, "m.json", snapshot("m", "arn:aws:iam::111122223333:role/R", lambdaDef, ""))
	var got []string
	for _, pr := range p.Problems {
		got = append(got, projecttest.LineCol(p, pr.File.Path, pr.Pos)+" "+pr.Msg)
	}
	want := []string{
		// At the string: the error is inside the encoding.
		"3:31 cannot read URL-encoded policy document: offset 13: unexpected end of JSON input",
		// Exactly: the document is plain JSON in the string.
		"4:83 cannot parse policy document: invalid character '}' looking for beginning of value",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSnapshotDefaultVersion(t *testing.T) {
	// The customer managed policies are in another file than the role.
	policies := `{"UserDetailList": [], "Policies": [
  {"PolicyName": "Flagged", "Arn": "arn:aws:iam::111122223333:policy/Flagged", "DefaultVersionId": "v2",
   "PolicyVersionList": [
     {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}},
     {"VersionId": "v2", "IsDefaultVersion": true, "Document": {"Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}]}}]},
  {"PolicyName": "ById", "Arn": "arn:aws:iam::111122223333:policy/ById", "DefaultVersionId": "v3",
   "PolicyVersionList": [
     {"VersionId": "v3", "Document": {"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}},
     {"VersionId": "v4", "Document": {"Statement": [{"Effect": "Allow", "Action": "sqs:DeleteMessage", "Resource": "*"}]}}]},
  {"PolicyName": "NoDocument", "Arn": "arn:aws:iam::111122223333:policy/NoDocument", "DefaultVersionId": "v1"}]}
`
	roles := `{"RoleDetailList": [{
  "RoleName": "R", "Arn": "arn:aws:iam::111122223333:role/R",
  "AttachedManagedPolicies": [
    {"PolicyName": "Flagged", "PolicyArn": "arn:aws:iam::111122223333:policy/Flagged"},
    {"PolicyName": "ById", "PolicyArn": "arn:aws:iam::111122223333:policy/ById"},
    {"PolicyName": "NoDocument", "PolicyArn": "arn:aws:iam::111122223333:policy/NoDocument"},
    {"PolicyName": "Elsewhere", "PolicyArn": "arn:aws:iam::111122223333:policy/Elsewhere"},
    {"PolicyName": "AWSLambdaRole", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"}],
  "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/ById"}}]}
`
	p := loadFiles(t, "policies.json", policies, "roles.json", roles, "m.json", snapshot("m", "arn:aws:iam::111122223333:role/R", lambdaDef, ""))
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	role := projecttest.Machine(t, p, "m").Role
	var got []string
	for _, pol := range role.Policies {
		s := pol.Statements[0]
		got = append(got, fmt.Sprintf("%s %s %s@%s generated=%v", pol.Name, s.Actions[0].Value, pol.File, projecttest.LineCol(p, pol.File, s.Node.Pos), pol.Generated))
	}
	want := []string{
		"Flagged lambda:InvokeFunction policies.json@5:79 generated=false",
		"ById sqs:SendMessage policies.json@8:53 generated=false",
		// An AWS managed policy from the data shipped here points at where
		// it is attached.
		"arn:aws:iam::aws:policy/service-role/AWSLambdaRole lambda:InvokeFunction roles.json@8:5 generated=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("policies:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if want := []string{"arn:aws:iam::111122223333:policy/NoDocument", "arn:aws:iam::111122223333:policy/Elsewhere"}; !slices.Equal(role.Unknown, want) {
		t.Errorf("Unknown = %q, want %q", role.Unknown, want)
	}
	// The boundary is read from Policies too, and is the same policy.
	if role.Boundary != role.Policies[1] || role.BoundaryUnknown != "" {
		t.Errorf("Boundary = %+v, BoundaryUnknown = %q", role.Boundary, role.BoundaryUnknown)
	}
}

func TestSnapshotBinding(t *testing.T) {
	details := fmt.Sprintf(`{"RoleDetailList": [
  {"RoleName": "Same", "Path": "/", "Arn": "arn:aws:iam::111122223333:role/Same", "AssumeRolePolicyDocument": %s},
  {"RoleName": "Same", "Path": "/team/", "Arn": "arn:aws:iam::111122223333:role/team/Same", "AssumeRolePolicyDocument": %s,
   "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/Guard"}},
  {"RoleName": "Twice", "Arn": "arn:aws:iam::111122223333:role/Twice"}]}
`, statesTrust, statesTrust)
	other := `{"RoleDetailList": [{"RoleName": "Twice", "Arn": "arn:aws:iam::111122223333:role/Twice"}]}`
	extra := `,
    "type": "EXPRESS",
    "loggingConfiguration": {"level": "ALL", "includeExecutionData": true},
    "tracingConfiguration": {"enabled": true},
    "encryptionConfiguration": {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}`
	p := loadFiles(t,
		"a.json", details, "b.json", other,
		"team.json", snapshot("team", "arn:aws:iam::111122223333:role/team/Same", lambdaDef, extra),
		"lost.json", snapshot("lost", "arn:aws:iam::444455556666:role/Same", lambdaDef, ""),
		"twice.json", snapshot("twice", "arn:aws:iam::111122223333:role/Twice", lambdaDef, ""),
		"meta.json", snapshot("meta", "arn:aws:iam::111122223333:role/Same", "{}", ""))
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	team := projecttest.Machine(t, p, "team")
	// Bound by the whole ARN, path included, not by the role's name.
	if team.Role == nil || team.Role.Node != p.File("a.json").Root.Get("RoleDetailList").Items[1] || team.Role.File != p.File("a.json") {
		t.Fatalf("team bound to %+v (%s)", team.Role, team.Unbound)
	}
	if team.Role.BoundaryUnknown != "arn:aws:iam::111122223333:policy/Guard" {
		t.Errorf("BoundaryUnknown = %q", team.Role.BoundaryUnknown)
	}
	if team.ARN != "arn:aws:states:eu-west-1:111122223333:stateMachine:team" || team.Region != "eu-west-1" || team.Account != "111122223333" {
		t.Errorf("ARN %q Region %q Account %q", team.ARN, team.Region, team.Account)
	}
	if !team.Express || !team.Logging || !team.Tracing || team.KMSKey != "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" {
		t.Errorf("Express %v Logging %v Tracing %v KMSKey %q", team.Express, team.Logging, team.Tracing, team.KMSKey)
	}
	if got := text(p, "team.json", team.EncryptionNode.Pos, team.EncryptionNode.End); got != `"encryptionConfiguration"` {
		t.Errorf("EncryptionNode spans %s", got)
	}
	if got := text(p, "team.json", team.NameNode.Pos, team.NameNode.End); got != `"name"` {
		t.Errorf("NameNode spans %s", got)
	}
	for name, why := range map[string]string{
		"lost":  "its role ARN is not in any account snapshot of this run",
		"twice": `its role "arn:aws:iam::111122223333:role/Twice" appears more than once in the account snapshots ("a.json", "b.json")`,
		"meta":  "its definition was not exported (describe-state-machine was run with --included-data METADATA_ONLY)",
	} {
		m := projecttest.Machine(t, p, name)
		if m.Role != nil || m.Unbound != why {
			t.Errorf("%s: role %v, Unbound %q, want %q", name, m.Role, m.Unbound, why)
		}
	}
}

func TestSnapshotQualifiedARN(t *testing.T) {
	// A version's ARN: the machine's own ARN is the unqualified one.
	src := strings.Replace(snapshot("v", "arn:aws-cn:iam::111122223333:role/R", lambdaDef, `,
    "encryptionConfiguration": {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": "alias/sfn"}`),
		"arn:aws:states:eu-west-1:111122223333:stateMachine:v", "arn:aws-cn:states:cn-north-1:111122223333:stateMachine:v:7", 1)
	p := loadFiles(t, "v.json", src)
	m := projecttest.Machine(t, p, "v")
	if m.ARN != "arn:aws-cn:states:cn-north-1:111122223333:stateMachine:v" || m.Region != "cn-north-1" {
		t.Errorf("ARN %q Region %q", m.ARN, m.Region)
	}
	// The key an alias points to is not known here.
	if m.KMSKey != iam.Any {
		t.Errorf("KMSKey = %q", m.KMSKey)
	}
	if got := project.KeyARN("1234", "aws-cn", "cn-north-1", "111122223333"); got != "arn:aws-cn:kms:cn-north-1:111122223333:key/1234" {
		t.Errorf("keyARN = %q", got)
	}
}

func TestSnapshotDefinitionPositions(t *testing.T) {
	def := "{\n  \"StartAt\": \"Run \\\"it\\\"\",\n  \"States\": {\n    \"Run \\\"it\\\"\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"arn:aws:states:::glue:startJobRun.sync\",\n      \"Parameters\": {\"JobName\": \"compact\"},\n      \"End\": true\n    }\n  }\n}"
	src := snapshot("m", "arn:aws:iam::111122223333:role/R", def, "")
	p := loadFiles(t, "m.json", src)
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	m := projecttest.Machine(t, p, "m")
	if m.Definition == nil || len(m.Definition.Tasks) != 1 {
		t.Fatalf("definition: %+v", m.Definition)
	}
	task := m.Definition.Tasks[0]
	if task.Name != `Run "it"` || task.Resource != "arn:aws:states:::glue:startJobRun.sync" {
		t.Errorf("task %q resource %q", task.Name, task.Resource)
	}
	// The definition string is on line 4; each escape is two bytes there.
	if got := text(p, "m.json", task.ResourceNode.Pos, task.ResourceNode.End); got != `\"arn:aws:states:::glue:startJobRun.sync\"` {
		t.Errorf("Resource spans %s", got)
	}
	if got := text(p, "m.json", task.NameNode.Pos, task.NameNode.End); got != `\"Run \\\"it\\\"\"` {
		t.Errorf("name spans %s", got)
	}
	if got := projecttest.LineCol(p, "m.json", task.ResourceNode.Pos); got != "4:150" {
		t.Errorf("Resource at %s", got)
	}
}

func TestSnapshotDefinitionError(t *testing.T) {
	src := snapshot("m", "arn:aws:iam::111122223333:role/R", `{"StartAt": "A", "States": {"A": {"Type": "Task",, }}}`, "")
	p := loadFiles(t, "m.json", src)
	if len(p.Problems) != 1 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	pr := p.Problems[0]
	// At the second comma, as written in the file.
	if got := projecttest.LineCol(p, "m.json", pr.Pos); got != "4:81" || !strings.HasPrefix(pr.Msg, "cannot parse definition: ") {
		t.Errorf("problem at %s: %s", got, pr.Msg)
	}
	if text(p, "m.json", pr.Pos, pr.Pos+1) != "," {
		t.Errorf("problem at %q", text(p, "m.json", pr.Pos, pr.Pos+4))
	}
	if m := projecttest.Machine(t, p, "m"); m.Definition != nil || m.Unbound != "its role ARN is not in any account snapshot of this run" {
		t.Errorf("definition %v, Unbound %q", m.Definition, m.Unbound)
	}
}

func TestSnapshotShared(t *testing.T) {
	// A principal allowed only to tag sessions does not act with the role.
	shared := `{"Statement": [{"Effect": "Allow", "Principal": {"Service": ["states.amazonaws.com", "lambda.amazonaws.com"], "AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"},
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Tagger"}, "Action": "sts:TagSession"}]}`
	details := fmt.Sprintf(`{
  "RoleDetailList": [
    {"RoleName": "A", "Arn": "arn:aws:iam::111122223333:role/A", "AssumeRolePolicyDocument": %s,
     "AttachedManagedPolicies": [{"PolicyName": "Mine", "PolicyArn": "arn:aws:iam::111122223333:policy/Mine"},
                                 {"PolicyName": "Ours", "PolicyArn": "arn:aws:iam::111122223333:policy/Ours"},
                                 {"PolicyName": "Counted", "PolicyArn": "arn:aws:iam::111122223333:policy/Counted"}]},
    {"RoleName": "B", "Arn": "arn:aws:iam::111122223333:role/B", "AssumeRolePolicyDocument": %s,
     "AttachedManagedPolicies": [{"PolicyName": "Ours", "PolicyArn": "arn:aws:iam::111122223333:policy/Ours"}]}],
  "GroupDetailList": [
    {"GroupName": "G", "Arn": "arn:aws:iam::111122223333:group/G",
     "AttachedManagedPolicies": [{"PolicyName": "Ours", "PolicyArn": "arn:aws:iam::111122223333:policy/Ours"}]}],
  "Policies": [
    {"PolicyName": "Mine", "Arn": "arn:aws:iam::111122223333:policy/Mine", "AttachmentCount": 1, "DefaultVersionId": "v1",
     "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": {"Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}}]},
    {"PolicyName": "Ours", "Arn": "arn:aws:iam::111122223333:policy/Ours", "DefaultVersionId": "v1",
     "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": {"Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}}]},
    {"PolicyName": "Counted", "Arn": "arn:aws:iam::111122223333:policy/Counted", "AttachmentCount": 2, "DefaultVersionId": "v1",
     "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": {"Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}}]}]}
`, shared, statesTrust)
	p := loadFiles(t, "acct.json", details,
		"a.json", snapshot("a", "arn:aws:iam::111122223333:role/A", lambdaDef, ""),
		"b.json", snapshot("b", "arn:aws:iam::111122223333:role/B", lambdaDef, ""))
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	a, b := projecttest.Machine(t, p, "a").Role, projecttest.Machine(t, p, "b").Role
	if want := []string{"lambda.amazonaws.com", "AWS arn:aws:iam::111122223333:root"}; !slices.Equal(a.SharedWith, want) {
		t.Errorf("SharedWith = %q, want %q", a.SharedWith, want)
	}
	if len(b.SharedWith) != 0 {
		t.Errorf("B SharedWith = %q", b.SharedWith)
	}
	// One policy for every role it is attached to.
	if a.Policies[1] != b.Policies[0] {
		t.Error("Ours is read twice")
	}
	// Mine serves role A only; Ours also serves group G; Counted is
	// attached to something the snapshot does not show.
	for i, want := range []bool{false, true, true} {
		if got := a.Policies[i].Generated; got != want {
			t.Errorf("%s: Generated = %v, want %v", a.Policies[i].Name, got, want)
		}
	}
}

func TestSnapshotMalformed(t *testing.T) {
	details := `{"RoleDetailList": {"RoleName": "R"},
 "Policies": [{"PolicyName": "P"}, "arn:aws:iam::111122223333:policy/P"]}
`
	roles := `{"RoleDetailList": [{"RoleName": "NoArn"},
 {"RoleName": "R", "Arn": "arn:aws:iam::111122223333:role/R", "RolePolicyList": {"PolicyName": "p"},
  "AttachedManagedPolicies": [{"PolicyName": "NoArn"}], "PermissionsBoundary": {"PermissionsBoundaryType": "Policy"},
  "AssumeRolePolicyDocument": 7}]}
`
	m := `{"stateMachineArn": "arn:aws:lambda:eu-west-1:111122223333:function:m", "definition": 12, "roleArn": "arn:aws:iam::111122223333:role/R"}`
	p := loadFiles(t, "a.json", details, "b.json", roles, "m.json", m)
	var got []string
	for _, pr := range p.Problems {
		got = append(got, pr.File.Path+":"+projecttest.LineCol(p, pr.File.Path, pr.Pos)+" "+pr.Msg)
	}
	want := []string{
		`a.json:1:20 "RoleDetailList" must be a list`,
		`a.json:2:15 a Policies entry must be an object with an "Arn"`,
		`a.json:2:36 a Policies entry must be an object with an "Arn"`,
		`b.json:1:21 a RoleDetailList entry must be an object with an "Arn"`,
		`b.json:2:81 "RolePolicyList" must be a list`,
		`b.json:3:31 an AttachedManagedPolicies entry must have a "PolicyArn"`,
		`b.json:3:80 PermissionsBoundary must have a "PermissionsBoundaryArn"`,
		`b.json:4:31 a policy document must be an object or a string`,
		`m.json:1:21 stateMachineArn must be a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)`,
		`m.json:1:87 definition must be a string holding the state machine's JSON`,
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Still a machine, with what could be read: unchecked, and saying why.
	mm := projecttest.Machine(t, p, "m.json")
	if mm.Role == nil || mm.Definition != nil || mm.Unbound != "its definition could not be read" || mm.ARN != iam.Sym("StateMachineArn") {
		t.Errorf("role %v definition %v Unbound %q ARN %q", mm.Role, mm.Definition, mm.Unbound, mm.ARN)
	}
}
