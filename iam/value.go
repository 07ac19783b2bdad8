// Package iam models IAM policy documents and evaluates them in three values:
// allowed, denied, or unknown when a value cannot be known before deploy.
package iam

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Values that cannot be known before deploy (a template parameter, the
// Region, a resource's generated name) are written into strings as symbols:
// a private-use rune, the symbol's name, and another private-use rune. The
// same symbol on both sides of a match is the same value; a symbol against a
// literal is unknown.
const (
	symOpen  = '\uE000'
	symClose = '\uE001'
	// symKey separates what messages write for an expression's symbol
	// from the key that tells it apart from others written alike.
	symKey = '\uE002'
)

// Well-known symbols for the deployment a state machine runs in.
var (
	Region    = Sym("AWS::Region")
	AccountID = Sym("AWS::AccountId")
	Partition = Sym("AWS::Partition")
	// Any stands for text that cannot be known at all, such as a resource
	// taken from the state input: only a wildcard covers it for certain.
	Any = Sym("*")
	// Wild stands for text a documented policy writes as "*" even when the
	// definition is static, such as a task definition's revision: some
	// value the files do not show, which a wildcard covers for certain and
	// a narrower grant may or may not.
	Wild = Sym("**")
	// RunTime stands for text AWS makes when the work runs, following a
	// documented shape: an execution's name, a job's ID, the keys of the
	// objects a Distributed Map writes. Every value it may take is needed,
	// so only a wildcard in its place covers it, and a grant narrower than
	// the shape never does.
	RunTime = Sym(runTimeName)
)

// Placeholder reports whether a symbol name stands for text a written
// policy puts "*" in place of: Any, Wild or RunTime.
func Placeholder(name string) bool { return name == "*" || name == "**" || name == runTimeName }

const runTimeName = "*run"

// Sym returns the symbolic string for an unknown value called name.
func Sym(name string) string {
	return string(symOpen) + name + string(symClose)
}

// Expr returns the symbol for an expression the files write but that is
// not evaluated here, such as a Fn::If or a Terraform function call:
// messages write it as display says (shortened by Brief), and key, such as
// the whole expression's text, tells it apart from other values, so that
// the same expression written twice is the same value.
func Expr(display, key string) string {
	return Sym(Brief(display) + string(symKey) + key)
}

// IsExpr reports whether the symbol called name stands for an expression
// (see Expr) rather than a named value such as a parameter.
func IsExpr(name string) bool { return strings.ContainsRune(name, symKey) }

// MaxBrief is how many characters a value written in a message may have.
const MaxBrief = 60

// Brief writes text on one line, with runs of white space as one space,
// and cut with an ellipsis past MaxBrief characters, so that a value in a
// message never spans lines or screens.
func Brief(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= MaxBrief {
		return text
	}
	r := []rune(text)
	return strings.TrimRight(string(r[:MaxBrief-1]), " ,") + "…"
}

// Fits reports whether text is short enough to be written whole in a
// message.
func Fits(text string) bool {
	return !strings.ContainsAny(text, "\n\r") && utf8.RuneCountInString(text) <= MaxBrief
}

// generated marks the names of symbols that stand for a name
// CloudFormation generates for a resource.
const generated = "~"

// GenSym returns the symbol for the name CloudFormation generates for the
// resource called name. Such a name embeds the stack and a random suffix,
// so it never equals text written out in full; only a wildcard can cover
// it.
func GenSym(name string) string { return Sym(generated + name) }

// IsGenerated reports whether s is exactly one symbol for a generated
// resource name.
func IsGenerated(s string) bool {
	name, ok := IsSym(s)
	return ok && strings.HasPrefix(name, generated)
}

// Symbols returns the names of the symbols in s, in order, without the
// mark of a generated name.
func Symbols(s string) []string {
	var out []string
	for _, t := range tokens(s, false) {
		if t.sym != "" {
			out = append(out, strings.TrimPrefix(t.sym, generated))
		}
	}
	return out
}

// Mask replaces each symbol of s with a short placeholder free of ':', '.'
// and '/', so that s can be matched with regular expressions written for
// literal text; unmask restores the symbols in any part of the result.
func Mask(s string) (masked string, unmask func(string) string) {
	if !HasSym(s) {
		return s, func(x string) string { return x }
	}
	var syms []string
	var b strings.Builder
	var buf [smallTokens]token
	for _, t := range appendTokens(buf[:0], s, false) {
		if t.sym == "" {
			b.WriteRune(t.r)
			continue
		}
		syms = append(syms, Sym(t.sym))
		b.WriteString(Sym(strconv.Itoa(len(syms) - 1)))
	}
	return b.String(), func(x string) string {
		var out strings.Builder
		var buf [smallTokens]token
		for _, t := range appendTokens(buf[:0], x, false) {
			if t.sym == "" {
				out.WriteRune(t.r)
				continue
			}
			if n, err := strconv.Atoi(t.sym); err == nil && n < len(syms) {
				out.WriteString(syms[n])
			} else {
				out.WriteString(Sym(t.sym))
			}
		}
		return out.String()
	}
}

// LeadingSym returns the name of the symbol s starts with, if any.
func LeadingSym(s string) (string, bool) {
	var buf [1]token
	ts := appendTokens(buf[:0], firstToken(s), false)
	if len(ts) == 0 || ts[0].sym == "" {
		return "", false
	}
	return strings.TrimPrefix(ts[0].sym, generated), true
}

// firstToken is the start of s that holds its first token.
func firstToken(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == symOpen {
		if end := strings.IndexRune(s, symClose); end > 0 {
			return s[:end+len(string(symClose))]
		}
	}
	return s[:size]
}

// IsSym reports whether s is exactly one symbol, and returns its name.
func IsSym(s string) (string, bool) {
	if len(s) < 2 || !strings.HasPrefix(s, string(symOpen)) || !strings.HasSuffix(s, string(symClose)) {
		return "", false
	}
	name := s[len(string(symOpen)) : len(s)-len(string(symClose))]
	if strings.ContainsRune(name, symOpen) || strings.ContainsRune(name, symClose) {
		return "", false
	}
	return name, true
}

// HasSym reports whether s contains any symbol.
func HasSym(s string) bool { return strings.ContainsRune(s, symOpen) }

// Display writes symbols as ${Name}, the way CloudFormation's Fn::Sub and
// DefinitionSubstitutions spell them, and an expression's symbol as the
// expression, so messages read as users would write.
func Display(s string) string {
	if !HasSym(s) {
		return s
	}
	var b strings.Builder
	var buf [smallTokens]token
	for _, t := range appendTokens(buf[:0], s, false) {
		switch {
		case t.sym == "" && t.r == symOpen:
			b.WriteString("${")
		case t.sym == "" && t.r == symClose:
			b.WriteString("}")
		case t.sym == "":
			b.WriteRune(t.r)
		case t.sym == "*" || t.sym == "**" || t.sym == runTimeName:
			b.WriteByte('*')
		default:
			name := strings.TrimPrefix(t.sym, generated)
			name, _, _ = strings.Cut(name, string(symKey))
			b.WriteString("${" + Brief(name) + "}")
		}
	}
	return b.String()
}

// Substitute replaces each ${Name} in s with lookup(Name) when lookup knows
// it, and with the symbol Name otherwise. "${!Literal}" stays "${Literal}", as
// in Fn::Sub.
func Substitute(s string, lookup func(name string) (string, bool)) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		name := s[i+2 : i+j]
		switch {
		case strings.HasPrefix(name, "!"):
			b.WriteString("${" + name[1:] + "}")
		default:
			if v, ok := lookup(name); ok {
				b.WriteString(v)
			} else {
				b.WriteString(Sym(name))
			}
		}
		s = s[i+j+1:]
	}
}

// token is one element of a string being matched: a character, or a whole
// symbol.
type token struct {
	r   rune
	sym string // non-empty for a symbol
}

func tokens(s string, fold bool) []token {
	return appendTokens(make([]token, 0, len(s)), s, fold)
}

// appendTokens appends the tokens of s to out.
func appendTokens(out []token, s string, fold bool) []token {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == symOpen {
			end := strings.IndexRune(s[i:], symClose)
			if end > 0 {
				out = append(out, token{sym: s[i+size : i+end]})
				i += end + len(string(symClose))
				continue
			}
		}
		if fold {
			r = unicode.ToLower(r)
		}
		out = append(out, token{r: r})
		i += size
	}
	return out
}
