package rules

import (
	"strings"

	"github.com/sfn-lint/sfn-lint/asl"
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// variant picks the catalog rows of a task's integration for what the
// task starts or calls, where the project defines it: a child state
// machine that is an Express workflow (states:startExecution:express), an
// API method that does not authorize its callers with IAM
// (apigateway:invoke:no-iam), an HTTP API of the project
// (apigateway:invoke:http) have rows of their own.
func (e env) variant(in Integration, t *asl.Task) string {
	switch {
	case e.proj == nil:
	case in.API == "states:startExecution" && e.expressChild(t):
		return in.API + ":express"
	case in.API == "apigateway:invoke" && e.withoutIAM(t):
		return in.API + ":no-iam"
	case in.API == "apigateway:invoke" && e.httpAPI(t):
		return in.API + ":http"
	}
	return in.API
}

// httpAPI reports whether the API a task calls is an HTTP API of the
// project, whose $default stage a call without a Stage reaches.
func (e env) httpAPI(t *asl.Task) bool {
	host := t.Param("ApiEndpoint")
	if len(host) != 1 || host[0].Dynamic {
		return false
	}
	api := e.apply("apiid", host[0].Value)
	return api != iam.Any && e.proj.IsHTTPAPI(api)
}

// expressChild reports whether every state machine a task starts is an
// Express workflow of the project, named by the ARN it has or by the ARN of
// one of its versions or aliases.
func (e env) expressChild(t *asl.Task) bool {
	vals := t.Param("StateMachineArn")
	if len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		if v.Dynamic {
			return false
		}
		if express, ok := e.proj.StateMachine(e.apply("sfn", v.Value)); !ok || !express {
			return false
		}
	}
	return true
}

// withoutIAM reports whether the API method a task calls is one of the
// project's, and authorizes its callers otherwise than with IAM: then API
// Gateway does not evaluate execute-api:Invoke against the caller's
// policies. Every method or route that may be the one called must be known
// not to use AWS_IAM, and one must be known to be it.
func (e env) withoutIAM(t *asl.Task) bool {
	host, method, path := t.Param("ApiEndpoint"), t.Param("Method"), t.Param("Path")
	if len(host) != 1 || host[0].Dynamic || len(method) != 1 || method[0].Dynamic || len(path) > 1 {
		return false
	}
	api := e.apply("apiid", host[0].Value)
	if api == iam.Any {
		return false
	}
	call := route{method: method[0].Value}
	if len(path) == 1 {
		call.path, call.dynamic = path[0].Value, path[0].Dynamic
	}
	routes := e.proj.RoutesOf(api)
	sure := false
	for _, r := range routes {
		m := call.matches(r, routes)
		if m == iam.No {
			continue
		}
		if r.Authorization == "AWS_IAM" || iam.HasSym(r.Authorization) {
			return false
		}
		sure = sure || m == iam.Yes
	}
	return sure
}

// route is the method and path a task calls.
type route struct {
	method, path string
	dynamic      bool // the path is taken from the input
}

// matches tells whether a method or route of the API may be the one a call
// reaches. An HTTP API's $default route takes what no other route does.
func (c route) matches(r project.APIRoute, all []project.APIRoute) iam.Tri {
	m := iam.No
	switch {
	case r.Method == "ANY" || r.Method == c.method:
		m = iam.Yes
	case iam.HasSym(r.Method) || iam.HasSym(c.method):
		m = iam.Maybe
	}
	if m == iam.No {
		return m
	}
	if r.Path == "$default" {
		for _, o := range all {
			if o.Path != "$default" && c.matches(o, all) != iam.No {
				return iam.Maybe
			}
		}
		return m
	}
	return min(m, c.pathMatches(r.Path))
}

// pathMatches matches the path of a call against a resource path such as
// /orders/{id} or /{proxy+}.
func (c route) pathMatches(pattern string) iam.Tri {
	if pattern == "" || c.dynamic {
		return iam.Maybe
	}
	split := func(s string) []string {
		s = strings.Trim(s, "/")
		if s == "" {
			return nil
		}
		return strings.Split(s, "/")
	}
	pat, segs := split(pattern), split(c.path)
	result := iam.Yes
	for i, p := range pat {
		switch {
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "+}"):
			if i < len(segs) {
				return result
			}
			return iam.No
		case i >= len(segs):
			return iam.No
		case iam.HasSym(p) || iam.HasSym(segs[i]):
			result = iam.Maybe
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}"):
		case p != segs[i]:
			return iam.No
		}
	}
	if len(segs) > len(pat) {
		return iam.No
	}
	return result
}
