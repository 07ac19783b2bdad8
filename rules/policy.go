package rules

// What the policy generator asks of the catalog.

// Known reports whether sfn-lint knows what a Task resource needs: an
// optimized integration of the catalog, an AWS SDK call, a Lambda function
// or an activity. A task it does not know may need anything.
func Known(resource string) bool {
	in := ParseResource(resource)
	switch in.Kind {
	case Optimized:
		_, ok := catalog[in.API]
		return ok && taskAPI(in.API)
	case Unknown:
		return false
	}
	return true
}
