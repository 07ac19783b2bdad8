package project

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

func TestManagedDataWellFormed(t *testing.T) {
	d := loadManaged()
	if len(d.Policies) < 1000 {
		t.Fatalf("%d managed policies: want every one", len(d.Policies))
	}
	if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(d.Snapshot.Date) || len(d.Snapshot.Commit) != 40 || d.Snapshot.License != "MIT" {
		t.Errorf("snapshot %+v: want its date, the dataset's commit and its licence", d.Snapshot)
	}
	version := regexp.MustCompile(`^v[0-9]+$`)
	for key, e := range d.Policies {
		// The key is what follows "policy/" in the ARN.
		if key == "" || strings.HasPrefix(key, "arn:") || strings.HasPrefix(key, "/") {
			t.Errorf("key %q: want the ARN path after policy/", key)
		}
		if !version.MatchString(e.Version) {
			t.Errorf("%s: version %q", key, e.Version)
		}
		doc, err := node.ParseJSON(e.Document)
		if err != nil {
			t.Errorf("%s: document: %v", key, err)
			continue
		}
		pol, probs := iam.ParsePolicy(doc, iam.PlainResolver)
		if len(probs) > 0 {
			t.Errorf("%s: %s", key, probs[0].Msg)
		}
		if len(pol.Statements) == 0 {
			t.Errorf("%s: no statements", key)
		}
	}
}

// The documents below are copied from the AWS Managed Policy Reference,
// so a slip in the data file shows here.
func TestManagedDataDocuments(t *testing.T) {
	d := loadManaged()
	for _, tc := range []struct {
		key, version, doc string
	}{
		{"service-role/AWSLambdaRole", "v1", `{
			"Version": "2012-10-17",
			"Statement": [{"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": ["*"]}]
		}`},
		{"AdministratorAccess", "v1", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`},
		{"AWSXrayWriteOnlyAccess", "v2", `{
			"Version": "2012-10-17",
			"Statement": [{"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords",
				"xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"], "Resource": ["*"]}]
		}`},
	} {
		e, ok := d.Policies[tc.key]
		if !ok {
			t.Errorf("%s missing", tc.key)
			continue
		}
		if e.Version != tc.version {
			t.Errorf("%s: version %s, want %s", tc.key, e.Version, tc.version)
		}
		var got, want any
		if err := json.Unmarshal(e.Document, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(tc.doc), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: document\n got %s\nwant %s", tc.key, e.Document, tc.doc)
		}
	}
}

// TestManagedPolicyLookup checks that a policy is found by ARN, by name
// alone and by name with its path, and that what is not an AWS managed
// policy is not.
func TestManagedPolicyLookup(t *testing.T) {
	f := &File{Path: "template.yaml"}
	for _, tt := range []struct {
		ref  string
		want bool
	}{
		{"arn:aws:iam::aws:policy/CloudWatchLogsFullAccess", true},
		{"arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", true},
		{"AWSLambdaBasicExecutionRole", true},
		{"service-role/AWSLambdaBasicExecutionRole", true},
		{"arn:aws:iam::123456789012:policy/CloudWatchLogsFullAccess", false},
		{"NoSuchPolicy", false},
		{iam.Sym("PolicyParam"), false},
	} {
		pol := ManagedPolicy(tt.ref, f, nil, "p")
		if (pol != nil) != tt.want {
			t.Errorf("ManagedPolicy(%s) = %v, want found %v", iam.Display(tt.ref), pol != nil, tt.want)
		}
		if pol != nil && (!pol.Generated || pol.File != "template.yaml") {
			t.Errorf("ManagedPolicy(%s): %+v", tt.ref, pol)
		}
	}
	if s := ManagedPoliciesSnapshot(); !strings.HasPrefix(s, "2026-08-22 (iann0036/iam-dataset 2073fa5, ") {
		t.Errorf("snapshot %q", s)
	}
}
