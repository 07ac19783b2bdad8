package project

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

// What several readers need, once.

// PointAt moves every position of a policy that is not written in the
// file to the node that brings it in.
func PointAt(pol *iam.Policy, at *node.Node) {
	pol.Node = at
	for _, s := range pol.Statements {
		s.Node, s.ActionNode, s.ResourceNode = at, at, at
		for i := range s.Actions {
			s.Actions[i].Node = at
		}
		for i := range s.Resources {
			s.Resources[i].Node = at
		}
	}
}

// Nested returns the value at a path of keys, A.B, below a map node; a
// list on the way stands for its first item.
func Nested(n *node.Node, path string) *node.Node {
	for _, k := range strings.Split(path, ".") {
		if n != nil && n.Kind == node.Seq && len(n.Items) > 0 {
			n = n.Items[0]
		}
		n = n.Get(k)
	}
	return n
}

// ValueName names a value known only at deploy time (a symbol) for
// messages, the way its file spells it: a template's parameter, a Terraform
// variable or local value, or the value as Fn::Sub writes it.
func ValueName(f *File, sym string) string {
	name, ok := iam.IsSym(sym)
	switch {
	case !ok:
	case strings.HasPrefix(name, "var."):
		return "the variable " + name
	case strings.HasPrefix(name, "local."):
		return "the local value " + name
	case f != nil && f.Kind == Template && f.Root.Get("Parameters").Get(name) != nil:
		return "the parameter " + name
	}
	return fmt.Sprintf("%q", iam.Display(sym))
}

// KeyARN turns a KMS key setting (key ID, alias, or the ARN of either)
// into the ARN IAM sees for the key.
func KeyARN(id, partition, region, account string) string {
	switch {
	case id == "" || strings.Contains(id, "alias/"):
		// IAM authorizes the key an alias points to, which is not known here.
		return iam.Any
	case strings.HasPrefix(id, "arn:"):
		return id
	case iam.HasSym(id) && !iam.IsGenerated(id):
		if _, whole := iam.IsSym(id); whole {
			return id // a parameter or variable: as likely the key's ARN as its ID
		}
	}
	return "arn:" + partition + ":kms:" + region + ":" + account + ":key/" + id
}

// EmbedProblem reports JSON in a string that does not parse: at the
// parser's position when it maps back into the file, at the string
// otherwise.
func (p *Project) EmbedProblem(f *File, n *node.Node, what string, err error) {
	var pe *node.Error
	if errors.As(err, &pe) {
		off := Within(f, pe.Offset)
		p.Problems = append(p.Problems, Problem{File: f, Pos: off, End: off, Msg: fmt.Sprintf("cannot parse %s: %s", what, pe.Msg)})
		return
	}
	p.Problem(f, n, "cannot parse %s: %v", what, err)
}

// PrincipalKey reports whether a property or argument of this name holds a
// policy document, a principal or a condition (KeyPolicy, PolicyDocument,
// Principal, principal_arn, policy...): a role named there is one a
// resource policy grants to or trusts, not one the resource runs with. A
// KMS key, a bucket, queue or topic policy, or a Lambda permission that
// names a role does not use the role's permissions.
func PrincipalKey(key string) bool {
	k := strings.ToLower(key)
	return strings.Contains(k, "principal") || strings.Contains(k, "polic") || k == "condition" || k == "statement"
}

// literalARN finds ARNs written out in full: their service, Region,
// account and the start of their resource.
var literalARN = regexp.MustCompile(`arn:aws[a-z-]*:([a-z0-9-]+):([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):([A-Za-z-]*)`)

// published reports whether an ARN's service and resource type name
// something a project uses but others publish, in their own accounts: a
// Lambda layer (AWS publishes Powertools and the SDK for pandas as
// layers), a Serverless Application Repository application, an AWS
// Marketplace model package or algorithm. Such an ARN says nothing of where
// the project deploys.
func published(service, resource string) bool {
	switch service {
	case "lambda":
		return resource == "layer"
	case "serverlessrepo":
		return true
	case "sagemaker":
		return resource == "model-package" || resource == "algorithm"
	}
	return false
}

// pseudoWords are the Region or the account written as what the deployment
// fills in: CloudFormation's pseudo parameters, Terraform's data sources,
// the Serverless Framework's variables, or the symbols they read as.
var pseudoWords = [][]byte{[]byte("AWS::Region"), []byte("AWS::AccountId"), []byte("data.aws_region."),
	[]byte("data.aws_caller_identity."), []byte("${aws:region}"), []byte("${aws:accountId}")}

// ARNNamesRole reports whether a role ARN, as written, names the role with
// this name. A name not known before deploy is a symbol, found anywhere in
// the ARN (a role path may come before it); a literal name ends the ARN.
func ARNNamesRole(arn, name string) bool {
	return iam.HasSym(name) && strings.Contains(arn, name) || strings.HasSuffix(arn, "/"+name)
}

// partitions are the partitions other than the commercial one, which all
// but a few projects deploy to.
var partitions = []string{"aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"}

// Evidence gathers what files show of the deployment they are written
// for: the partition their ARNs name, and the Region and account of the
// ARNs they write out in full.
//
// Only the project's own ARNs count. ARNs of what others publish (see
// published) do not. Principals carry no Region (IAM and STS ARNs, account
// IDs), so an ARN that names another account's principal never counts
// either. And files that write the Region or the account as the deployment
// fills it in (${AWS::Region}, data.aws_region, ${aws:accountId}) name their
// own resources that way: the ARNs they write out in full are someone
// else's, such as a function another account shares.
type Evidence struct {
	partition         string
	regions, accounts map[string]bool
	pseudo            bool // the files write the Region or account symbolically
}

// Add takes the evidence of one more file as written.
func (e *Evidence) Add(data []byte) {
	for _, w := range pseudoWords {
		if !e.pseudo && bytes.Contains(data, w) {
			e.pseudo = true
		}
	}
	e.AddValues(data)
}

// Symbolic records that the files write the Region or the account as the
// deployment fills it in, in a way Add does not see: a Terraform provider
// that takes its Region from a variable.
func (e *Evidence) Symbolic() { e.pseudo = true }

// AddValues takes the evidence of values already resolved, such as those
// of a Terraform plan, where every ARN is written out in full whatever the
// configuration wrote.
func (e *Evidence) AddValues(data []byte) {
	for _, part := range partitions {
		if bytes.Contains(data, []byte("arn:"+part+":")) {
			e.partition = part
		}
	}
	if e.regions == nil {
		e.regions, e.accounts = map[string]bool{}, map[string]bool{}
	}
	for _, m := range literalARN.FindAllSubmatch(data, -1) {
		if published(string(m[1]), string(m[4])) {
			continue
		}
		e.regions[string(m[2])], e.accounts[string(m[3])] = true, true
	}
}

// Partition is the partition the files name, or "" when they name none but
// the commercial one.
func (e *Evidence) Partition() string { return e.partition }

// Place returns the Region and account of the files' ARNs when they write
// one Region and one account throughout (as CDK does for stacks with an
// environment) and never write either symbolically; ok is false otherwise.
func (e *Evidence) Place() (region, account string, ok bool) {
	if e.pseudo || len(e.regions) != 1 || len(e.accounts) != 1 {
		return "", "", false
	}
	for r := range e.regions {
		region = r
	}
	for a := range e.accounts {
		account = a
	}
	return region, account, true
}

// DefaultKeyPolicy is the key policy KMS gives a key created without one:
// it lets the IAM policies of the key's account grant access to the key,
// and nothing else. It points at where the key is defined.
func DefaultKeyPolicy(resource, what string, f *File, at *node.Node) *ResourcePolicy {
	account := iam.ARNAccount(resource)
	doc, err := node.ParseJSON([]byte(`{"Version": "2012-10-17", "Statement": [{"Sid": "Enable IAM User Permissions",
  "Effect": "Allow", "Principal": {"AWS": ` + strconv.Quote("arn:aws:iam::"+account+":root") + `}, "Action": "kms:*", "Resource": "*"}]}`))
	if err != nil {
		panic("project: the default key policy does not parse: " + err.Error())
	}
	pol, _ := iam.ParsePolicy(doc, iam.PlainResolver)
	PointAt(pol, at)
	pol.Name, pol.File, pol.Generated = "the default key policy of "+what, f.Path, true
	return &ResourcePolicy{Resource: resource, Policy: pol, Required: true, What: what}
}

// placeholderRE finds a ${Name} placeholder written as text: the form
// DefinitionSubstitutions, Fn::Sub and template files fill in. Amazon
// States Language itself never writes ${ (its paths start with $. and its
// intrinsic functions use {}).
var placeholderRE = regexp.MustCompile(`\$\{[^${}\s"\x{E000}\x{E001}]+\}`)

// Placeholders returns the byte offsets of each ${Name} placeholder that
// a resolved value holds as text, rather than as a symbol: one that
// nothing substituted.
func Placeholders(s string) [][]int {
	if !strings.Contains(s, "${") {
		return nil
	}
	var out [][]int
	for _, loc := range placeholderRE.FindAllStringIndex(s, -1) {
		// An expression's symbol keeps its source text, which is not text
		// the definition holds.
		if !insideSymbol(s, loc[0]) {
			out = append(out, loc)
		}
	}
	return out
}

// insideSymbol reports whether byte offset i of s falls within a symbol.
func insideSymbol(s string, i int) bool {
	depth := 0
	for _, r := range s[:i] {
		switch r {
		case '\uE000':
			depth++
		case '\uE001':
			depth--
		}
	}
	return depth > 0
}
