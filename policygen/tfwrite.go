package policygen

import (
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/terraform"
)

// tfBlock is a top-level block of a module's file.
type tfBlock struct {
	f *project.File
	b *hclsyntax.Block
}

// moduleBlocks parses the .tf files of a directory that the run read.
func moduleBlocks(p *project.Project, dir string) []tfBlock {
	var out []tfBlock
	for _, f := range p.Files {
		if f.Kind != terraform.Terraform || path.Dir(f.Path) != dir {
			continue
		}
		file, diags := hclsyntax.ParseConfig(f.Data, f.Path, hcl.InitialPos)
		if diags.HasErrors() || file == nil {
			continue
		}
		if body, ok := file.Body.(*hclsyntax.Body); ok {
			for _, b := range body.Blocks {
				out = append(out, tfBlock{f, b})
			}
		}
	}
	return out
}

// literal reads an attribute that is a plain string.
func literal(body *hclsyntax.Body, name string) string {
	a := body.Attributes[name]
	if a == nil {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() {
		return ""
	}
	return v.AsString()
}

// refersTo reports whether an attribute is a reference to the resource at
// addr (type.label), to any of its attributes.
func refersTo(body *hclsyntax.Body, name, addr string) bool {
	a := body.Attributes[name]
	if a == nil {
		return false
	}
	for _, tr := range a.Expr.Variables() {
		if parts := terraform.TraversalNames(tr); len(parts) >= 2 && parts[0]+"."+parts[1] == addr {
			return true
		}
	}
	return false
}

// tfEdit writes a role's policy as a data "aws_iam_policy_document" and
// the inline policy named sfn-lint that reads it: in place of the policy
// of the aws_iam_role_policy or inline_policy block of that name, or else
// as an inline_policy block of the role (when it has others, which manage
// its inline policies alone) or an aws_iam_role_policy.
func tfEdit(p *project.Project, r *project.Role, d *Document) (*project.File, []edit, string) {
	dir := path.Dir(r.File.Path)
	if path.Dir(d.Machine.File.Path) != dir {
		return nil, nil, "it is defined in another module than state machine " + fmt.Sprintf("%q", d.Machine.Name)
	}
	label := strings.TrimPrefix(r.Path, "aws_iam_role.")
	addr := "aws_iam_role." + label
	dataLabel := tfLabel(label, "sfn_lint")
	w := newTFWriter(d.Machine)
	var block strings.Builder
	writeTerraform(&block, d, w, dataLabel)
	for _, typ := range w.declare {
		fmt.Fprintf(&block, "\ndata %q \"current\" {}\n", typ)
	}
	if len(w.widened) > 0 {
		return nil, nil, fmt.Sprintf("%s cannot be named in the module", strings.Join(w.widened, ", "))
	}
	ref := "data.aws_iam_policy_document." + dataLabel + ".json"
	blocks := moduleBlocks(p, dir)
	var role *tfBlock
	var edits []edit
	var holder *tfBlock // the block the data block is written after
	for i := range blocks {
		b := &blocks[i]
		switch {
		case b.b.Type == "resource" && len(b.b.Labels) == 2 && b.b.Labels[0] == "aws_iam_role" && b.b.Labels[1] == label && b.f == r.File:
			role = b
		case b.b.Type == "resource" && len(b.b.Labels) == 2 && b.b.Labels[0] == "aws_iam_role_policy" &&
			literal(b.b.Body, "name") == PolicyName && refersTo(b.b.Body, "role", addr):
			a := b.b.Body.Attributes["policy"]
			if a == nil {
				return nil, nil, "its aws_iam_role_policy named sfn-lint has no policy"
			}
			rg := a.Expr.Range()
			edits = append(edits, edit{rg.Start.Byte, rg.End.Byte, ref})
			holder = b
		}
	}
	if role == nil {
		return nil, nil, "its aws_iam_role block was not found"
	}
	if holder == nil {
		e, ok := inlinePolicy(role, ref)
		if !ok {
			return nil, nil, "an inline_policy block of it names its policy otherwise"
		}
		edits, holder = append(edits, e), role
	}
	for _, b := range blocks {
		if b.b.Type == "data" && len(b.b.Labels) == 2 && b.b.Labels[0] == "aws_iam_policy_document" && b.b.Labels[1] == dataLabel {
			if b.f != holder.f {
				return nil, nil, "its data block " + dataLabel + " is in another file"
			}
			edits = append(edits, edit{b.b.TypeRange.Start.Byte, b.b.CloseBraceRange.End.Byte, strings.TrimSuffix(block.String(), "\n")})
			return holder.f, edits, ""
		}
	}
	at := holder.b.CloseBraceRange.End.Byte
	edits = append(edits, edit{at, at, "\n\n" + strings.TrimSuffix(block.String(), "\n")})
	return holder.f, edits, ""
}

// inlinePolicy writes the inline policy named sfn-lint of a role block:
// in its inline_policy block of that name, in a new inline_policy block
// when it has others, or else in a new aws_iam_role_policy after it.
func inlinePolicy(role *tfBlock, ref string) (edit, bool) {
	var inline []*hclsyntax.Block
	for _, nb := range role.b.Body.Blocks {
		if nb.Type == "inline_policy" {
			inline = append(inline, nb)
		}
	}
	for _, nb := range inline {
		if literal(nb.Body, "name") != PolicyName {
			continue
		}
		a := nb.Body.Attributes["policy"]
		if a == nil {
			return edit{}, false
		}
		rg := a.Expr.Range()
		return edit{rg.Start.Byte, rg.End.Byte, ref}, true
	}
	if len(inline) > 0 {
		at := inline[len(inline)-1].CloseBraceRange.End.Byte
		return edit{at, at, "\n\n  inline_policy {\n    name   = \"" + PolicyName + "\"\n    policy = " + ref + "\n  }"}, true
	}
	at := role.b.CloseBraceRange.End.Byte
	label := role.b.Labels[1]
	return edit{at, at, fmt.Sprintf("\n\nresource \"aws_iam_role_policy\" %q {\n  name   = %q\n  role   = aws_iam_role.%s.id\n  policy = %s\n}",
		tfLabel(label, "sfn_lint"), PolicyName, label, ref)}, true
}
