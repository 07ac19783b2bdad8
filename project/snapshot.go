package project

// readSnapshots reads state machines and roles exported from an account.
func (p *Project) readSnapshots() {}
