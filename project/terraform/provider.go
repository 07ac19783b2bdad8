package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// The Region of a module instance is its default aws provider's: every way
// of writing it is one value. data.aws_region gives it; a variable the
// provider block sets region from (region = var.region) is it; a Region the
// block writes out is it. So is the account a provider block allows alone
// (allowed_account_ids = [var.account]). A resource or data source of an
// aliased provider (provider = aws.west) is in that provider's Region, and
// a module called with providers = { aws = aws.west } runs there too.

// applyProvider reads the instance's default aws provider block: the
// variables it takes the Region and account from stand for them, whatever
// they are set to (a variable's default is not the Region a deployment
// picks), and the values it writes out are them.
func (m *tfModule) applyProvider() {
	m.regionVar, m.accountVar = "", ""
	b := m.providers[""]
	if b == nil {
		return
	}
	set := func(x hexpr, name *string, v *string) {
		if *name = varName(x.e); *name != "" {
			// In a module another calls, the variable is what the call
			// passes: the caller's value, known or not.
			if m.via != nil {
				if a, ok := m.via.attr(*name); ok {
					a.mod = m.parent
					if s, ok := m.str(a, 0); ok && s != "" {
						*v = s
					}
				}
			}
			return
		}
		if s, ok := m.str(x, 0); ok && s != "" && !iam.HasSym(s) {
			*v = s
		}
	}
	if x, ok := b.attr("region"); ok {
		set(x, &m.regionVar, &m.region)
	}
	if x, ok := b.attr("allowed_account_ids"); ok {
		if list, ok := m.items(x, 0); ok && len(list) == 1 {
			set(list[0], &m.accountVar, &m.account)
		}
	}
	m.known = !iam.HasSym(m.region) && !iam.HasSym(m.account)
}

// varName returns X for an expression that is exactly var.X (or
// "${var.X}"), or "".
func varName(e hclsyntax.Expression) string {
	for {
		switch w := e.(type) {
		case *hclsyntax.TemplateWrapExpr:
			e = w.Wrapped
			continue
		case *hclsyntax.TemplateExpr:
			if len(w.Parts) == 1 {
				e = w.Parts[0]
				continue
			}
		}
		break
	}
	if names := refNames(e); len(names) == 2 && names[0] == "var" {
		return names[1]
	}
	return ""
}

// linked returns the value a variable stands for when a provider block
// takes the Region or the account from it.
func (m *tfModule) linked(name string) (string, bool) {
	switch name {
	case "":
	case m.regionVar:
		return m.region, true
	case m.accountVar:
		return m.account, true
	}
	return "", false
}

// regionOf returns the Region a resource or data source is in: that of the
// provider its provider argument names, or the instance's.
func (m *tfModule) regionOf(b *tfBlock) string {
	x, ok := b.attr("provider")
	if !ok {
		return m.region
	}
	return m.providerRegion(x)
}

// providerRegion returns the Region of the provider an expression such as
// aws.west names: the Region its block writes, or a value of its own.
func (m *tfModule) providerRegion(x hexpr) string {
	names := refNames(x.e)
	if len(names) != 2 || names[0] != "aws" {
		return m.region
	}
	alias := names[1]
	if b := m.providers[alias]; b != nil {
		if rx, ok := b.attr("region"); ok {
			if v, ok := m.str(rx, 0); ok && v != "" {
				return v
			}
		}
	}
	return iam.Sym("provider.aws." + alias + ".region")
}

// calledRegion returns the Region a module call gives the module's
// default provider: the one its providers argument maps aws to, or the
// caller's.
func (m *tfModule) calledRegion(call *tfBlock) string {
	x, ok := call.attr("providers")
	if !ok {
		return m.region
	}
	obj, ok := x.e.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return m.region
	}
	for _, it := range obj.Items {
		if k, ok := objectKey(x.sub(it.KeyExpr)); ok && k == "aws" {
			return m.providerRegion(x.sub(it.ValueExpr))
		}
	}
	return m.region
}

// ProviderVars returns the variables the default aws provider block of a
// .tf file takes the Region and the account from (region = var.region,
// allowed_account_ids = [var.account]), or "": a fix may write either
// with them.
func ProviderVars(f *project.File) (region, account string) {
	file, _ := hclsyntax.ParseConfig(f.Data, f.Path, hcl.InitialPos)
	if file == nil {
		return "", ""
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return "", ""
	}
	for _, b := range body.Blocks {
		if b.Type != "provider" || len(b.Labels) != 1 || b.Labels[0] != "aws" || b.Body.Attributes["alias"] != nil {
			continue
		}
		if a := b.Body.Attributes["region"]; a != nil {
			region = varName(a.Expr)
		}
		if a := b.Body.Attributes["allowed_account_ids"]; a != nil {
			if t, ok := a.Expr.(*hclsyntax.TupleConsExpr); ok && len(t.Exprs) == 1 {
				account = varName(t.Exprs[0])
			}
		}
	}
	return region, account
}
