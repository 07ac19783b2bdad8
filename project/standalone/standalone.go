// Package standalone reads Amazon States Language definitions and IAM
// policy documents that stand in files of their own, and binds each
// definition that no other file deploys to the policies the run's
// configuration names for it.
package standalone

import (
	"path"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// Reader reads standalone definitions and policies. It must come after
// every reader whose files name definitions, so that those are not read a
// second time as machines of their own.
type Reader struct{}

// Extensions are those of the files the format is written in.
func (Reader) Extensions() []string { return []string{".json", ".yaml", ".yml"} }

// Recognize knows a definition by StartAt and States, a policy by
// Statement.
func (Reader) Recognize(f *project.File) project.Kind {
	switch {
	case f.Root == nil:
	case asl.IsDefinition(f.Root):
		return project.Definition
	case iam.IsPolicyDocument(f.Root):
		return project.Policy
	}
	return project.Other
}

// Read builds a machine of each definition no other file uses.
func (Reader) Read(p *project.Project, files []*project.File) {
	readStandalone(p, files)
}

// readStandalone builds machines for definition files and binds them to
// the policy files the options name.
func readStandalone(p *project.Project, defs []*project.File) {
	policiesFor := p.Options().PoliciesFor
	policyCache := map[string]*iam.Policy{}
	policyFor := func(name string) *iam.Policy {
		if pol, ok := policyCache[name]; ok {
			return pol
		}
		var pol *iam.Policy
		f := p.File(name)
		switch {
		case f == nil:
			// Not read: the run says so once, where the binding names it.
		case f.Root == nil:
			// A parse error was reported already.
		case f.Kind != project.Policy:
			p.Problem(f, f.Root, `not an IAM policy document: "Statement" is required`)
		default:
			pol = p.ReadPolicy(f, f.Root, policyResolver, path.Base(name), "")
		}
		policyCache[name] = pol
		return pol
	}
	for _, f := range defs {
		if f.Kind != project.Definition || p.Used(f.Path) {
			continue
		}
		name := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
		name = strings.TrimSuffix(name, ".asl")
		// The state machine is deployed elsewhere, under a name the file
		// does not say, in the Region and account of its role (the
		// partition is taken to be aws, as for the resources its tasks
		// name).
		arn := "arn:aws:states:" + iam.Region + ":" + iam.AccountID + ":stateMachine:" + iam.Sym("StateMachineName")
		m := &project.Machine{Name: name, File: f, Node: f.Root, ARN: arn, Path: ""}
		m.Definition = p.ReadDefinition(f, f.Root, standaloneResolver)
		var files []string
		if policiesFor != nil {
			files = slices.Clone(policiesFor(f.Path))
		}
		slices.Sort(files)
		files = slices.Compact(files)
		if len(files) == 0 {
			m.Unbound = "no policy is bound to this definition: add a binding to .sfn-lint.yaml or pass --policy"
			p.Machines = append(p.Machines, m)
			continue
		}
		role := &project.Role{Name: strings.Join(files, ", "), Path: "policies", Files: files}
		for _, pf := range files {
			if pol := policyFor(pf); pol != nil {
				if role.File == nil {
					role.File, role.Node = p.File(pf), pol.Node
				}
				role.Policies = append(role.Policies, pol)
			}
		}
		if role.File == nil {
			m.Unbound = "none of its policy files could be read"
		} else {
			m.Role = role
		}
		p.Machines = append(p.Machines, m)
	}
}

// standaloneResolver reads strings as they are, except that ${Name}
// placeholders (left for DefinitionSubstitutions) become symbols.
func standaloneResolver(n *node.Node) (string, bool) {
	s, ok := n.Str()
	if !ok {
		return "", false
	}
	return iam.Substitute(s, func(string) (string, bool) { return "", false }), true
}

// policyResolver reads the strings of a policy file as they are, except
// that ${AWS::Region}, ${AWS::AccountId} and ${AWS::Partition} stand for
// the deployment the state machine runs in, as sfn-lint policy writes them
// where the files do not say it.
func policyResolver(n *node.Node) (string, bool) {
	s, ok := n.Str()
	if !ok || !strings.Contains(s, "${AWS::") {
		return s, ok
	}
	return iam.Substitute(s, func(name string) (string, bool) {
		switch name {
		case "AWS::Region", "AWS::AccountId", "AWS::Partition":
			return iam.Sym(name), true
		}
		return "${" + name + "}", true
	}), true
}
