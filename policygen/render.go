package policygen

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/cfn"
	"github.com/sfn-lint/sfn-lint/project/serverless"
	"github.com/sfn-lint/sfn-lint/project/terraform"
)

// Format is how a policy is written.
type Format string

// The formats a policy is written in.
const (
	// JSON is an IAM policy document.
	JSON Format = "json"
	// CFN is a CloudFormation PolicyDocument, in YAML, with the
	// template's references and Fn::Sub.
	CFN Format = "cfn"
	// SAM is the Policies list of an AWS::Serverless::StateMachine, with
	// SAM policy templates where one grants exactly what is needed.
	SAM Format = "sam"
	// Terraform is a data "aws_iam_policy_document" block with the
	// module's references.
	Terraform Format = "terraform"
)

// Formats lists the formats, in the order usage names them.
var Formats = []Format{JSON, CFN, SAM, Terraform}

// DefaultFormat is the format of the file that defines a machine: SAM for
// an AWS::Serverless::StateMachine, CloudFormation for other templates and
// the resources of a Serverless Framework service, Terraform for a module,
// JSON for the rest.
func DefaultFormat(m *project.Machine) Format {
	switch {
	case m.File.Kind == project.Template && cfn.TypeOf(m.Node) == "AWS::Serverless::StateMachine":
		return SAM
	case m.File.Kind == project.Template, m.File.Kind == serverless.Serverless:
		return CFN
	case m.File.Kind == terraform.Terraform:
		return Terraform
	}
	return JSON
}

// Applies reports whether a machine's policy can be written in a format
// in the terms of the file that defines it: JSON always, CloudFormation
// for a template or a Serverless service, SAM for an
// AWS::Serverless::StateMachine, Terraform for a module.
func Applies(m *project.Machine, f Format) bool {
	switch f {
	case JSON:
		return true
	case CFN:
		return m.File.Kind == project.Template || m.File.Kind == serverless.Serverless
	case SAM:
		return DefaultFormat(m) == SAM
	case Terraform:
		return m.File.Kind == terraform.Terraform
	}
	return false
}

// Output is a rendering of documents.
type Output struct {
	Text string
	// Notes are what the text may not grant, for formats that cannot
	// hold them as comments (JSON): tasks whose needs are not fully known,
	// values written as "*" because the format cannot name them.
	Notes []string
}

// Render writes documents in a format. Each document is labelled with
// its machine (and role) where there are several, or the format has
// comments.
func Render(docs []*Document, f Format) Output {
	switch f {
	case JSON:
		return renderJSON(docs)
	case Terraform:
		return renderTerraform(docs)
	}
	var b strings.Builder
	var notes []string
	for i, d := range docs {
		if i > 0 {
			b.WriteString("---\n")
		}
		w := newCFNWriter(d.Machine)
		key, v := "PolicyDocument", value(policyTree(d.Statements, func(s string) value { return w.write(s) }))
		if f == SAM && d.Credentials == nil {
			key, v = "Policies", samPolicies(d, w)
		}
		var body strings.Builder
		if d.Machine.File.Kind == project.Template && isJSON(d.Machine.File.Data) {
			// A JSON template is written to in JSON.
			body.WriteString(node.Quote(key) + ": " + jsonText(v, 0) + "\n")
		} else {
			body.WriteString(key + ":")
			writeYAML(&body, v, 0)
		}
		dn := docNotes(d, w.widened)
		writeHeader(&b, d, dn, "# ")
		b.WriteString(body.String())
		notes = append(notes, dn...)
	}
	return Output{Text: b.String(), Notes: notes}
}

// docNotes are a document's notes and the values a writer widened.
func docNotes(d *Document, widened []string) []string {
	notes := slices.Clone(d.Notes)
	slices.Sort(widened)
	for _, v := range slices.Compact(widened) {
		notes = append(notes, fmt.Sprintf("%s is not a value this format can name: \"*\" stands for it", v))
	}
	return notes
}

// writeHeader writes a document's label and notes as comments.
func writeHeader(b *strings.Builder, d *Document, notes []string, comment string) {
	fmt.Fprintf(b, "%s%s, %s\n", comment, d.Label(), d.Machine.File.Path)
	for _, n := range notes {
		b.WriteString(comment + "note: " + n + "\n")
	}
}

// policyTree is a policy document as a tree, each value written by
// write.
func policyTree(stmts []*Statement, write func(string) value) mapping {
	var out list
	for _, s := range stmts {
		st := mapping{{"Sid", s.Sid}, {"Effect", "Allow"}, {"Action", strList(s.Actions)}}
		var res list
		for _, r := range s.Resources {
			res = append(res, write(r))
		}
		st = append(st, entry{"Resource", res})
		if len(s.Conditions) > 0 {
			var ops mapping
			for _, c := range s.Conditions {
				i := slices.IndexFunc(ops, func(e entry) bool { return e.key == c.Op })
				if i < 0 {
					ops = append(ops, entry{c.Op, mapping{}})
					i = len(ops) - 1
				}
				ops[i].val = append(ops[i].val.(mapping), entry{c.Key, write(c.Value)})
			}
			st = append(st, entry{"Condition", ops})
		}
		out = append(out, st)
	}
	return mapping{{"Version", "2012-10-17"}, {"Statement", out}}
}

func strList(items []string) list {
	out := make(list, len(items))
	for i, s := range items {
		out[i] = s
	}
	return out
}

// samPolicies is a document as a SAM Policies list: the SAM policy
// templates that grant exactly part of it, then a policy document with
// the rest.
func samPolicies(d *Document, w *cfnWriter) list {
	region, account := cmp.Or(d.Machine.Region, iam.Region), cmp.Or(d.Machine.Account, iam.AccountID)
	uses, rest := samMatches(d.grants, region, account)
	var out list
	for _, u := range uses {
		var params mapping
		for _, p := range u.params {
			params = append(params, entry{p.key, w.write(p.val.(string))})
		}
		out = append(out, mapping{{u.name, params}})
	}
	if len(rest) > 0 {
		out = append(out, policyTree(statements(rest), func(s string) value { return w.write(s) }))
	}
	return out
}

// renderJSON writes one document as an IAM policy document, and several
// as a list of labelled documents.
func renderJSON(docs []*Document) Output {
	var b strings.Builder
	var notes []string
	write := func(s string) value { return iam.Display(s) }
	if len(docs) == 1 {
		writeJSON(&b, policyTree(docs[0].Statements, write), 0)
		b.WriteString("\n")
		return Output{Text: b.String(), Notes: docs[0].Notes}
	}
	var all list
	for _, d := range docs {
		e := mapping{{"stateMachine", d.Machine.Name}, {"file", d.Machine.File.Path}}
		if d.Credentials != nil {
			e = append(e, entry{"assumedRole", credentialsName(d.Credentials)}, entry{"tasks", strList(d.Tasks)})
		}
		if len(d.Notes) > 0 {
			e = append(e, entry{"notes", strList(d.Notes)})
		}
		e = append(e, entry{"policy", policyTree(d.Statements, write)})
		all = append(all, e)
		notes = append(notes, d.Notes...)
	}
	writeJSON(&b, all, 0)
	b.WriteString("\n")
	return Output{Text: b.String(), Notes: notes}
}

// renderTerraform writes each document as a data "aws_iam_policy_document"
// block, with the data sources it reads that its module does not declare.
func renderTerraform(docs []*Document) Output {
	var b strings.Builder
	var notes []string
	declared := map[string]bool{}
	for i, d := range docs {
		if i > 0 {
			b.WriteString("\n")
		}
		w := newTFWriter(d.Machine)
		var body strings.Builder
		writeTerraform(&body, d, w, DataLabel(d))
		dn := docNotes(d, w.widened)
		writeHeader(&b, d, dn, "# ")
		b.WriteString(body.String())
		for _, typ := range w.declare {
			if !declared[typ] {
				declared[typ] = true
				fmt.Fprintf(&b, "\ndata %q \"current\" {}\n", typ)
			}
		}
		notes = append(notes, dn...)
	}
	return Output{Text: b.String(), Notes: notes}
}

// DataLabel is the label of a document's data "aws_iam_policy_document"
// block: the machine's, and the assumed role's.
func DataLabel(d *Document) string {
	if d.Credentials == nil {
		return tfLabel(d.Machine.Name, "sfn_lint")
	}
	role := "assumed"
	if d.Role != nil {
		role = d.Role.Name
	}
	return tfLabel(d.Machine.Name, role, "sfn_lint")
}
