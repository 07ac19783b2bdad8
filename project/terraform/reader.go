// Package terraform reads Terraform: the .tf files of each module, with the
// local modules they call and the files they read, and the JSON of
// `terraform show -json` for a saved plan.
package terraform

import (
	"path"
	"strings"

	"github.com/sfn-lint/sfn-lint/project"
)

const (
	// Terraform is a .tf file, parsed with the other .tf files of its
	// directory (its module).
	Terraform project.Kind = "terraform"
	// Plan is the JSON of `terraform show -json`.
	Plan project.Kind = "terraform-plan"
)

// Reader reads Terraform configurations and plans.
type Reader struct{}

// Extensions are those of the files the format is written in.
func (Reader) Extensions() []string { return []string{".tf", ".json"} }

// Recognize knows a configuration by its .tf name and a plan by its
// planned_values and format_version.
func (Reader) Recognize(f *project.File) project.Kind {
	switch {
	case f.Root == nil && strings.EqualFold(path.Ext(f.Path), ".tf"):
		return Terraform
	case f.Root != nil && f.Root.Get("planned_values") != nil && f.Root.Get("format_version") != nil:
		return Plan
	}
	return project.Other
}

// Read reads the modules, then the plans.
func (Reader) Read(p *project.Project, files []*project.File) {
	readTerraform(p, files)
	readPlans(p, files)
}
