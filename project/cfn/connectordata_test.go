package cfn

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// connData is data/sam-connectors.json: for a connector whose source is a
// state machine, the statements added to the machine's role, by destination
// type and then by permission (Read, Write).
type connData = map[string]map[string][]map[string]any

func readConnData(t *testing.T) (connData, []byte) {
	t.Helper()
	data, err := os.ReadFile("data/sam-connectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var m connData
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	return m, data
}

var (
	connDataAction      = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9*?]+$`)
	connDataPlaceholder = regexp.MustCompile(`\$\{([^}]*)\}`)
	connDataDest        = regexp.MustCompile(`^Destination\.[A-Za-z]+$`)
	connDataPseudo      = map[string]bool{"AWS::Partition": true, "AWS::Region": true, "AWS::AccountId": true}
)

// connDataList returns the strings of v when it is a non-empty list of
// non-empty strings (a bare string is not accepted: the loader expects lists).
func connDataList(v any) ([]string, bool) {
	l, ok := v.([]any)
	if !ok || len(l) == 0 {
		return nil, false
	}
	out := make([]string, 0, len(l))
	for _, e := range l {
		s, ok := e.(string)
		if !ok || s == "" {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func TestConnectorDataWellFormed(t *testing.T) {
	m, _ := readConnData(t)
	for dest, perms := range m {
		if len(perms) == 0 {
			t.Errorf("%s: no permissions", dest)
		}
		for perm, sts := range perms {
			if perm != "Read" && perm != "Write" {
				t.Errorf("%s: permission %q is neither Read nor Write", dest, perm)
			}
			if len(sts) == 0 {
				t.Errorf("%s/%s: no statements", dest, perm)
			}
			for i, st := range sts {
				actions, ok := connDataList(st["Action"])
				if !ok {
					t.Errorf("%s/%s[%d]: Action %v is not a non-empty list of strings", dest, perm, i, st["Action"])
				}
				for _, a := range actions {
					if !connDataAction.MatchString(a) {
						t.Errorf("%s/%s[%d]: action %q is not service:Action", dest, perm, i, a)
					}
				}
				if _, ok := connDataList(st["Resource"]); !ok {
					t.Errorf("%s/%s[%d]: Resource %v is not a non-empty list of strings", dest, perm, i, st["Resource"])
				}
				for k := range st {
					if k != "Action" && k != "Resource" && k != "Condition" {
						t.Errorf("%s/%s[%d]: unexpected key %q", dest, perm, i, k)
					}
				}
				walkStrings(st, func(s string) {
					// SAM writes its own variables as %{...}; all must be converted.
					if strings.Contains(s, "%{") {
						t.Errorf("%s/%s[%d]: unconverted variable in %q", dest, perm, i, s)
					}
					for _, sm := range connDataPlaceholder.FindAllStringSubmatch(s, -1) {
						if p := sm[1]; !connDataPseudo[p] && !connDataDest.MatchString(p) {
							t.Errorf("%s/%s[%d]: ${%s} is neither Destination.* nor a pseudo parameter", dest, perm, i, p)
						}
					}
				})
			}
		}
	}
}

// The file is read and diffed by people: keys sorted, two-space indent,
// which is exactly what MarshalIndent writes back.
func TestConnectorDataCanonical(t *testing.T) {
	m, data := readConnData(t)
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(append(out, '\n'), data) {
		t.Error("data/sam-connectors.json is not in canonical form (sorted keys, 2-space indent, final newline)")
	}
}

// Every destination SAM accepts for a state machine source. The serverless
// types are translated before connectors are resolved, so each must carry
// the same statements as the CloudFormation type it becomes.
func TestConnectorDataCoverage(t *testing.T) {
	m, _ := readConnData(t)
	want := []string{
		"AWS::DynamoDB::Table", "AWS::Events::EventBus", "AWS::Lambda::Function", "AWS::S3::Bucket",
		"AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::Serverless::Function", "AWS::Serverless::SimpleTable",
		"AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine",
	}
	if got := slices.Sorted(maps.Keys(m)); !slices.Equal(got, want) {
		t.Errorf("destinations\n got %q\nwant %q", got, want)
	}
	for sam, cfn := range map[string]string{
		"AWS::Serverless::Function":     "AWS::Lambda::Function",
		"AWS::Serverless::SimpleTable":  "AWS::DynamoDB::Table",
		"AWS::Serverless::StateMachine": "AWS::StepFunctions::StateMachine",
	} {
		if !reflect.DeepEqual(m[sam], m[cfn]) {
			t.Errorf("%s differs from %s", sam, cfn)
		}
	}
}

// Statements written out by hand from SAM's connector profile, to catch a
// lost action or a wrong placeholder in the conversion.
func TestConnectorDataStatements(t *testing.T) {
	m, _ := readConnData(t)
	execution := "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${Destination.Name}:*"
	rule := "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
	for _, c := range []struct {
		dest, perm, want string
	}{
		{"AWS::Lambda::Function", "Write", `[
			{"Action": ["lambda:InvokeAsync", "lambda:InvokeFunction"], "Resource": ["${Destination.Arn}"]}]`},
		// A state machine may only send to a queue, unlike a function.
		{"AWS::SQS::Queue", "Write", `[
			{"Action": ["sqs:SendMessage"], "Resource": ["${Destination.Arn}"]}]`},
		{"AWS::SQS::Queue", "Read", `null`},
		{"AWS::StepFunctions::StateMachine", "Read", `[
			{"Action": ["states:DescribeExecution"], "Resource": ["` + execution + `"]},
			{"Action": ["events:DescribeRule"], "Resource": ["` + rule + `"]}]`},
		{"AWS::StepFunctions::StateMachine", "Write", `[
			{"Action": ["states:StartExecution"], "Resource": ["${Destination.Arn}"]},
			{"Action": ["states:StopExecution"], "Resource": ["` + execution + `"]},
			{"Action": ["events:PutTargets", "events:PutRule"], "Resource": ["` + rule + `"]}]`},
	} {
		var want []map[string]any
		if err := json.Unmarshal([]byte(c.want), &want); err != nil {
			t.Fatalf("%s/%s: bad expectation: %v", c.dest, c.perm, err)
		}
		if got := m[c.dest][c.perm]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s/%s:\n got %v\nwant %v", c.dest, c.perm, got, want)
		}
	}
}
