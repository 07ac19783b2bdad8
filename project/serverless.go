package project

// readServerless reads the state machines of Serverless Framework services.
func (p *Project) readServerless() {}
