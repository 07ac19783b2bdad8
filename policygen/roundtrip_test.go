package policygen

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/internal/treecopy"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// testProjects lists every project directory under testdata.
func testProjects(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, pat := range []string{"rules/*/*/want.out", "projects/*/want.out", "examples/*", "formats/project"} {
		ms, err := filepath.Glob(filepath.Join("..", "testdata", pat))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if strings.HasSuffix(m, "want.out") {
				m = filepath.Dir(m)
			}
			abs, _ := filepath.Abs(m)
			dirs = append(dirs, abs)
		}
	}
	if len(dirs) < 50 {
		t.Fatalf("found %d projects under testdata", len(dirs))
	}
	return dirs
}

// copyTree copies a directory tree into a new temporary directory.
func copyTree(t *testing.T, from string) string { return treecopy.Copy(t, from) }

// lint runs the checker over the working directory, with loaded called on
// the project before the rules check it.
func lint(t *testing.T, loaded func(*project.Project)) (*project.Project, *checker.Result) {
	t.Helper()
	var proj *project.Project
	res := checker.Run(checker.Options{Args: []string{"./..."}, Loaded: func(p *project.Project) {
		proj = p
		if loaded != nil {
			loaded(p)
		}
	}})
	return proj, res
}

// roleID names a role the same way in two loads of one project.
func roleID(r *project.Role) string {
	if len(r.Files) > 0 {
		return roleKey(r)
	}
	path := ""
	if r.File != nil {
		path = r.File.Path
	}
	return path + "\x00" + r.Path
}

// symbolRE finds the symbols of a symbolic string.
var symbolRE = regexp.MustCompile("\uE000[^\uE001]*\uE001")

// parseJSON reads a rendered JSON policy back, each ${...} as the symbol
// the document wrote it for.
func parseJSON(t *testing.T, d *Document, text string) *iam.Policy {
	t.Helper()
	back := map[string]string{}
	for _, s := range d.Statements {
		for _, v := range append(slices.Clone(s.Resources), condValues(s)...) {
			for _, sym := range symbolRE.FindAllString(v, -1) {
				back[iam.Display(sym)] = sym
			}
		}
	}
	root, err := node.ParseJSON([]byte(text))
	if err != nil {
		t.Fatalf("the JSON policy does not parse: %v\n%s", err, text)
	}
	resolve := func(n *node.Node) (string, bool) {
		s, ok := n.Str()
		if !ok {
			return "", false
		}
		for disp, sym := range back {
			s = strings.ReplaceAll(s, disp, sym)
		}
		return s, true
	}
	pol, probs := iam.ParsePolicy(root, resolve)
	if len(probs) > 0 {
		t.Fatalf("the JSON policy has problems: %v\n%s", probs, text)
	}
	pol.Name = PolicyName
	return pol
}

func condValues(s *Statement) []string {
	var out []string
	for _, c := range s.Conditions {
		out = append(out, c.Value)
	}
	return out
}

// byRole generates the documents of every bound machine and gathers them
// by the role they are for.
func byRole(p *project.Project) map[string][]*Document {
	out := map[string][]*Document{}
	for _, m := range p.Machines {
		if m.Role == nil || m.Definition == nil {
			continue
		}
		for _, d := range Generate(p, m) {
			if d.Role != nil {
				out[roleID(d.Role)] = append(out[roleID(d.Role)], d)
			}
		}
	}
	return out
}

// roles lists every role of a project's machines, and those their tasks
// assume.
func roles(p *project.Project) []*project.Role {
	var out []*project.Role
	for _, m := range p.Machines {
		for _, r := range append([]*project.Role{m.Role}, assumedRoles(m)...) {
			if r != nil && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

func assumedRoles(m *project.Machine) []*project.Role {
	var out []*project.Role
	for _, r := range m.Assumed {
		out = append(out, r)
	}
	return out
}

// unexpected lists what the rules report on a project whose roles have
// the generated policies only: every SFN4xx and SFN5xx finding, but the
// notes of what cannot be known before deploy and the findings about
// the definition itself (a Task resource Step Functions does not run) or
// a trust policy.
func unexpected(res *checker.Result) []string {
	var out []string
	for _, d := range res.Diagnostics {
		switch {
		case !strings.HasPrefix(d.Rule, "SFN4") && !strings.HasPrefix(d.Rule, "SFN5"):
		case d.Rule == "SFN406" || d.Rule == "SFN408":
		case d.Severity == checker.Note && knownNote(d.Message):
		case beyondPolicy(d.Message):
		default:
			out = append(out, checker.TextLine(d))
		}
	}
	return out
}

// beyondPolicy recognises what no identity policy of the role can change:
// a trust policy, a permissions boundary, a key policy.
func beyondPolicy(msg string) bool {
	for _, s := range []string{"the trust policy of", "the permissions boundary of", "the key policy of"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// knownNote recognises the notes of values not known before deploy, of
// tasks whose role is not in the files, and of key policies not in them.
func knownNote(msg string) bool {
	for _, s := range []string{"not known before deploy", "may be a name or an ARN", "is not defined in these files",
		"the role its input names", "the key's policy is not in these files"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// TestRoundTripJSON replaces the policies of every role of every testdata
// project with the JSON policy generated for its machines, read back, and
// lints again: nothing may be missing, nothing too broad.
func TestRoundTripJSON(t *testing.T) {
	for _, dir := range testProjects(t) {
		t.Run(strings.TrimPrefix(dir, filepath.Dir(filepath.Dir(dir))+"/"), func(t *testing.T) {
			t.Chdir(dir)
			_, res := lint(t, func(p *project.Project) {
				docs := byRole(p)
				for _, r := range roles(p) {
					var pols []*iam.Policy
					for _, d := range docs[roleID(r)] {
						pols = append(pols, parseJSON(t, d, Render([]*Document{d}, JSON).Text))
					}
					r.Policies, r.Unknown = pols, nil
				}
			})
			if u := unexpected(res); len(u) > 0 {
				t.Errorf("with the generated policies:\n%s", strings.Join(u, "\n"))
			}
		})
	}
}

// TestRoundTripFiles writes the policy of every role of every testdata
// project into a copy of its files, in the format of the file that
// defines the role (CloudFormation, SAM, Terraform, a policy file), keeps
// only that policy on the role, and lints the machines whose roles were
// written again.
func TestRoundTripFiles(t *testing.T) {
	written := 0
	for _, dir := range testProjects(t) {
		t.Run(strings.TrimPrefix(dir, filepath.Dir(filepath.Dir(dir))+"/"), func(t *testing.T) {
			t.Chdir(copyTree(t, dir))
			p, before := lint(t, nil)
			var machines []*project.Machine
			var samMachines []*project.Machine
			for _, m := range p.Machines {
				switch {
				case m.Role == nil || m.Definition == nil:
				case DefaultFormat(m) == SAM && samRole(m):
					samMachines = append(samMachines, m)
				default:
					machines = append(machines, m)
				}
			}
			pl := plan(p, machines, false)
			for _, m := range samMachines {
				f, e := samEdit(m, Generate(p, m)[0])
				pl.add(f, e, "Policies of "+m.Name)
			}
			for _, path := range pl.order {
				out, err := splice(p.File(path).Data, pl.edits[path])
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			writtenRoles := map[string]bool{}
			for _, r := range roles(p) {
				if !slices.ContainsFunc(pl.refused, func(s string) bool { return strings.HasPrefix(s, roleName(r)+":") }) {
					writtenRoles[roleID(r)] = true
				}
			}
			for _, why := range pl.refused {
				t.Logf("not written: %s", why)
			}
			_, res := lint(t, func(p *project.Project) {
				p.Machines = slices.DeleteFunc(p.Machines, func(m *project.Machine) bool { return m.Role == nil || !writtenRoles[roleID(m.Role)] })
				for _, r := range roles(p) {
					r.Unknown = nil
					if samRoleOf(p, r) {
						r.Policies = slices.DeleteFunc(r.Policies, func(pol *iam.Policy) bool { return !strings.HasPrefix(pol.Path, r.Path) })
					} else {
						r.Policies = slices.DeleteFunc(r.Policies, func(pol *iam.Policy) bool { return !own(pol, r) })
					}
				}
			})
			if len(pl.order) > 0 {
				written++
			}
			known := map[string]bool{}
			for _, d := range before.Diagnostics {
				known[d.Rule+" "+d.Message] = true
			}
			for _, d := range res.Diagnostics {
				if d.Rule == "SFN001" && slices.Contains(pl.order, d.File) && !known[d.Rule+" "+d.Message] {
					t.Errorf("the written files do not read: %s", checker.TextLine(d))
				}
			}
			if u := unexpected(res); len(u) > 0 {
				t.Errorf("with the written policies (%s):\n%s", strings.Join(pl.order, ", "), strings.Join(u, "\n"))
			}
		})
	}
	if written < 40 {
		t.Errorf("only %d projects had a policy written", written)
	}
}

// samRole reports whether SAM writes a machine's role from its Policies.
func samRole(m *project.Machine) bool {
	return strings.HasPrefix(m.Role.Path, m.Path+".")
}

// samRoleOf reports whether SAM writes a role from the Policies of one of
// the project's machines.
func samRoleOf(p *project.Project, r *project.Role) bool {
	return slices.ContainsFunc(p.Machines, func(m *project.Machine) bool { return m.Role == r && samRole(m) })
}

// own reports whether a policy is the one write put on a role.
func own(pol *iam.Policy, r *project.Role) bool {
	label := strings.TrimPrefix(r.Path, "aws_iam_role.")
	return pol.Name == PolicyName || strings.HasSuffix(pol.Name, "SfnLintPolicy") ||
		pol.Name == "aws_iam_role_policy."+tfLabel(label, "sfn_lint") || len(r.Files) > 0
}
