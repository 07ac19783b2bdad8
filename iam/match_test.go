package iam

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	fn := Sym("Fn")
	tests := []struct {
		pattern, value string
		fold           bool
		want           Tri
	}{
		{"*", "anything", false, Yes},
		{"*", Sym("X"), false, Yes},
		{"lambda:InvokeFunction", "lambda:invokefunction", true, Yes},
		{"lambda:InvokeFunction", "lambda:invokefunction", false, No},
		{"lambda:*", "lambda:InvokeFunction", true, Yes},
		{"lambda:Invoke*", "lambda:GetFunction", true, No},
		{"s3:?etObject", "s3:GetObject", true, Yes},
		{"arn:aws:lambda:*:*:function:f", "arn:aws:lambda:" + Region + ":" + AccountID + ":function:f", false, Yes},
		{"arn:aws:lambda:us-east-1:1:function:f", "arn:aws:lambda:" + Region + ":1:function:f", false, Maybe},
		{"arn:aws:lambda:us-east-1:1:function:f", "arn:aws:lambda:" + Region + ":1:function:g", false, No},
		{fn, fn, false, Yes},
		{fn, Sym("Other"), false, Maybe},
		{fn, "arn:aws:lambda:x", false, Maybe},
		{fn + ":*", fn, false, No},
		{fn + ":*", fn + ":live", false, Yes},
		{"arn:" + Partition + ":sns:" + Region + ":" + AccountID + ":topic", "arn:" + Partition + ":sns:" + Region + ":" + AccountID + ":topic", false, Yes},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false, No},
		{"arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/" + Sym("K"), false, Maybe},
		// A Region or an account never spans an ARN's segments.
		{"arn:aws:states:*:" + AccountID + ":stateMachine:daily-*", "arn:aws:states:" + Region + ":" + AccountID + ":stateMachine:nightly", false, No},
		{"arn:aws:states:*:1:stateMachine:daily-*", "arn:aws:states:" + Region + ":" + AccountID + ":stateMachine:daily-x", false, Maybe},
		{"arn:aws:states:*:1:stateMachine:daily-*", "arn:aws:states:" + Region + ":" + AccountID + ":stateMachine:nightly", false, No},
		{"arn:aws:states:" + Region + ":*", "arn:aws:states:us-east-1:1:stateMachine:x", false, Maybe},
		{"arn:aws:states:" + Region + ":1:x", "arn:aws:states:us-east-1:1:x", false, Maybe},
		{"arn:aws:states:" + Region + "x", "arn:aws:states:us:east", false, No},
		{"arn:aws:states:" + Sym("P") + "x", "arn:aws:states:us:east:x", false, Maybe},
		// Text made at run time takes every value: only a wildcard, or a
		// value unknown here, covers it.
		{"arn:aws:states:us-east-1:1:execution:child:*", "arn:aws:states:us-east-1:1:execution:child:" + RunTime, false, Yes},
		{"arn:aws:states:us-east-1:1:execution:*", "arn:aws:states:us-east-1:1:execution:child:" + RunTime, false, Yes},
		{"arn:aws:states:us-east-1:1:execution:child:fixed", "arn:aws:states:us-east-1:1:execution:child:" + RunTime, false, No},
		{"arn:aws:states:us-east-1:1:execution:child:fixed-*", "arn:aws:states:us-east-1:1:execution:child:" + RunTime, false, No},
		{"arn:aws:states:us-east-1:1:execution:child:?*", "arn:aws:states:us-east-1:1:execution:child:" + RunTime, false, No},
		{"arn:aws:states:us-east-1:1:execution:other:*", "arn:aws:states:us-east-1:1:execution:child:" + RunTime, false, No},
		{"arn:aws:s3:::out/other/*", "arn:aws:s3:::out/results/" + RunTime, false, No},
		{"arn:aws:s3:::out/results/*", "arn:aws:s3:::out/results/" + RunTime, false, Yes},
		{"arn:aws:s3:::out/*/x", "arn:aws:s3:::out/results/" + RunTime, false, No},
		{"arn:aws:states:*:*:execution:child:" + Sym("Name"), "arn:aws:states:" + Region + ":1:execution:child:" + RunTime, false, Maybe},
		{"arn:aws:states:*:*:execution:child:" + AccountID, "arn:aws:states:" + Region + ":1:execution:child:" + RunTime, false, No},
		{"arn:aws:states:us-east-1:1:execution:child:*", "arn:aws:states:" + Region + ":1:execution:child:" + RunTime, false, Maybe},
		{"arn:aws:states:us-east-1:1:execution:child:x", "arn:aws:states:" + Region + ":1:execution:child:" + RunTime, false, No},
		// A value the files do not show may still be the one granted.
		{"arn:aws:states:us-east-1:1:execution:child:x", "arn:aws:states:us-east-1:1:execution:child:" + Wild, false, Maybe},
		{"arn:aws:states:us-east-1:1:execution:other:*", "arn:aws:states:us-east-1:1:execution:child:" + Wild, false, No},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.value, tt.fold); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", Display(tt.pattern), Display(tt.value), got, tt.want)
		}
	}
}

func TestSubstituteDisplay(t *testing.T) {
	got := Substitute("arn:${AWS::Partition}:x:${Name}:${!Lit}", func(n string) (string, bool) {
		if n == "Name" {
			return "n1", true
		}
		return "", false
	})
	if want := "arn:" + Partition + ":x:n1:${Lit}"; got != want {
		t.Fatalf("Substitute = %q, want %q", got, want)
	}
	if d := Display(got); d != "arn:${AWS::Partition}:x:n1:${Lit}" {
		t.Fatalf("Display = %q", d)
	}
}

func TestGeneratedNames(t *testing.T) {
	gen := "arn:aws:dynamodb:us-east-1:1:table/" + GenSym("Thumbnails")
	tests := []struct {
		pattern string
		want    Tri
	}{
		{"arn:aws:dynamodb:us-east-1:1:table/images", No},
		{"arn:aws:dynamodb:us-east-1:1:table/*", Yes},
		{"arn:aws:dynamodb:us-east-1:1:table/" + GenSym("Thumbnails"), Yes},
		{"arn:aws:dynamodb:us-east-1:1:table/" + GenSym("Images"), No},
		{"arn:aws:dynamodb:us-east-1:1:table/mystack-*", Maybe},
		{"arn:aws:dynamodb:us-east-1:1:table/" + Sym("TableParam"), Maybe},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, gen, false); got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", Display(tt.pattern), got, tt.want)
		}
	}
	if d := Display(gen); d != "arn:aws:dynamodb:us-east-1:1:table/${Thumbnails}" {
		t.Errorf("Display = %q", d)
	}
}

func TestMask(t *testing.T) {
	s := "arn:aws:states:" + Region + ":1:stateMachine:" + GenSym("Child.Name")
	masked, unmask := Mask(s)
	if strings.Contains(masked, "::") || strings.Contains(masked, ".") {
		t.Errorf("masked = %q still holds ':' runs or dots", masked)
	}
	if got := unmask(masked); got != s {
		t.Errorf("unmask = %q, want %q", got, s)
	}
}

func TestGeneratedNamesInPatterns(t *testing.T) {
	roleA := "arn:aws:iam::1:role/" + GenSym("RoleA")
	tests := []struct {
		value string
		want  Tri
	}{
		{"arn:aws:iam::1:role/" + GenSym("RoleA"), Yes},
		{"arn:aws:iam::1:role/" + GenSym("RoleB"), No},
		{"arn:aws:iam::1:role/backfill-writer", No},
		{"arn:aws:iam::1:role/" + Sym("RoleParam"), Maybe},
		{"arn:aws:iam::1:role/" + Any, Maybe},
	}
	for _, tt := range tests {
		if got := Match(roleA, tt.value, false); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", Display(roleA), Display(tt.value), got, tt.want)
		}
	}
}

func TestGeneratedNameCopiedFromStack(t *testing.T) {
	fn := "arn:aws:lambda:us-east-1:1:function:" + GenSym("SeedingFunction")
	copied := "arn:aws:lambda:us-east-1:1:function:Sample-TransferDataRe-SeedingFunction-gRchrSqb4Sfq"
	if got := Match(fn, copied, false); got != Maybe {
		t.Errorf("Match(generated, copied name) = %v, want maybe", got)
	}
	if got := Match(copied, fn, false); got != Maybe {
		t.Errorf("Match(copied name, generated) = %v, want maybe", got)
	}
	if got := Match("arn:aws:lambda:us-east-1:1:function:other", fn, false); got != No {
		t.Errorf("Match(other name, generated) = %v, want no", got)
	}
}

// glob, the path for text without symbols, agrees with the token matcher
// that handles symbols, over every pattern and value of a small alphabet.
func TestGlobAgreesWithTokens(t *testing.T) {
	var words []string
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		words = append(words, prefix)
		if n == 0 {
			return
		}
		for _, c := range []string{"a", "B", "*", "?", "é"} {
			grow(prefix+c, n-1)
		}
	}
	grow("", 4)
	for _, p := range words {
		for _, v := range words {
			for _, fold := range []bool{false, true} {
				want := definite(tokens(p, fold), tokens(v, fold))
				if got := glob(p, v, fold); got != want {
					t.Fatalf("glob(%q, %q, %v) = %v, want %v", p, v, fold, got, want)
				}
			}
		}
	}
}

// TestEndsDiffer checks Match's shortcut: a pattern and a value whose ends
// differ never match.
func TestEndsDiffer(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := randomValues(rng, 6, "a", "A", "b", ":", "/", "*", "?", "é", Region, AccountID, Sym("x"), GenSym("Queue"), RunTime, Any)
	for range 200000 {
		p, v, fold := gen(), gen(), rng.IntN(2) == 0
		if endsDiffer(p, v, fold) {
			if got := match(p, v, fold); got != No {
				t.Fatalf("match(%q, %q, %v) = %v, but the ends differ", p, v, fold, got)
			}
		}
	}
}

// definiteTable is the table that definite's glob stands for.
func definiteTable(p, v []token) bool {
	lp, lv := len(p), len(v)
	next, cur := make([]bool, lv+1), make([]bool, lv+1)
	next[lv] = true
	for i := lp - 1; i >= 0; i-- {
		for j := lv; j >= 0; j-- {
			t := p[i]
			switch {
			case isStar(t):
				cur[j] = next[j] || j < lv && cur[j+1]
			case j == lv:
				cur[j] = false
			case isQuest(t):
				cur[j] = v[j].sym == "" && next[j+1]
			case t.sym != "":
				cur[j] = v[j].sym == t.sym && next[j+1]
			default:
				cur[j] = v[j].sym == "" && v[j].r == t.r && next[j+1]
			}
		}
		next, cur = cur, next
	}
	return next[0]
}

// TestDefinite checks definite's glob against its table.
func TestDefinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	gen := randomValues(rng, 8, "a", "b", "*", "?", Sym("x"), Sym("y"))
	for range 200000 {
		p, v := tokens(gen(), false), tokens(gen(), false)
		if got, want := definite(p, v), definiteTable(p, v); got != want {
			t.Fatalf("definite(%v, %v) = %v, want %v", p, v, got, want)
		}
	}
}

// randomValues makes values of fewer than n of the parts each.
func randomValues(rng *rand.Rand, n int, parts ...string) func() string {
	return func() string {
		var b strings.Builder
		for range rng.IntN(n) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
}
