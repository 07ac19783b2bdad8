package cfn

import (
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// SAM's implicit APIs, which functions' events without an API create.
const (
	samRestAPI = "ServerlessRestApi"
	samHTTPAPI = "ServerlessHttpApi"
)

// ReadAPIRoutes records how the template's APIs authorize their callers:
// the AWS::ApiGateway::Method and AWS::ApiGatewayV2::Route resources, and
// the Api and HttpApi events of SAM functions; and which APIs are HTTP
// APIs.
func (t *Template) ReadAPIRoutes() {
	if t.resources == nil {
		return
	}
	for i, k := range t.resources.Keys {
		r := t.resources.Values[i]
		props := r.Get("Properties")
		switch typeOf(r) {
		case "AWS::ApiGatewayV2::Api":
			if protocol, ok := t.resolve(props.Get("ProtocolType")); ok && protocol == "HTTP" {
				t.p.AddHTTPAPI(t.refValue(k.Value))
			}
		case "AWS::Serverless::HttpApi":
			t.p.AddHTTPAPI(t.refValue(k.Value))
		case "AWS::ApiGateway::Method":
			api, ok := t.resolve(props.Get("RestApiId"))
			if !ok {
				continue
			}
			method, _ := t.resolve(props.Get("HttpMethod"))
			t.p.AddAPIRoute(api, method, t.resourcePath(props.Get("ResourceId"), 0), t.authorization(props.Get("AuthorizationType")))
		case "AWS::ApiGatewayV2::Route":
			api, ok1 := t.resolve(props.Get("ApiId"))
			key, ok2 := t.resolve(props.Get("RouteKey"))
			if !ok1 || !ok2 {
				continue
			}
			if method, path, ok := project.RouteKey(key); ok {
				t.p.AddAPIRoute(api, method, path, t.authorization(props.Get("AuthorizationType")))
			}
		case "AWS::Serverless::Function":
			if evs := props.Get("Events"); evs != nil && evs.Kind == node.Map {
				for _, ev := range evs.Values {
					t.samEvent(ev)
				}
			}
		}
	}
}

// authorization reads an AuthorizationType, NONE when it is absent.
func (t *Template) authorization(n *node.Node) string {
	if n == nil {
		return "NONE"
	}
	if v, ok := t.resolve(n); ok {
		return v
	}
	return iam.Sym("AuthorizationType")
}

// resourcePath follows an AWS::ApiGateway::Resource and its parents to
// the path it stands for; "" when the files do not say.
func (t *Template) resourcePath(n *node.Node, depth int) string {
	if res, attr, ok := getAtt(n); ok && attr == "RootResourceId" && typeOf(t.resource(res)) == "AWS::ApiGateway::RestApi" {
		return "/"
	}
	name := refTarget(n)
	r := t.resource(name)
	if r == nil || typeOf(r) != "AWS::ApiGateway::Resource" || depth > 50 {
		return ""
	}
	props := r.Get("Properties")
	parent := t.resourcePath(props.Get("ParentId"), depth+1)
	part, ok := t.resolve(props.Get("PathPart"))
	if parent == "" || !ok {
		return ""
	}
	return strings.TrimSuffix(parent, "/") + "/" + part
}

// samEvent records the route an Api or HttpApi event of a SAM function
// adds to its API, authorized as the event says or, without an
// Authorizer, as the API's default authorizer does. An API written as an
// OpenAPI document says it there, and is not read.
func (t *Template) samEvent(ev *node.Node) {
	typ, _ := ev.Get("Type").Str()
	props := ev.Get("Properties")
	apiKey, implicit, method, path := "RestApiId", samRestAPI, "ANY", "$default"
	switch typ {
	case "Api":
	case "HttpApi":
		apiKey, implicit = "ApiId", samHTTPAPI
	default:
		return
	}
	name, api := implicit, iam.Sym(implicit)
	if typ == "HttpApi" && props.Get(apiKey) == nil {
		t.p.AddHTTPAPI(api)
	}
	if ref := props.Get(apiKey); ref != nil {
		name = refTarget(ref)
		v, ok := t.resolve(ref)
		if !ok {
			return
		}
		api = v
	}
	apiRes := t.resource(name)
	apiProps := apiRes.Get("Properties")
	if apiProps.Get("DefinitionBody") != nil || apiProps.Get("DefinitionUri") != nil {
		return
	}
	if m, ok := t.resolve(props.Get("Method")); ok {
		method = m
	}
	if p, ok := t.resolve(props.Get("Path")); ok {
		path = p
	} else if typ == "Api" {
		return
	}
	auth := apiProps.Get("Auth")
	if auth == nil {
		auth = t.f.Root.Get("Globals").Get(typ).Get("Auth")
	}
	authorizer := auth.Get("DefaultAuthorizer")
	if a := props.Get("Auth").Get("Authorizer"); a != nil {
		authorizer = a
	}
	t.p.AddAPIRoute(api, method, path, t.samAuthorization(authorizer))
}

// samAuthorization turns a SAM Authorizer (NONE, AWS_IAM or the name of
// an authorizer the API defines) into the authorization of the route.
func (t *Template) samAuthorization(n *node.Node) string {
	if n == nil {
		return "NONE"
	}
	v, ok := t.resolve(n)
	switch {
	case !ok || iam.HasSym(v):
		return iam.Sym("Authorizer")
	case v == "NONE" || v == "AWS_IAM":
		return v
	}
	return "CUSTOM"
}

// refValue is what Ref of a resource of the template gives.
func (t *Template) refValue(name string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ref(name)
}
