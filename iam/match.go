package iam

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tri is a three-valued truth: whether a policy pattern matches a value can
// be certain, impossible, or depend on values not known before deploy.
type Tri int8

const (
	No Tri = iota
	Maybe
	Yes
)

func (t Tri) String() string {
	return [...]string{"no", "maybe", "yes"}[t]
}

func (t Tri) not() Tri { return Yes - t }

// Match matches an IAM pattern (with * and ? wildcards) against a value.
// Symbols may stand on either side: a pattern's * covers any symbol, the same
// symbol on both sides matches, and a symbol against literal text is Maybe.
// fold makes the match case-insensitive, as IAM matches action names.
//
// A pattern that holds a JSONPath or JSONata expression (see PathIn) names
// no real resource: it matches only a value that holds the same text.
func Match(pattern, value string, fold bool) Tri {
	if pattern == "*" {
		return Yes
	}
	if p := PathIn(pattern); p != "" && !strings.Contains(value, p) {
		return No
	}
	if endsDiffer(pattern, value, fold) {
		return No
	}
	return match(pattern, value, fold)
}

// match is Match without its shortcuts.
func match(pattern, value string, fold bool) Tri {
	if !HasSym(pattern) && !HasSym(value) {
		if glob(pattern, value, fold) {
			return Yes
		}
		return No
	}
	pattern, value = degradeGenerated(pattern, value), degradeGenerated(value, pattern)
	// Most patterns and values are short: their tokens fit on the stack.
	var pb, vb [smallTokens]token
	p, v := appendTokens(pb[:0], pattern, fold), appendTokens(vb[:0], value, fold)
	if definite(p, v) {
		return Yes
	}
	if possible(p, v) {
		return Maybe
	}
	return No
}

// endsDiffer reports whether the literal text a pattern and a value start
// with, or end with, before a wildcard or a symbol on either side, differs:
// then no value of the symbols makes the pattern match, whatever is
// between. Most patterns and values a policy compares differ there.
func endsDiffer(p, v string, fold bool) bool {
	same := func(a, b rune) bool { return a == b || fold && unicode.ToLower(a) == unicode.ToLower(b) }
	for i, j := 0, 0; i < len(p) && j < len(v); {
		pr, ps := utf8.DecodeRuneInString(p[i:])
		vr, vs := utf8.DecodeRuneInString(v[j:])
		if pr == '*' || pr == '?' || pr == symOpen || vr == symOpen {
			break
		}
		if !same(pr, vr) {
			return true
		}
		i, j = i+ps, j+vs
	}
	for i, j := len(p), len(v); i > 0 && j > 0; {
		pr, ps := utf8.DecodeLastRuneInString(p[:i])
		vr, vs := utf8.DecodeLastRuneInString(v[:j])
		if pr == '*' || pr == '?' || pr == symClose || vr == symClose {
			break
		}
		if !same(pr, vr) {
			return true
		}
		i, j = i-ps, j-vs
	}
	return false
}

// degradeGenerated turns the generated-name symbols of s into ordinary
// unknowns where other's written-out text holds the resource's logical ID:
// a generated name embeds it (stack-LogicalId-SUFFIX), so such text may be
// a name copied from a deployed stack.
func degradeGenerated(s, other string) string {
	if !strings.Contains(s, string(symOpen)+generated) {
		return s
	}
	var buf [smallTokens]token
	for _, t := range appendTokens(buf[:0], s, false) {
		if !isGenerated(t) {
			continue
		}
		id, _, _ := strings.Cut(strings.TrimPrefix(t.sym, generated), ".")
		if len(id) > 8 {
			id = id[:8]
		}
		if id != "" && strings.Contains(other, id) {
			s = strings.ReplaceAll(s, Sym(t.sym), Sym(strings.TrimPrefix(t.sym, generated)))
		}
	}
	return s
}

// glob matches a pattern with * and ? against text, neither holding a
// symbol: the common case, matched without building tokens. A star
// remembers where it stood so that it can take one more rune on a
// mismatch.
func glob(p, v string, fold bool) bool {
	pi, vi := 0, 0
	star, mark := -1, 0
	for vi < len(v) {
		if pi < len(p) {
			pr, ps := utf8.DecodeRuneInString(p[pi:])
			vr, vs := utf8.DecodeRuneInString(v[vi:])
			switch {
			case pr == '*':
				pi += ps
				star, mark = pi, vi
				continue
			case pr == '?' || pr == vr || fold && unicode.ToLower(pr) == unicode.ToLower(vr):
				pi, vi = pi+ps, vi+vs
				continue
			}
		}
		if star < 0 {
			return false
		}
		_, vs := utf8.DecodeRuneInString(v[mark:])
		mark += vs
		pi, vi = star, mark
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

func isStar(t token) bool      { return t.sym == "" && t.r == '*' }
func isRunTime(t token) bool   { return t.sym == runTimeName }
func isGenerated(t token) bool { return strings.HasPrefix(t.sym, generated) }
func isQuest(t token) bool     { return t.sym == "" && t.r == '?' }

// smallTokens is the length of the values whose tables fit on the stack.
const smallTokens = 80

// definite reports whether p matches v whatever the symbols in v stand for:
// a star takes any run of tokens, a question mark one character, a symbol
// the same symbol and a character itself. As in glob, a star that
// matched too little takes one token more.
func definite(p, v []token) bool {
	pi, vi := 0, 0
	star, mark := -1, 0
	for vi < len(v) {
		if pi < len(p) {
			t, w := p[pi], v[vi]
			switch {
			case isStar(t):
				pi++
				star, mark = pi, vi
				continue
			case isQuest(t) && w.sym == "", t.sym != "" && w.sym == t.sym, t.sym == "" && w.sym == "" && w.r == t.r:
				pi, vi = pi+1, vi+1
				continue
			}
		}
		if star < 0 {
			return false
		}
		mark++
		pi, vi = star, mark
	}
	for pi < len(p) && isStar(p[pi]) {
		pi++
	}
	return pi == len(p)
}

// possible reports whether some values of the symbols on either side make p
// match v.
func possible(p, v []token) bool {
	lp, lv := len(p), len(v)
	// wildAfter[i]: p[i:] has a wildcard or a symbol, which a generated
	// name could fall under.
	var wb [smallTokens + 1]bool
	wildAfter := wb[:]
	if lp+1 > len(wildAfter) {
		wildAfter = make([]bool, lp+1)
	}
	wildAfter = wildAfter[:lp+1]
	for i := lp - 1; i >= 0; i-- {
		wildAfter[i] = wildAfter[i+1] || isStar(p[i]) || isQuest(p[i]) || p[i].sym != "" && !isGenerated(p[i])
	}
	// dp[i][j]: p[i:] can match v[j:], in one table.
	var db [4096]bool
	cells := db[:]
	if (lp+1)*(lv+1) > len(cells) {
		cells = make([]bool, (lp+1)*(lv+1))
	}
	w := lv + 1
	at := func(i, j int) int { return i*w + j }
	dp := func(i, j int) bool { return cells[at(i, j)] }
	for i := lp; i >= 0; i-- {
		for j := lv; j >= 0; j-- {
			if i == lp && j == lv {
				cells[at(i, j)] = true
				continue
			}
			ok := false
			if i < lp && j < lv && p[i].sym != "" && p[i].sym == v[j].sym {
				// The same symbol stands for the same text on both sides:
				// align them rather than let either absorb the other.
				cells[at(i, j)] = dp(i+1, j+1)
				continue
			}
			if i < lp && (isStar(p[i]) || p[i].sym != "" && !isGenerated(p[i])) {
				// A wildcard, or a value unknown here, may stand for any
				// text it can hold; a generated name only for itself,
				// aligned above.
				ok = dp(i+1, j) || j < lv && holds(p[i], v[j]) && dp(i, j+1)
			}
			if !ok && j < lv && v[j].sym != "" && !isRunTime(v[j]) {
				// A generated name never equals literal text, so it may
				// absorb pattern text only where a wildcard follows. Text
				// made at run time takes every value, so no pattern text
				// but a wildcard or an unknown covers it.
				absorb := i < lp && (!isGenerated(v[j]) || wildAfter[i]) && holds(v[j], p[i])
				ok = dp(i, j+1) || absorb && dp(i+1, j)
			}
			if !ok && i < lp && j < lv && p[i].sym == "" && v[j].sym == "" {
				ok = (isQuest(p[i]) || p[i].r == v[j].r) && dp(i+1, j+1)
			}
			cells[at(i, j)] = ok
		}
	}
	return dp(0, 0)
}

// charsets are the characters the deployment's own values are made of: a
// Region, an account ID and a partition never hold ':' or '/', so an
// unknown Region cannot stand for a run of an ARN's segments.
var charsets = map[string]string{
	"AWS::Region":    "abcdefghijklmnopqrstuvwxyz0123456789-",
	"AWS::AccountId": "0123456789",
	"AWS::Partition": "abcdefghijklmnopqrstuvwxyz-",
}

// generatedChars are the characters a name CloudFormation generates is
// made of: the stack's name, the logical ID and a random suffix.
const generatedChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"

// MayHold reports whether a value the symbols of s stand for may hold
// text: a Region, an account ID, a partition and a generated name are
// made of known characters; any other value may hold anything.
func MayHold(s, text string) bool {
	for _, t := range tokens(s, false) {
		if t.sym == "" {
			continue
		}
		set, ok := charsets[t.sym]
		if isGenerated(t) {
			set, ok = generatedChars, true
		}
		if !ok || !strings.ContainsFunc(text, func(r rune) bool { return !strings.ContainsRune(set, r) }) {
			return true
		}
	}
	return false
}

// holds reports whether the text of symbol sym may include token t: a
// symbol with a known character set holds only those characters (and
// what wildcards and other unknowns stand for); others hold anything.
func holds(sym, t token) bool {
	set, ok := charsets[sym.sym]
	switch {
	case !ok:
		return true
	case isRunTime(t):
		// A Region or an account is one value, never every value.
		return false
	case t.sym != "" || isStar(t) || isQuest(t):
		return true
	}
	return strings.ContainsRune(set, t.r)
}
