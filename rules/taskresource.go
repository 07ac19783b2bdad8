package rules

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// TaskResource reports Task resources Step Functions does not run: an
// unknown optimized API, or a pattern the integration does not support.
var TaskResource = &Rule{
	Code: "SFN408", Slug: "task-resource", Title: "TaskResource", Severity: Error,
	Categories: map[string]Severity{Unchecked: Warning, Doubtful: Warning},
	run: func(pass *Pass) {
		proj := pass.Project
		for _, m := range proj.Machines {
			if m.Definition == nil {
				continue
			}
			for _, t := range m.Definition.Tasks {
				if placeholderLeft(m, t.Resource) {
					continue // SFN101 reports it
				}
				category, msg := checkResource(t.Resource)
				if in := ParseResource(t.Resource); msg == "" && m.Express && in.Pattern != RequestResponse && in.Kind != Unknown && in.Kind != Activity {
					category, msg = "", fmt.Sprintf("Express workflows run request-response integrations only, not %s", patternNames[in.Pattern])
				}
				if msg == "" {
					continue
				}
				pos, end := proj.Span(m.DefFile(), t.ResourceNode)
				pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: category, Message: fmt.Sprintf("task %q: %s", t.Name, msg)})
			}
		}
	},
}

var patternNames = map[string]string{
	RequestResponse: "request-response",
	Sync:            ".sync",
	Sync2:           ".sync:2",
	Callback:        ".waitForTaskToken",
}

// doubtfulCallback lists integrations whose callback support the AWS
// documentation contradicts itself about: using it is worth a warning, not
// an error.
var doubtfulCallback = map[string]bool{"glue": true, "sagemaker": true, "eks": true}

// checkResource returns the category and message for a Task resource that
// is not right, or no message when it is.
func checkResource(res string) (category, msg string) {
	in := ParseResource(res)
	switch in.Kind {
	case SDK:
		if in.Pattern == Sync || in.Pattern == Sync2 {
			return "", fmt.Sprintf("AWS SDK integrations support request-response and .waitForTaskToken only, not %s", patternNames[in.Pattern])
		}
	case Optimized:
		service, _, _ := strings.Cut(in.API, ":")
		rows, ok := catalog[in.API]
		if !ok || !taskAPI(in.API) {
			if knownService(service) {
				return "", fmt.Sprintf("%q is not an API of the %s integration (%s)", in.API, service, strings.Join(apisOf(service), ", "))
			}
			return Unchecked, fmt.Sprintf("%q is not an integration sfn-lint knows, so its permissions are not checked", in.API)
		}
		var supported []string
		for _, r := range rows {
			if r.purpose == Base {
				for _, p := range r.patterns {
					if !slices.Contains(supported, p) {
						supported = append(supported, p)
					}
				}
			}
		}
		if !slices.Contains(supported, in.Pattern) {
			names := make([]string, 0, len(supported))
			for _, p := range []string{RequestResponse, Sync, Sync2, Callback} {
				if slices.Contains(supported, p) {
					names = append(names, patternNames[p])
				}
			}
			msg := fmt.Sprintf("%s does not support %s (it supports %s)", in.API, patternNames[in.Pattern], strings.Join(names, ", "))
			if in.Pattern == Callback && doubtfulCallback[service] {
				return Doubtful, msg + "; the AWS documentation is not consistent about this one"
			}
			return "", msg
		}
	}
	return "", ""
}

func knownService(service string) bool {
	for api := range catalog {
		if strings.HasPrefix(api, service+":") && taskAPI(api) {
			return true
		}
	}
	return false
}

func apisOf(service string) []string {
	var out []string
	for api := range catalog {
		if s, name, ok := strings.Cut(api, ":"); ok && s == service && taskAPI(api) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
