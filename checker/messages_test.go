package checker_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sfn-lint/sfn-lint/checker"
)

// internalTokens are what a message must never show: how sfn-lint names
// a value internally rather than as the user wrote it.
var internalTokens = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`@\d+`), "a byte offset"},
	{regexp.MustCompile(`\.(tf|json|ya?ml|hcl):\d+:\d+`), "a file position"},
	{regexp.MustCompile(`[\n\r]`), "a line break"},
	{regexp.MustCompile("[\uE000-\uE0FF]"), "a symbol's private-use rune"},
	{regexp.MustCompile(`\$\{[~?]`), "a generated or unreadable value's mark"},
	{regexp.MustCompile(`\$\{AWS::NoValue\}`), "AWS::NoValue as a value"},
}

// maxSymbol is how long a value written as ${...} may be.
const maxSymbol = 64

// messageFaults lists the internal tokens a message shows.
func messageFaults(msg string) []string {
	var out []string
	for _, tok := range internalTokens {
		if m := tok.re.FindString(msg); m != "" {
			out = append(out, fmt.Sprintf("shows %s (%q)", tok.what, m))
		}
	}
	for _, sym := range symbolsIn(msg) {
		if n := utf8.RuneCountInString(sym); n > maxSymbol {
			out = append(out, fmt.Sprintf("writes a value of %d characters", n))
		}
	}
	return out
}

func checkMessage(t *testing.T, where, msg string) {
	t.Helper()
	for _, f := range messageFaults(msg) {
		t.Errorf("%s: message %s: %s", where, f, msg)
	}
}

// symbolsIn returns the ${...} of a message, nested braces included.
func symbolsIn(msg string) []string {
	var out []string
	for i := 0; i < len(msg); i++ {
		if !strings.HasPrefix(msg[i:], "${") {
			continue
		}
		depth := 0
		for j := i + 1; j < len(msg); j++ {
			switch msg[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
			if depth == 0 {
				out = append(out, msg[i:j+1])
				i = j
				break
			}
		}
	}
	return out
}

// lintDirs lints each directory on its own and checks every message,
// related message and fix message it reports.
func lintDirs(t *testing.T, dirs []string) {
	t.Helper()
	for _, dir := range dirs {
		t.Chdir(dir)
		res := checker.Run(checker.Options{Args: []string{"./..."}})
		for _, d := range res.Diagnostics {
			where := filepath.Join(dir, d.File)
			checkMessage(t, where, d.Message)
			for _, r := range d.Related {
				checkMessage(t, where+" (related)", r.Message)
			}
			for _, f := range d.Fixes {
				checkMessage(t, where+" (fix)", f.Message)
			}
		}
	}
}

// TestMessagesShowNoInternalTokens lints every testdata project, and the
// corpora of public projects when they are present, and checks that no
// message names a value by an internal token: a byte offset, a file
// position, a line break or a value too long to read.
func TestMessagesShowNoInternalTokens(t *testing.T) {
	var dirs []string
	for _, pattern := range []string{"projects/*", "rules/*/*", "examples"} {
		m, err := filepath.Glob(filepath.Join("..", "testdata", pattern))
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, m...)
	}
	// The corpora of public projects the repository is checked against,
	// beside its checkout; SFN_LINT_CORPUS names others.
	corpora := filepath.SplitList(os.Getenv("SFN_LINT_CORPUS"))
	for _, c := range []string{"corpus", "cdk-synth"} {
		corpora = append(corpora, filepath.Join("..", "..", "shared", c))
	}
	for _, c := range corpora {
		if st, err := os.Stat(c); c != "" && err == nil && st.IsDir() {
			dirs = append(dirs, c)
		}
	}
	for i, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			t.Fatal(err)
		}
		dirs[i] = abs
	}
	lintDirs(t, dirs)
}

func TestCheckMessage(t *testing.T) {
	bad := []string{
		`role "R" lacks "s3:GetObject" on "arn:aws:s3:::${Fn::Select@58967}/x"`,
		`it may be granted by "main.tf:3:24", whose contents are not known here`,
		"its definition is computed by templatefile(\"x\",\n{a = 1}), which is not evaluated here",
		`"arn:aws:s3:::${` + strings.Repeat("x", 70) + `}"`,
		`on "${AWS::NoValue}"`,
	}
	for _, msg := range bad {
		if len(messageFaults(msg)) == 0 {
			t.Errorf("not caught: %s", msg)
		}
	}
	if f := messageFaults(`cannot tell whether role "R" grants "s3:GetObject" on "arn:aws:s3:::${Fn::Select [5, Fn::Split [':', …]]}/x"`); len(f) > 0 {
		t.Errorf("a fine message is faulted: %v", f)
	}
}
