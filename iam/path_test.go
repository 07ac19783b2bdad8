package iam

import "testing"

func TestPathIn(t *testing.T) {
	for s, want := range map[string]string{
		"arn:aws:glue:us-east-1:123456789012:job/$.JobName":   "$.JobName",
		"arn:aws:lambda:us-east-1:123456789012:function:$.fn": "$.fn",
		"$.FunctionArn": "$.FunctionArn",
		"arn:aws:s3:::bucket/$$.Execution.Name/*":                      "$$.Execution.Name",
		"arn:aws:s3:::bucket/$['prefix']/*":                            "$['prefix']",
		"arn:aws:sns:us-east-1:123456789012:{% $states.input.topic %}": "{% $states.input.topic %}",
		"arn:aws:s3:::b/States.Format('{}/x', $.k)":                    "States.Format('{}/x', $.k)",
		"arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST":     "",
		"arn:aws:s3:::bucket/${aws:username}/*":                        "",
		"arn:aws:glue:us-east-1:123456789012:job/reports-$.Suffix":     "$.Suffix",
		"arn:aws:s3:::bucket/$1.00/*":                                  "",
		"arn:aws:glue:" + Region + ":" + AccountID + ":job/$.name":     "$.name",
	} {
		if got := PathIn(s); got != want {
			t.Errorf("PathIn(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestMatchPath(t *testing.T) {
	for _, c := range []struct {
		pattern, value string
		want           Tri
	}{
		// A path names no real resource, not even one taken from the input.
		{"arn:aws:glue:us-east-1:123456789012:job/$.JobName", "arn:aws:glue:us-east-1:123456789012:job/" + Any, No},
		{"arn:aws:glue:us-east-1:123456789012:job/$.JobName", "arn:aws:glue:us-east-1:123456789012:job/etl", No},
		{"arn:aws:glue:" + Region + ":123456789012:job/$.JobName", "arn:aws:glue:us-east-1:123456789012:job/$.JobName", Maybe},
		{"arn:aws:glue:us-east-1:123456789012:job/$.JobName", "arn:aws:glue:us-east-1:123456789012:job/$.JobName", Yes},
		{"arn:aws:glue:us-east-1:123456789012:job/*", "arn:aws:glue:us-east-1:123456789012:job/$.JobName", Yes},
	} {
		if got := Match(c.pattern, c.value, false); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", Display(c.pattern), Display(c.value), got, c.want)
		}
	}
}
