package node

import "testing"

func TestInlineAndShort(t *testing.T) {
	root, err := Parse([]byte(`short: !If [IsProd, arn:aws:s3:::prod-bucket-with-a-long-name, arn:aws:s3:::dev-bucket]
long:
  Fn::If: [IsProd, arn:aws:s3:::prod-bucket-with-a-long-name, arn:aws:s3:::dev-bucket]
split: !Select [5, !Split [':', !GetAtt SourceS3Bucket.Arn]]
join: {"Fn::Join": ["", ["a", {"Ref": "B"}, "c: d"]]}
plain: [1, "two", {k: v}]
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ key, inline, short string }{
		{"short", "Fn::If [IsProd, arn:aws:s3:::prod-bucket-with-a-long-name, arn:aws:s3:::dev-bucket]", "Fn::If [IsProd, …]"},
		{"long", "Fn::If [IsProd, arn:aws:s3:::prod-bucket-with-a-long-name, arn:aws:s3:::dev-bucket]", "Fn::If [IsProd, …]"},
		{"split", "Fn::Select [5, Fn::Split [':', Fn::GetAtt SourceS3Bucket.Arn]]", "Fn::Select [5, Fn::Split [':', …]]"},
		{"join", "Fn::Join ['', [a, Ref B, 'c: d']]", "Fn::Join ['', [a, Ref B, 'c: d']]"},
		{"plain", "[1, two, {k: v}]", "[1, two, {k: v}]"},
	} {
		n := root.Get(c.key)
		if got := Inline(n, 1000); got != c.inline {
			t.Errorf("Inline(%s) = %q, want %q", c.key, got, c.inline)
		}
		if got := Short(n, 60); got != c.short {
			t.Errorf("Short(%s) = %q, want %q", c.key, got, c.short)
		}
	}
	if got := Inline(root.Get("short"), 10); got != "Fn::If […" {
		t.Errorf("Inline past its limit = %q", got)
	}
}
