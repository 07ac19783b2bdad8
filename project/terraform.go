package project

// readTerraform reads the state machines and roles of the Terraform
// modules among the files.
func (p *Project) readTerraform() {}
