package project

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// managedEntry is one AWS managed policy in data/aws-managed-policies.json.
type managedEntry struct {
	Version  string          `json:"version"`
	Source   string          `json:"source"`
	Document json.RawMessage `json:"document"`
}

func readManagedData(t *testing.T) ([]string, map[string]managedEntry) {
	t.Helper()
	b, err := managedFS.ReadFile("data/aws-managed-policies.json")
	if err != nil {
		t.Fatal(err)
	}
	var entries map[string]managedEntry
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&entries); err != nil {
		t.Fatal(err)
	}
	// The keys in file order: a map loses both order and duplicates.
	var keys []string
	dec = json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys, entries
}

func TestManagedDataWellFormed(t *testing.T) {
	keys, entries := readManagedData(t)
	if len(entries) == 0 {
		t.Fatal("no managed policies")
	}
	if len(keys) != len(entries) {
		t.Errorf("%d keys in the file, %d distinct", len(keys), len(entries))
	}
	if !slices.IsSorted(keys) {
		t.Errorf("keys not sorted: %q", keys)
	}
	version := regexp.MustCompile(`^v[0-9]+$`)
	for _, key := range keys {
		e := entries[key]
		// The key is what follows "policy/" in the ARN.
		if key == "" || strings.HasPrefix(key, "arn:") || strings.HasPrefix(key, "/") {
			t.Errorf("key %q: want the ARN path after policy/", key)
		}
		if !version.MatchString(e.Version) {
			t.Errorf("%s: version %q", key, e.Version)
		}
		if !strings.HasPrefix(e.Source, "https://docs.aws.amazon.com/") {
			t.Errorf("%s: source %q is not AWS documentation", key, e.Source)
		}
		var doc struct {
			Version   string
			Statement []map[string]any
		}
		if err := json.Unmarshal(e.Document, &doc); err != nil {
			t.Errorf("%s: document: %v", key, err)
			continue
		}
		if doc.Version != "2012-10-17" {
			t.Errorf("%s: policy language version %q", key, doc.Version)
		}
		if len(doc.Statement) == 0 {
			t.Errorf("%s: no statements", key)
		}
		for i, s := range doc.Statement {
			if eff := s["Effect"]; eff != "Allow" && eff != "Deny" {
				t.Errorf("%s: statement %d: Effect %v", key, i, eff)
			}
			if _, a := s["Action"]; !a {
				if _, na := s["NotAction"]; !na {
					t.Errorf("%s: statement %d has neither Action nor NotAction", key, i)
				}
			}
			if _, r := s["Resource"]; !r {
				if _, nr := s["NotResource"]; !nr {
					t.Errorf("%s: statement %d has neither Resource nor NotResource", key, i)
				}
			}
		}
	}
}

// The documents below are copied from the AWS Managed Policy Reference,
// so a slip in the data file shows here.
func TestManagedDataDocuments(t *testing.T) {
	_, entries := readManagedData(t)
	for _, tc := range []struct {
		key, version, doc string
	}{
		{"service-role/AWSLambdaRole", "v1", `{
			"Version": "2012-10-17",
			"Statement": [{"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": ["*"]}]
		}`},
		{"AmazonSNSFullAccess", "v2", `{
			"Version": "2012-10-17",
			"Statement": [
				{"Sid": "SNSFullAccess", "Effect": "Allow", "Action": "sns:*", "Resource": "*"},
				{
					"Sid": "SMSAccessViaSNS",
					"Effect": "Allow",
					"Action": [
						"sms-voice:DescribeVerifiedDestinationNumbers",
						"sms-voice:CreateVerifiedDestinationNumber",
						"sms-voice:SendDestinationNumberVerificationCode",
						"sms-voice:SendTextMessage",
						"sms-voice:DeleteVerifiedDestinationNumber",
						"sms-voice:VerifyDestinationNumber",
						"sms-voice:DescribeAccountAttributes",
						"sms-voice:DescribeSpendLimits",
						"sms-voice:DescribePhoneNumbers",
						"sms-voice:SetTextMessageSpendLimitOverride",
						"sms-voice:DescribeOptedOutNumbers",
						"sms-voice:DeleteOptedOutNumber"
					],
					"Resource": "*",
					"Condition": {"StringEquals": {"aws:CalledViaLast": "sns.amazonaws.com"}}
				}
			]
		}`},
	} {
		e, ok := entries[tc.key]
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
