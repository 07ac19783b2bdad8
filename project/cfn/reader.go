// Package cfn reads CloudFormation templates, SAM templates and what the
// AWS CDK synthesizes: their state machines, roles, policies and the
// resources both name.
package cfn

import (
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// Reader reads CloudFormation templates.
type Reader struct{}

// Extensions are those of the files the format is written in.
func (Reader) Extensions() []string { return []string{".json", ".yaml", ".yml", ".template"} }

// Recognize knows a Template by its Resources map.
func (Reader) Recognize(f *project.File) project.Kind {
	if f.Root != nil && f.Root.Get("Resources") != nil && f.Root.Get("Resources").Kind == node.Map {
		return project.Template
	}
	return project.Other
}

// Read reads each Template on its own.
func (Reader) Read(p *project.Project, files []*project.File) {
	for _, f := range files {
		p.Guard(f, func() { readTemplate(p, f) })
	}
}
