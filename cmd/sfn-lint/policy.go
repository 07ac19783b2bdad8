package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/policygen"
	"github.com/sfn-lint/sfn-lint/project"
)

const policyUsage = `Usage: sfn-lint policy [flags] [path ...]

Prints, for each state machine found (or each one --machine names), the
least-privilege policy its definition needs, in the format of the file that
defines it or the one --format names. Paths are read as sfn-lint reads them.

Exit status: 0 the policies were written, 2 usage errors, input that cannot
be read, or a --write that was refused.

Flags:
`

// policyFlags are the policy subcommand's options.
type policyFlags struct {
	format, output, config       string
	write                        bool
	machines, policies, excludes listFlag
}

// runPolicy is the policy subcommand.
func runPolicy(args []string, stdout, stderr io.Writer) int {
	f := &policyFlags{}
	fs := flag.NewFlagSet("sfn-lint policy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var names []string
	for _, f := range policygen.Formats {
		names = append(names, string(f))
	}
	fs.StringVar(&f.format, "format", "", "write every policy in this format: "+strings.Join(names, ", ")+" (default: the format of the file that defines each machine)")
	fs.Var(&f.machines, "machine", "the state machine to write the policy of, by name (repeatable; default: every one)")
	fs.BoolVar(&f.write, "write", false, "put each policy in the project where that is unambiguous, and refuse (saying why) where not")
	fs.StringVar(&f.output, "o", "", "write the policies to this file instead of standard output")
	fs.StringVar(&f.config, "config", "", "config file to use instead of the .sfn-lint.yaml found in the read directories")
	fs.Var(&f.policies, "policy", "a policy file that applies to every standalone definition (repeatable)")
	fs.Var(&f.excludes, "exclude", "a doublestar pattern of paths to skip (repeatable)")
	paths, code, ok := parseCommandLine(fs, policyUsage, args, stderr)
	if !ok {
		return code
	}
	if f.format != "" && !slices.Contains(policygen.Formats, policygen.Format(f.format)) {
		fmt.Fprintf(stderr, "sfn-lint: policy --format: unknown format %q (want %s)\n", f.format, strings.Join(names, ", "))
		return 2
	}
	var proj *project.Project
	res := checker.Run(checker.Options{Args: paths, Policies: f.policies, Exclude: f.excludes, Config: f.config,
		Loaded: func(p *project.Project) { proj = p }})
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "sfn-lint: %v\n", checker.Escape(e.Error()))
		code = 2
	}
	for _, d := range res.Diagnostics {
		if d.Input {
			fmt.Fprintf(stderr, "%s\n", checker.TextLine(d))
			code = 2
		}
	}
	machines, err := selectMachines(proj, f.machines)
	if err != nil {
		fmt.Fprintf(stderr, "sfn-lint: policy: %v\n", err)
		return 2
	}
	if f.write {
		if f.format != "" {
			fmt.Fprintln(stderr, "sfn-lint: policy: --write writes each policy in the format of the file it goes in: leave out --format")
			return 2
		}
		return max(code, writePolicies(proj, machines, stderr))
	}
	var groups []policyGroup
	for _, m := range machines {
		format := policygen.Format(f.format)
		if format == "" {
			format = policygen.DefaultFormat(m)
		}
		docs := policygen.Generate(proj, m)
		i := slices.IndexFunc(groups, func(g policyGroup) bool { return g.format == format })
		if i < 0 {
			groups = append(groups, policyGroup{format: format})
			i = len(groups) - 1
		}
		groups[i].docs = append(groups[i].docs, docs...)
	}
	if err := printPolicies(groups, f.output, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "sfn-lint: policy: %v\n", err)
		return 2
	}
	return code
}

// policyGroup is the documents written in one format.
type policyGroup struct {
	format policygen.Format
	docs   []*policygen.Document
}

// selectMachines returns the machines with a definition, or those named.
func selectMachines(proj *project.Project, names []string) ([]*project.Machine, error) {
	if proj == nil {
		return nil, fmt.Errorf("no state machine was read")
	}
	var out []*project.Machine
	found := map[string]bool{}
	for _, m := range proj.Machines {
		if m.Definition == nil {
			continue
		}
		if len(names) == 0 || slices.Contains(names, m.Name) {
			out = append(out, m)
			found[m.Name] = true
		}
	}
	for _, n := range names {
		if !found[n] {
			return nil, fmt.Errorf("no state machine named %q (see the names sfn-lint policy prints)", n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no state machine with a definition was found, so there is no policy to write")
	}
	return out, nil
}

// printPolicies writes each group in its format; notes JSON cannot hold
// go to standard error.
func printPolicies(groups []policyGroup, output string, stdout, stderr io.Writer) error {
	out := stdout
	if output != "" {
		file, err := os.Create(output)
		if err != nil {
			return err
		}
		defer file.Close()
		out = file
	}
	for i, g := range groups {
		if i > 0 {
			if _, err := io.WriteString(out, "\n"); err != nil {
				return err
			}
		}
		o := policygen.Render(g.docs, g.format)
		if _, err := io.WriteString(out, o.Text); err != nil {
			return err
		}
		if g.format == policygen.JSON {
			for _, n := range o.Notes {
				fmt.Fprintf(stderr, "sfn-lint: note: %s\n", checker.Escape(n))
			}
		}
	}
	return nil
}

// writePolicies puts each policy in the project (see policygen.Write),
// each file replaced at once; a role left alone makes the exit status 2.
func writePolicies(proj *project.Project, machines []*project.Machine, stderr io.Writer) int {
	changes, refused := policygen.Write(proj, machines)
	code := 0
	for _, c := range changes {
		if err := checker.ReplaceFile(c.Path, c.Old, c.New); err != nil {
			fmt.Fprintf(stderr, "sfn-lint: policy --write: %s\n", checker.Escape(err.Error()))
			code = 2
			continue
		}
		fmt.Fprintf(stderr, "sfn-lint: wrote %s to %s\n", checker.Escape(strings.Join(c.What, ", ")), checker.Escape(c.Path))
	}
	for _, why := range refused {
		fmt.Fprintf(stderr, "sfn-lint: policy --write: not written: %s\n", checker.Escape(why))
		code = 2
	}
	return code
}
