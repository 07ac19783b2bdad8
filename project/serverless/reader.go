// Package serverless reads Serverless Framework services that declare
// state machines with the serverless-step-functions plugin: the service's
// variables, its functions and resources, and the role the plugin
// generates when the service names none.
package serverless

import (
	"github.com/sfn-lint/sfn-lint/project"
)

// Serverless is a service file (serverless.yml) with stepFunctions.
const Serverless project.Kind = "serverless"

// Reader reads Serverless Framework services.
type Reader struct{}

// Extensions are those of the files the format is written in.
func (Reader) Extensions() []string { return []string{".yml", ".yaml", ".json"} }

// Recognize knows a service by its service and stepFunctions keys.
func (Reader) Recognize(f *project.File) project.Kind {
	if f.Root != nil && f.Root.Get("stepFunctions") != nil && f.Root.Get("service") != nil {
		return Serverless
	}
	return project.Other
}

// Read reads each service on its own.
func (Reader) Read(p *project.Project, files []*project.File) {
	for _, f := range files {
		if f.Root != nil {
			p.Guard(f, func() { readService(p, f) })
		}
	}
}
