package sarif

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sfn-lint/sfn-lint/checker"
)

var update = flag.Bool("update", false, "rewrite golden files")

var testRules = []checker.RuleInfo{
	{
		Code: "SFN402", Slug: "sync-poll", Title: "SyncPoll",
		Summary:  "A Task waits for a job by polling in a loop",
		Doc:      "# SyncPoll\n\nUse the `.sync` integration instead of a [Wait loop](https://example.com/wait).\n\n```json\n{\"Type\": \"Wait\"}\n```\n",
		URL:      "https://sfn-lint.dev/rules/SFN402",
		Severity: checker.Warning,
	},
	{
		Code: "IAM101", Slug: "missing-permission", Title: "MissingPermission",
		Summary:  "The role lacks a permission a task needs",
		Doc:      "The execution role must allow every action the state machine calls.",
		Severity: checker.Error,
		Tags:     []string{"security", "iam", "security"},
	},
	{
		Code: "SFN001", Slug: "comment", Title: "Comment",
		Summary:  "The state machine has no Comment",
		Severity: checker.Note,
		Tags:     []string{"style"},
	},
}

var testDiags = []checker.Diagnostic{
	{
		Rule: "IAM101", Slug: "missing-permission", Severity: checker.Error,
		Span:    checker.Span{File: "machines/order.asl.json", Line: 12, Column: 5, EndLine: 12, EndColumn: 20},
		Message: "Task ChargeCard calls lambda:InvokeFunction, which the role does not allow.",
		Related: []checker.Related{
			{Span: checker.Span{File: "template.yaml", Line: 40, Column: 7, EndLine: 44, EndColumn: 3}, Message: "role policy"},
			{Span: checker.Span{File: "template.yaml", Line: 50}, Message: "statement [2]"},
		},
		Key: "States.ChargeCard",
	},
	{
		Rule: "SFN402", Slug: "sync-poll", Severity: checker.Warning,
		Span:    checker.Span{File: "machines/order.asl.json", Line: 30, Column: 0},
		Message: "Wait loop polls the job.",
		Fixes: []checker.Fix{{
			Message: "Use .sync",
			Edits: []checker.Edit{
				{Span: checker.Span{File: "machines/order.asl.json", Line: 31, Column: 20, EndLine: 31, EndColumn: 55}, NewText: "arn:aws:states:::batch:submitJob.sync"},
				{Span: checker.Span{File: "template.yaml", Line: 3, Column: 1, EndLine: 4, EndColumn: 1}},
				{Span: checker.Span{File: "machines/order.asl.json", Line: 35, Column: 5, EndLine: 40, EndColumn: 6}, NewText: `"End": true`},
			},
		}},
		Key: "States.PollJob",
	},
	{
		Rule: "SFN999", Slug: "mystery-rule", Severity: checker.Note,
		Span:    checker.Span{File: "machines/order.asl.json", Line: 1, Column: 1, EndLine: 1, EndColumn: 2},
		Message: "A rule the caller did not describe.",
	},
	{
		Rule: "SFN001", Slug: "comment", Severity: checker.Note,
		Span:    checker.Span{File: "machines/other dir/b.asl.json", Line: 1, Column: 1, EndLine: 1, EndColumn: 2},
		Message: "Add a Comment.",
		Key:     "Comment",
	},
}

var testOpts = Options{
	ToolName:       "sfn-lint",
	ToolVersion:    "v1.2.3",
	InformationURI: "https://sfn-lint.dev",
	Successful:     true,
	Notifications: []Notification{
		{Level: checker.Error, Message: "cannot read machines/broken.json: permission denied", File: "machines/broken.json"},
		{Level: checker.Warning, Message: "no state machines found under ./empty"},
	},
}

func write(t *testing.T, diags []checker.Diagnostic, rules []checker.RuleInfo, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, diags, rules, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, data)
	}
	return m
}

// get walks a decoded JSON value by object keys and array indexes.
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for i, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %v", path, path[:i])
			}
			if v, ok = m[k]; !ok {
				t.Fatalf("%v: no key %q", path, k)
			}
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("%v: no index %d at %v", path, k, path[:i])
			}
			v = a[k]
		}
	}
	return v
}

func expect(t *testing.T, root any, want any, path ...any) {
	t.Helper()
	got := get(t, root, path...)
	if n, ok := want.(int); ok {
		want = float64(n)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%v = %#v, want %#v", path, got, want)
	}
}

func TestWrite(t *testing.T) {
	out := write(t, testDiags, testRules, testOpts)
	if !bytes.HasSuffix(out, []byte("}\n")) {
		t.Error("output does not end with a newline")
	}
	if again := write(t, testDiags, testRules, testOpts); !bytes.Equal(out, again) {
		t.Error("output differs between two calls")
	}
	log := decode(t, out)

	expect(t, log, "2.1.0", "version")
	expect(t, log, SchemaURI, "$schema")
	if runs := get(t, log, "runs").([]any); len(runs) != 1 {
		t.Fatalf("%d runs, want 1", len(runs))
	}
	run := get(t, log, "runs", 0)
	expect(t, run, "unicodeCodePoints", "columnKind")
	expect(t, run, "sfn-lint/", "automationDetails", "id")
	expect(t, run, "sfn-lint", "tool", "driver", "name")
	expect(t, run, "v1.2.3", "tool", "driver", "version")
	expect(t, run, "1.2.3", "tool", "driver", "semanticVersion")
	expect(t, run, "https://sfn-lint.dev", "tool", "driver", "informationUri")

	// Rules: given order, then the missing one.
	rules := get(t, run, "tool", "driver", "rules").([]any)
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.(map[string]any)["id"].(string))
	}
	if want := []string{"SFN402", "IAM101", "SFN001", "SFN999"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("rule ids = %v, want %v", ids, want)
	}
	expect(t, rules[0], "SyncPoll", "name")
	expect(t, rules[0], "A Task waits for a job by polling in a loop", "shortDescription", "text")
	expect(t, rules[0], "A Task waits for a job by polling in a loop", "fullDescription", "text")
	expect(t, rules[0], testRules[0].Doc, "help", "markdown")
	expect(t, rules[0], "SyncPoll\n\nUse the .sync integration instead of a Wait loop (https://example.com/wait).\n\n{\"Type\": \"Wait\"}", "help", "text")
	expect(t, rules[0], "https://sfn-lint.dev/rules/SFN402", "helpUri")
	expect(t, rules[0], "warning", "defaultConfiguration", "level")
	expect(t, rules[0], "high", "properties", "precision")
	expect(t, rules[1], "error", "defaultConfiguration", "level")
	expect(t, rules[1], []any{"security", "iam"}, "properties", "tags")
	expect(t, rules[1], "7.5", "properties", "security-severity")
	if _, ok := rules[1].(map[string]any)["helpUri"]; ok {
		t.Error("empty URL emitted as helpUri")
	}
	expect(t, rules[2], "note", "defaultConfiguration", "level")
	expect(t, rules[2], []any{"style"}, "properties", "tags")
	if _, ok := get(t, rules[2], "properties").(map[string]any)["security-severity"]; ok {
		t.Error("security-severity on a rule not tagged security")
	}
	expect(t, rules[3], "MysteryRule", "name")
	expect(t, rules[3], "mystery-rule", "shortDescription", "text")
	expect(t, rules[3], "note", "defaultConfiguration", "level")

	results := get(t, run, "results").([]any)
	if len(results) != len(testDiags) {
		t.Fatalf("%d results, want %d", len(results), len(testDiags))
	}
	for i, want := range []struct {
		rule  string
		index int
		level string
	}{{"IAM101", 1, "error"}, {"SFN402", 0, "warning"}, {"SFN999", 3, "note"}, {"SFN001", 2, "note"}} {
		expect(t, results[i], want.rule, "ruleId")
		expect(t, results[i], want.index, "ruleIndex")
		expect(t, results[i], want.level, "level")
		if n := len(get(t, results[i], "locations").([]any)); n != 1 {
			t.Errorf("result %d has %d locations, want 1", i, n)
		}
		if _, ok := results[i].(map[string]any)["partialFingerprints"].(map[string]any)["primaryLocationLineHash"]; ok {
			t.Errorf("result %d has primaryLocationLineHash", i)
		}
	}

	// Result 0: region, related locations and the links GitHub needs.
	r0 := results[0]
	expect(t, r0, "Task ChargeCard calls lambda:InvokeFunction, which the role does not allow. See [role policy](1). See [statement \\[2\\]](2).", "message", "text")
	loc := get(t, r0, "locations", 0, "physicalLocation")
	expect(t, loc, "machines/order.asl.json", "artifactLocation", "uri")
	expect(t, loc, "%SRCROOT%", "artifactLocation", "uriBaseId")
	expect(t, loc, map[string]any{"startLine": 12.0, "startColumn": 5.0, "endLine": 12.0, "endColumn": 20.0}, "region")
	expect(t, r0, 1, "relatedLocations", 0, "id")
	expect(t, r0, "role policy", "relatedLocations", 0, "message", "text")
	expect(t, r0, "template.yaml", "relatedLocations", 0, "physicalLocation", "artifactLocation", "uri")
	expect(t, r0, map[string]any{"startLine": 40.0, "startColumn": 7.0, "endLine": 44.0, "endColumn": 3.0}, "relatedLocations", 0, "physicalLocation", "region")
	expect(t, r0, 2, "relatedLocations", 1, "id")
	expect(t, r0, map[string]any{"startLine": 50.0, "startColumn": 1.0, "endLine": 50.0, "endColumn": 1.0}, "relatedLocations", 1, "physicalLocation", "region")

	// Result 1: zero column clamped, fix edits grouped by file in edit order.
	r1 := results[1]
	expect(t, r1, "Wait loop polls the job.", "message", "text")
	expect(t, r1, map[string]any{"startLine": 30.0, "startColumn": 1.0, "endLine": 30.0, "endColumn": 1.0}, "locations", 0, "physicalLocation", "region")
	fix := get(t, r1, "fixes", 0)
	expect(t, fix, "Use .sync", "description", "text")
	changes := get(t, fix, "artifactChanges").([]any)
	if len(changes) != 2 {
		t.Fatalf("%d artifactChanges, want 2 (one per file)", len(changes))
	}
	expect(t, changes[0], "machines/order.asl.json", "artifactLocation", "uri")
	expect(t, changes[0], "arn:aws:states:::batch:submitJob.sync", "replacements", 0, "insertedContent", "text")
	expect(t, changes[0], map[string]any{"startLine": 31.0, "startColumn": 20.0, "endLine": 31.0, "endColumn": 55.0}, "replacements", 0, "deletedRegion")
	expect(t, changes[0], `"End": true`, "replacements", 1, "insertedContent", "text")
	expect(t, changes[1], "template.yaml", "artifactLocation", "uri")
	if _, ok := get(t, changes[1], "replacements", 0).(map[string]any)["insertedContent"]; ok {
		t.Error("a deletion has insertedContent")
	}

	// Result 3: paths are URI references.
	expect(t, results[3], "machines/other%20dir/b.asl.json", "locations", 0, "physicalLocation", "artifactLocation", "uri")

	// Fingerprints.
	fp := get(t, r0, "partialFingerprints", FingerprintKey).(string)
	if len(fp) != 32 || fp != Fingerprint(testDiags[0]) {
		t.Errorf("fingerprint %q, want the 32 hex digits of Fingerprint", fp)
	}
	moved := testDiags[0]
	moved.Line, moved.Message = 99, "other wording"
	if Fingerprint(moved) != fp {
		t.Error("fingerprint depends on the line or the message although Key is set")
	}
	other := testDiags[0]
	other.Key = "States.Refund"
	if Fingerprint(other) == fp {
		t.Error("different Keys give the same fingerprint")
	}
	noKey := testDiags[2]
	noKey.Message = "another message"
	if Fingerprint(noKey) == Fingerprint(testDiags[2]) {
		t.Error("without a Key the message does not feed the fingerprint")
	}

	// One invocation with the notifications.
	if n := len(get(t, run, "invocations").([]any)); n != 1 {
		t.Fatalf("%d invocations, want 1", n)
	}
	inv := get(t, run, "invocations", 0)
	expect(t, inv, true, "executionSuccessful")
	expect(t, inv, "error", "toolExecutionNotifications", 0, "level")
	expect(t, inv, "cannot read machines/broken.json: permission denied", "toolExecutionNotifications", 0, "message", "text")
	expect(t, inv, "machines/broken.json", "toolExecutionNotifications", 0, "locations", 0, "physicalLocation", "artifactLocation", "uri")
	expect(t, inv, "warning", "toolExecutionNotifications", 1, "level")
	if _, ok := get(t, inv, "toolExecutionNotifications", 1).(map[string]any)["locations"]; ok {
		t.Error("notification without a file has a location")
	}

	if bytes.Contains(out, []byte(`""`)) {
		t.Error("output contains an empty string")
	}
}

func TestWriteMinimal(t *testing.T) {
	// No version, no URI: neither may appear as an empty string.
	log := decode(t, write(t, nil, nil, Options{ToolName: "sfn-lint"}))
	driver := get(t, log, "runs", 0, "tool", "driver").(map[string]any)
	for _, k := range []string{"version", "semanticVersion", "informationUri"} {
		if _, ok := driver[k]; ok {
			t.Errorf("driver.%s emitted without a value", k)
		}
	}
	expect(t, log, []any{}, "runs", 0, "results")
	expect(t, log, false, "runs", 0, "invocations", 0, "executionSuccessful")

	// A non-semver version is kept, without semanticVersion.
	log = decode(t, write(t, nil, nil, Options{ToolName: "sfn-lint", ToolVersion: "devel"}))
	driver = get(t, log, "runs", 0, "tool", "driver").(map[string]any)
	if driver["version"] != "devel" || driver["semanticVersion"] != nil {
		t.Errorf("version %v, semanticVersion %v; want devel and none", driver["version"], driver["semanticVersion"])
	}
}

func TestRegion(t *testing.T) {
	for _, tc := range []struct {
		in   checker.Span
		want [4]int
	}{
		{checker.Span{}, [4]int{1, 1, 1, 1}},
		{checker.Span{Line: 3, Column: 4}, [4]int{3, 4, 3, 4}},
		{checker.Span{Line: 3, Column: 4, EndLine: 3, EndColumn: 2}, [4]int{3, 4, 3, 4}},
		{checker.Span{Line: 3, Column: 4, EndLine: 5, EndColumn: 2}, [4]int{3, 4, 5, 2}},
		{checker.Span{Line: 3, Column: 4, EndLine: 1, EndColumn: 9}, [4]int{3, 4, 3, 9}},
	} {
		r := region(tc.in)
		if got := [4]int{*r.StartLine, *r.StartColumn, *r.EndLine, *r.EndColumn}; got != tc.want {
			t.Errorf("region(%+v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestArtifact(t *testing.T) {
	for _, tc := range []struct{ in, uri, base string }{
		{"machines/a.json", "machines/a.json", "%SRCROOT%"},
		{"my dir/a#1.json", "my%20dir/a%231.json", "%SRCROOT%"},
		{"x:y/a.json", "./x:y/a.json", "%SRCROOT%"},
		{"/abs/a b.json", "file:///abs/a%20b.json", ""},
		{"C:/abs/a.json", "file:///C:/abs/a.json", ""},
	} {
		a := artifact(tc.in)
		base := ""
		if a.URIBaseId != nil {
			base = *a.URIBaseId
		}
		if *a.URI != tc.uri || base != tc.base {
			t.Errorf("artifact(%q) = %q base %q, want %q base %q", tc.in, *a.URI, base, tc.uri, tc.base)
		}
	}
}

func TestSchema(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "reference", "sarif-schema-2.1.0.json")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("SARIF schema not found at %s (it lives outside the repository): %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string][]byte{
		"full":  write(t, testDiags, testRules, testOpts),
		"empty": write(t, nil, nil, Options{ToolName: "sfn-lint"}),
	} {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s log does not validate: %v", name, err)
		}
	}

	// Guard against a vacuous check: a zero line must be rejected.
	bad := bytes.Replace(write(t, testDiags, testRules, testOpts), []byte(`"startLine": 12`), []byte(`"startLine": 0`), 1)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if schema.Validate(inst) == nil {
		t.Error("schema accepted startLine 0")
	}
}

func TestGolden(t *testing.T) {
	got := write(t, testDiags, testRules, testOpts)
	golden := filepath.Join("testdata", "basic.sarif")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update if the change is intended):\n%s", golden, diffLines(string(want), string(got)))
	}
}

// diffLines reports the first differing line, enough to see what changed.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, wl, gl)
		}
	}
	return ""
}
