// Command sfn-lint checks AWS Step Functions state machines against the IAM
// roles they run with.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/sarif"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

const usage = `Usage: sfn-lint [flags] [path ...]
       sfn-lint policy [flags] [path ...]
       sfn-lint rules [CODE|SLUG]
       sfn-lint version

Checks AWS Step Functions state machines (Amazon States Language files and
CloudFormation templates) against the IAM policies of the roles they run with.

Paths are files, directories (linted recursively), ./... patterns and
doublestar globs; no path means ./... . Files are recognised by content.

Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage errors or
input that cannot be read (the other files are still linted).

Flags:
`

func main() {
	boundHeap()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// heapRoom is how much the heap may grow past what is live before the
// garbage collector runs, once the live heap is larger than that.
const heapRoom = 8 << 20

// boundHeap keeps a run's memory close to what the run keeps live. The Go
// runtime lets the heap grow to twice what is live before it collects, and
// a run keeps its findings, which grow with the repository: once the live
// heap is over 8 MiB, the heap may grow 8 MiB past it, however large it
// is, rather than by as much again. GOGC or GOMEMLIMIT, when set, are left
// alone.
func boundHeap() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	percent := 100
	go func() {
		for range time.Tick(10 * time.Millisecond) {
			metrics.Read(live)
			if live[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			p := min(100, max(20, int(100*heapRoom/max(1, live[0].Value.Uint64()))))
			if p != percent {
				percent = p
				debug.SetGCPercent(p)
			}
		}
	}()
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "rules" || args[0] == "version" || args[0] == "policy") {
		if _, err := os.Stat(args[0]); err == nil {
			// A path of that name is linted as ./rules, never by its bare
			// name: say so rather than surprise.
			fmt.Fprintf(stderr, "sfn-lint: %q is the %s subcommand; to lint the path, write ./%s\n", args[0], args[0], args[0])
		}
		switch args[0] {
		case "version":
			return run([]string{"--version"}, stdout, stderr)
		case "policy":
			return runPolicy(args[1:], stdout, stderr)
		}
		return listRules(args[1:], stdout, stderr)
	}
	f, paths, code := parseFlags(args, stdout, stderr)
	if f == nil {
		return code
	}
	opts := checker.Options{Args: paths, Policies: f.policies, Exclude: f.excludes, Config: f.config,
		Disable: f.disable, Enable: f.enable, Baseline: f.baseline}
	if f.writeBaseline != "" {
		// The new baseline records every finding, the old ones too.
		opts.Baseline = ""
	}
	res := checker.Run(opts)
	switch {
	case f.diff:
		return diffFixes(res, stdout, stderr)
	case f.fix:
		if res, code = applyFixes(res, opts, stderr); res == nil {
			return code
		}
	}
	if f.writeBaseline != "" {
		if err := checker.WriteBaseline(f.writeBaseline, checker.NewBaseline(res.Diagnostics)); err != nil {
			fmt.Fprintf(stderr, "sfn-lint: --write-baseline: %v\n", err)
			return 2
		}
		f.threshold = checker.Severity(1 << 10)
	}
	if err := writeOutput(f, res, stdout); err != nil {
		fmt.Fprintf(stderr, "sfn-lint: %v\n", err)
		return 2
	}
	return report(res, f.threshold, stderr)
}

// flags are the command line's options.
type flags struct {
	format, color, output, config, baseline, writeBaseline string
	brief, fix, diff                                       bool
	threshold                                              checker.Severity
	policies, excludes, disable, enable                    listFlag
}

// parseFlags reads the command line; a nil result means the command is
// done (help, --version or a usage error), with that exit status.
func parseFlags(args []string, stdout, stderr io.Writer) (*flags, []string, int) {
	f := &flags{}
	fs := flag.NewFlagSet("sfn-lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.format, "format", "text", "output format: text, json, sarif or github (workflow annotations)")
	fs.StringVar(&f.color, "color", "auto", "colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never")
	fs.BoolVar(&f.brief, "brief", false, "text output: one line per finding, without the source line, related locations and fix")
	fs.StringVar(&f.output, "o", "", "write the output to this file instead of standard output")
	failOn := fs.String("fail-on", "warning", "exit 1 when a finding is at or above this severity: note, warning, error or never")
	fs.StringVar(&f.config, "config", "", "config file to use instead of the .sfn-lint.yaml found in the linted directories")
	version := fs.Bool("version", false, "print the version and exit")
	fs.Var(&f.policies, "policy", "a policy file that applies to every standalone definition (repeatable)")
	fs.Var(&f.excludes, "exclude", "a doublestar pattern of paths to skip (repeatable)")
	fs.BoolVar(&f.fix, "fix", false, "apply the suggested fixes to the files, then report what is left")
	fs.BoolVar(&f.diff, "diff", false, "print the suggested fixes as a unified diff, and change nothing")
	fs.StringVar(&f.baseline, "baseline", "", "a baseline file (see --write-baseline): report only findings it does not record")
	fs.StringVar(&f.writeBaseline, "write-baseline", "", "record every finding of this run in a baseline file, and exit 0")
	fs.Var(&f.disable, "disable", "turn a rule off, by code or slug, whatever the config says (repeatable)")
	fs.Var(&f.enable, "enable", "turn a rule on at its default severity, whatever the config says (repeatable)")
	paths, code, ok := parseCommandLine(fs, usage, args, stderr)
	if !ok {
		return nil, nil, code
	}
	if *version {
		fmt.Fprintln(stdout, "sfn-lint", toolVersion())
		if rev := revision(); rev != "" {
			fmt.Fprintln(stdout, "revision", rev)
		}
		fmt.Fprintln(stdout, "AWS managed policies of", project.ManagedPoliciesSnapshot())
		return nil, nil, 0
	}
	f.threshold = checker.Severity(1 << 10)
	if *failOn != "never" {
		s, err := checker.ParseSeverity(*failOn)
		if err != nil {
			fmt.Fprintf(stderr, "sfn-lint: --fail-on: %v\n", err)
			return nil, nil, 2
		}
		f.threshold = s
	}
	switch f.format {
	case "text", "json", "sarif", "github":
	default:
		fmt.Fprintf(stderr, "sfn-lint: --format: unknown format %q (want text, json, sarif or github)\n", f.format)
		return nil, nil, 2
	}
	switch f.color {
	case "auto", "always", "never":
	default:
		fmt.Fprintf(stderr, "sfn-lint: --color: unknown value %q (want auto, always or never)\n", f.color)
		return nil, nil, 2
	}
	return f, paths, 0
}

// diffFixes prints the suggested fixes as a unified diff: exit status 1
// when there is one.
func diffFixes(res *checker.Result, stdout, stderr io.Writer) int {
	fr, err := checker.ApplyFixes(res, stdout)
	for _, s := range fr.Skipped {
		fmt.Fprintf(stderr, "sfn-lint: %s\n", checker.Escape(s))
	}
	if err != nil {
		fmt.Fprintf(stderr, "sfn-lint: --diff: %v\n", err)
		return 2
	}
	if fr.Applied > 0 {
		return 1
	}
	return 0
}

// applyFixes applies the suggested fixes and lints again, for what is
// left at the lines the fixes moved it to; a nil result is a failure.
func applyFixes(res *checker.Result, opts checker.Options, stderr io.Writer) (*checker.Result, int) {
	fr, err := checker.ApplyFixes(res, nil)
	for _, s := range fr.Skipped {
		fmt.Fprintf(stderr, "sfn-lint: %s\n", checker.Escape(s))
	}
	if err != nil {
		fmt.Fprintf(stderr, "sfn-lint: --fix: %v\n", err)
		return nil, 2
	}
	if fr.Applied == 0 {
		return res, 0
	}
	n := fmt.Sprintf("%d fixes", fr.Applied)
	if fr.Applied == 1 {
		n = "1 fix"
	}
	fmt.Fprintf(stderr, "sfn-lint: applied %s to %s\n", n, checker.Escape(strings.Join(fr.Files, ", ")))
	return checker.Run(opts), 0
}

// writeOutput writes the result in the chosen format.
func writeOutput(f *flags, res *checker.Result, stdout io.Writer) error {
	out := stdout
	if f.output != "" {
		file, err := os.Create(f.output)
		if err != nil {
			return err
		}
		defer file.Close()
		out = file
	}
	color := useColor(f.color, out)
	bw := bufio.NewWriter(out)
	var err error
	switch f.format {
	case "text":
		err = checker.WriteTextWith(bw, res, checker.TextOptions{Brief: f.brief, Color: color})
	case "github":
		err = checker.WriteGitHub(bw, res)
	case "json":
		err = checker.WriteJSON(bw, res)
	case "sarif":
		err = sarif.Write(bw, res.Diagnostics, checker.Rules(), sarifOptions(res))
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return nil
}

// report prints the invocation's errors and returns the exit status.
func report(res *checker.Result, threshold checker.Severity, stderr io.Writer) int {
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "sfn-lint: %v\n", checker.Escape(e.Error()))
	}
	if res.Summary.StateMachines == 0 && len(res.Errors) == 0 {
		// Not a failure (a commit may touch no state machine), but never
		// silent: nothing was checked.
		files := fmt.Sprintf("the %d files", res.Summary.Files)
		if res.Summary.Files == 1 {
			files = "the file"
		}
		fmt.Fprintf(stderr, "sfn-lint: no state machine in %s read, so no permission was checked\n", files)
	}
	code := 0
	for _, d := range res.Diagnostics {
		if d.Severity >= threshold {
			code = 1
		}
	}
	if len(res.Errors) > 0 {
		code = 2
	}
	for _, d := range res.Diagnostics {
		if d.Input {
			code = 2
		}
	}
	return code
}

// useColor decides whether text output is coloured: always, never, or on
// a terminal when NO_COLOR (https://no-color.org) is not set.
func useColor(mode string, out io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := out.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func sarifOptions(res *checker.Result) sarif.Options {
	opts := sarif.Options{
		ToolName:       "sfn-lint",
		ToolVersion:    toolVersion(),
		InformationURI: "https://github.com/sfn-lint/sfn-lint",
		Successful:     len(res.Errors) == 0,
	}
	for _, e := range res.Errors {
		opts.Notifications = append(opts.Notifications, sarif.Notification{Level: checker.Error, Message: e.Error()})
	}
	return opts
}

func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// revision is the version control revision the binary was built from, as
// go build records it, with "+modified" for a tree with changes.
func revision() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" && modified {
		rev += "+modified"
	}
	return rev
}

// parseCommandLine parses a command's flags and paths, with text as its
// usage; ok is false when the command is done (help, or a usage error),
// with that exit status.
func parseCommandLine(fs *flag.FlagSet, text string, args []string, stderr io.Writer) ([]string, int, bool) {
	fs.Usage = func() {
		fmt.Fprint(stderr, text)
		fs.PrintDefaults()
	}
	paths, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return nil, 0, false
	case err != nil:
		return nil, 2, false
	}
	return paths, 0, true
}

// parseInterspersed parses flags wherever they stand among the paths, as
// `sfn-lint flow.asl.json --policy role.json` is written; everything after
// "--" is a path.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return paths, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(paths, rest...), nil
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
}

func listRules(args []string, stdout, stderr io.Writer) int {
	all := checker.Rules()
	if len(args) > 0 {
		for _, r := range all {
			if strings.EqualFold(args[0], r.Code) || strings.EqualFold(args[0], r.Slug) {
				fmt.Fprint(stdout, r.Doc)
				return 0
			}
		}
		fmt.Fprintf(stderr, "sfn-lint: no rule %q (see sfn-lint rules)\n", args[0])
		return 2
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tSLUG\tSEVERITY\tSUMMARY")
	for _, r := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Code, r.Slug, r.Severity, r.Summary)
	}
	tw.Flush()
	return 0
}
