// Package formats lists the readers of every input format sfn-lint reads.
package formats

import (
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/cfn"
	"github.com/sfn-lint/sfn-lint/project/serverless"
	"github.com/sfn-lint/sfn-lint/project/snapshot"
	"github.com/sfn-lint/sfn-lint/project/standalone"
	"github.com/sfn-lint/sfn-lint/project/terraform"
)

// All returns every reader, in the order files are offered to them and
// read: the first reader that recognises a file reads it.
func All() []project.Reader {
	return []project.Reader{
		cfn.Reader{},
		terraform.Reader{},
		serverless.Reader{},
		snapshot.Reader{},
		// Last: a definition no other format deploys is a machine of its own.
		standalone.Reader{},
	}
}
