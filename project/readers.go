package project

import (
	"path"
	"strings"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

type templateReader struct{}

func (templateReader) Recognize(f *File) Kind {
	if f.Root != nil && f.Root.Get("Resources") != nil && f.Root.Get("Resources").Kind == node.Map {
		return Template
	}
	return Other
}

func (templateReader) Read(p *Project, files []*File) {
	for _, f := range files {
		p.Guard(f, func() { p.readTemplate(f) })
	}
}

type terraformReader struct{}

func (terraformReader) Recognize(f *File) Kind {
	switch {
	case f.Root == nil && strings.EqualFold(path.Ext(f.Path), ".tf"):
		return Terraform
	case f.Root != nil && f.Root.Get("planned_values") != nil && f.Root.Get("format_version") != nil:
		return TerraformPlan
	}
	return Other
}

func (terraformReader) Read(p *Project, files []*File) {
	p.readTerraform(files)
	p.readTerraformPlans(files)
}

type serverlessReader struct{}

func (serverlessReader) Recognize(f *File) Kind {
	if f.Root != nil && f.Root.Get("stepFunctions") != nil && f.Root.Get("service") != nil {
		return Serverless
	}
	return Other
}

func (serverlessReader) Read(p *Project, files []*File) { p.readServerless(files) }

type snapshotReader struct{}

func (snapshotReader) Recognize(f *File) Kind {
	root := f.Root
	switch {
	case root == nil:
	case root.Get("RoleDetailList") != nil || root.Get("Policies") != nil && root.Get("UserDetailList") != nil:
		return AccountDetails
	case root.Get("stateMachineArn") != nil && root.Get("definition") != nil:
		return MachineSnapshot
	}
	return Other
}

func (snapshotReader) Read(p *Project, files []*File) { p.readSnapshots(files) }

type standaloneReader struct{}

func (standaloneReader) Recognize(f *File) Kind {
	switch {
	case f.Root == nil:
	case asl.IsDefinition(f.Root):
		return Definition
	case iam.IsPolicyDocument(f.Root):
		return Policy
	}
	return Other
}

func (standaloneReader) Read(p *Project, files []*File) { p.readStandalone(files) }

// Readers lists every format's reader.
func Readers() []Reader {
	return []Reader{templateReader{}, terraformReader{}, serverlessReader{}, snapshotReader{},
		// Last: the definitions no other format uses are machines of their own.
		standaloneReader{}}
}
