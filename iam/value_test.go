package iam

import (
	"strings"
	"testing"
)

func TestExprDisplay(t *testing.T) {
	a := Expr("Fn::If [IsProd, a, b]", "Fn::If [IsProd, a, b]")
	b := Expr("Fn::If [IsProd, a, b]", "Fn::If [IsProd, a, b]")
	c := Expr("Fn::If [IsProd, …]", "Fn::If [IsProd, a, c]")
	if a != b {
		t.Errorf("the same expression is two values: %q, %q", a, b)
	}
	if Match(a, c, false) == Yes {
		t.Errorf("two expressions written alike are the same value")
	}
	if got, want := Display("table/"+a), "table/${Fn::If [IsProd, a, b]}"; got != want {
		t.Errorf("Display = %q, want %q", got, want)
	}
	name, _ := IsSym(a)
	if !IsExpr(name) || IsExpr("Table") {
		t.Errorf("IsExpr tells expressions and names apart wrongly")
	}
	long := Expr("templatefile(\"policy.json\", {\n  a = 1\n  b = 2\n})"+strings.Repeat(" x", 40), "k")
	if got := Display(long); strings.Contains(got, "\n") || len([]rune(got)) > MaxBrief+3 {
		t.Errorf("Display of a long expression = %q", got)
	}
}

func TestBrief(t *testing.T) {
	for in, want := range map[string]string{
		"a  b\n c":                 "a b c",
		strings.Repeat("x", 60):    strings.Repeat("x", 60),
		strings.Repeat("x", 61):    strings.Repeat("x", 59) + "…",
		strings.Repeat("ab, ", 20): strings.TrimSuffix(strings.Repeat("ab, ", 15), ", ") + "…",
	} {
		if got := Brief(in); got != want {
			t.Errorf("Brief(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMayHold(t *testing.T) {
	for _, c := range []struct {
		s, text string
		want    bool
	}{
		{"arn:" + Partition + ":s3:::", ":", false},
		{"arn:" + Partition + ":s3:::" + GenSym("Data"), ":", false},
		{GenSym("Data"), "-", true},
		{"arn:" + Partition + ":s3:::" + Sym("Prefix") + "-data", ":", true},
		{Region + "/" + AccountID, "/", false},
		{"no symbols", ":", false},
	} {
		if got := MayHold(c.s, c.text); got != c.want {
			t.Errorf("MayHold(%q, %q) = %v, want %v", Display(c.s), c.text, got, c.want)
		}
	}
}
