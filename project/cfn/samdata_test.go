package cfn

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"testing"
)

// samDataEntry is one entry of data/sam-policy-templates.json: a SAM policy
// Template with its statements already expanded, ${Param} standing for the
// value the user gives for Param.
type samDataEntry struct {
	Description string
	Parameters  []string
	Statements  []map[string]any
}

func readSamData(t *testing.T) (map[string]samDataEntry, []byte) {
	t.Helper()
	data, err := os.ReadFile("data/sam-policy-templates.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]samDataEntry
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	return m, data
}

var (
	samDataAction      = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9*?]+$`)
	samDataPlaceholder = regexp.MustCompile(`\$\{([^}]*)\}`)
	samDataPseudo      = map[string]bool{
		"AWS::Partition": true, "AWS::Region": true, "AWS::AccountId": true, "AWS::URLSuffix": true,
	}
)

// samDataStrings returns the non-empty strings of v (a string or a list of
// strings) and whether v had that shape.
func samDataStrings(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, v != ""
	case []any:
		var out []string
		for _, e := range v {
			s, ok := e.(string)
			if !ok || s == "" {
				return nil, false
			}
			out = append(out, s)
		}
		return out, len(out) > 0
	}
	return nil, false
}

// walkStrings calls f on every string in v, map keys included, since a
// Condition can hold placeholders on either side.
func walkStrings(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		f(v)
	case []any:
		for _, e := range v {
			walkStrings(e, f)
		}
	case map[string]any:
		for k, e := range v {
			f(k)
			walkStrings(e, f)
		}
	}
}

func TestSamDataWellFormed(t *testing.T) {
	m, _ := readSamData(t)
	for name, tpl := range m {
		if tpl.Description == "" {
			t.Errorf("%s: no description", name)
		}
		if len(tpl.Statements) == 0 {
			t.Errorf("%s: no statements", name)
		}
		used := map[string]bool{}
		for i, st := range tpl.Statements {
			if e := st["Effect"]; e != "Allow" && e != "Deny" {
				t.Errorf("%s[%d]: Effect %v", name, i, e)
			}
			actions, ok := samDataStrings(st["Action"])
			if !ok {
				t.Errorf("%s[%d]: Action %v is not a non-empty string or list of strings", name, i, st["Action"])
			}
			for _, a := range actions {
				if !samDataAction.MatchString(a) {
					t.Errorf("%s[%d]: action %q is not service:Action", name, i, a)
				}
			}
			if _, ok := samDataStrings(st["Resource"]); !ok {
				t.Errorf("%s[%d]: Resource %v is not a non-empty string or list of strings", name, i, st["Resource"])
			}
			for k := range st {
				if k != "Effect" && k != "Action" && k != "Resource" && k != "Condition" {
					t.Errorf("%s[%d]: unexpected key %q", name, i, k)
				}
			}
			walkStrings(st, func(s string) {
				for _, sm := range samDataPlaceholder.FindAllStringSubmatch(s, -1) {
					p := sm[1]
					switch {
					case samDataPseudo[p]:
					case slices.Contains(tpl.Parameters, p):
						used[p] = true
					default:
						t.Errorf("%s[%d]: ${%s} is neither a pseudo parameter nor a parameter of the template", name, i, p)
					}
				}
			})
		}
		for _, p := range tpl.Parameters {
			if !used[p] {
				t.Errorf("%s: parameter %q is never used", name, p)
			}
		}
	}
}

// The file is meant to be read and diffed by people: templates in sorted
// order, each once.
func TestSamDataSorted(t *testing.T) {
	_, data := readSamData(t)
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("first token %v, %v", tok, err)
	}
	var names []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.IsSorted(names) {
		t.Error("Template names are not in sorted order")
	}
	if len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Error("a Template name appears twice")
	}
}

// The templates state machines in real projects are given; a missing one
// would make a SAM role look emptier than it is.
func TestSamDataCoverage(t *testing.T) {
	m, _ := readSamData(t)
	for _, name := range []string{
		"AMIDescribePolicy", "AWSSecretsManagerGetSecretValuePolicy", "AthenaQueryPolicy",
		"CloudWatchDashboardPolicy", "CloudWatchDescribeAlarmHistoryPolicy", "CloudWatchPutMetricPolicy",
		"CodePipelineLambdaExecutionPolicy", "ComprehendBasicAccessPolicy",
		"DynamoDBBackupFullAccessPolicy", "DynamoDBCrudPolicy", "DynamoDBReadPolicy", "DynamoDBReconfigurePolicy",
		"DynamoDBRestoreFromBackupPolicy", "DynamoDBStreamReadPolicy", "DynamoDBWritePolicy",
		"EC2DescribePolicy", "EcsRunTaskPolicy", "ElasticsearchHttpPostPolicy", "EventBridgePutEventsPolicy",
		"FilterLogEventsPolicy", "KMSDecryptPolicy", "KMSEncryptPolicy", "KinesisCrudPolicy",
		"KinesisStreamReadPolicy", "LambdaInvokePolicy", "PollyFullAccessPolicy",
		"RekognitionDetectOnlyPolicy", "RekognitionLabelsPolicy", "RekognitionNoDataAccessPolicy",
		"RekognitionReadPolicy", "RekognitionWriteOnlyAccessPolicy", "S3CrudPolicy", "S3FullAccessPolicy",
		"S3ReadPolicy", "S3WritePolicy", "SESBulkTemplatedCrudPolicy", "SESCrudPolicy",
		"SESEmailTemplateCrudPolicy", "SESSendBouncePolicy", "SNSCrudPolicy", "SNSPublishMessagePolicy",
		"SQSPollerPolicy", "SQSSendMessagePolicy", "SSMParameterReadPolicy",
		"SSMParameterWithSlashPrefixReadPolicy", "StepFunctionsCallbackPolicy", "StepFunctionsExecutionPolicy",
		"TextractDetectAnalyzePolicy", "TextractGetResultPolicy", "TextractPolicy", "VPCAccessPolicy",
	} {
		if _, ok := m[name]; !ok {
			t.Errorf("%s missing", name)
		}
	}
}

// Expansions written out by hand from SAM's policy_templates.json, to catch
// a wrong placeholder or a lost action in the conversion.
func TestSamDataExpansions(t *testing.T) {
	m, _ := readSamData(t)
	want := map[string]struct {
		params     []string
		statements string
	}{
		"LambdaInvokePolicy": {[]string{"FunctionName"}, `[
			{"Effect": "Allow", "Action": ["lambda:InvokeFunction"],
			 "Resource": ["arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}*"]}]`},
		"DynamoDBWritePolicy": {[]string{"TableName"}, `[
			{"Effect": "Allow",
			 "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
			 "Resource": [
				"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}",
				"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/*"]}]`},
		"S3ReadPolicy": {[]string{"BucketName"}, `[
			{"Effect": "Allow",
			 "Action": ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
			            "s3:GetLifecycleConfiguration"],
			 "Resource": ["arn:${AWS::Partition}:s3:::${BucketName}", "arn:${AWS::Partition}:s3:::${BucketName}/*"]}]`},
		"StepFunctionsExecutionPolicy": {[]string{"StateMachineName"}, `[
			{"Effect": "Allow", "Action": ["states:StartExecution"],
			 "Resource": ["arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${StateMachineName}"]}]`},
	}
	for name, w := range want {
		got, ok := m[name]
		if !ok {
			t.Errorf("%s missing", name)
			continue
		}
		if !slices.Equal(got.Parameters, w.params) {
			t.Errorf("%s: parameters %q, want %q", name, got.Parameters, w.params)
		}
		var ws []map[string]any
		if err := json.Unmarshal([]byte(w.statements), &ws); err != nil {
			t.Fatalf("%s: bad expectation: %v", name, err)
		}
		if !reflect.DeepEqual(got.Statements, ws) {
			t.Errorf("%s: statements\n got %v\nwant %v", name, got.Statements, ws)
		}
	}
}
