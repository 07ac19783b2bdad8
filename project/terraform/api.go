package terraform

import (
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// apiRoutes records how the module's APIs authorize their callers: its
// aws_api_gateway_method and aws_apigatewayv2_route resources; and which
// APIs are HTTP APIs.
func (m *tfModule) apiRoutes() {
	for _, b := range m.blocks {
		if b.kind != "resource" || m.absent(b) {
			continue
		}
		switch b.typ {
		case "aws_apigatewayv2_api":
			if protocol, ok := m.attrStr(b, "protocol_type"); ok && protocol == "HTTP" {
				if id, ok := m.ref(hexpr{}, []string{b.typ, b.name, "id"}, 0); ok {
					m.p.AddHTTPAPI(id)
				}
			}
		case "aws_api_gateway_method":
			api, ok := m.attrStr(b, "rest_api_id")
			if !ok {
				continue
			}
			method, _ := m.attrStr(b, "http_method")
			auth, ok := m.attrStr(b, "authorization")
			if !ok {
				auth = iam.Sym(b.addr() + ".authorization")
			}
			m.p.AddAPIRoute(api, method, m.resourcePath(b, "resource_id", 0), auth)
		case "aws_apigatewayv2_route":
			api, ok1 := m.attrStr(b, "api_id")
			key, ok2 := m.attrStr(b, "route_key")
			if !ok1 || !ok2 {
				continue
			}
			auth, ok := m.attrStr(b, "authorization_type")
			if !ok {
				auth = "NONE"
			}
			if method, path, ok := project.RouteKey(key); ok {
				m.p.AddAPIRoute(api, method, path, auth)
			}
		}
	}
}

// attrStr evaluates an argument of a block.
func (m *tfModule) attrStr(b *tfBlock, name string) (string, bool) {
	x, ok := b.attr(name)
	if !ok {
		return "", false
	}
	return m.str(x, 0)
}

// resourcePath follows the aws_api_gateway_resource an argument names,
// and its parents, to the path it stands for; "" when the files do not
// say.
func (m *tfModule) resourcePath(b *tfBlock, arg string, depth int) string {
	x, ok := b.attr(arg)
	if !ok || depth > maxEvalDepth {
		return ""
	}
	names := refNames(x.e)
	if len(names) != 3 {
		return ""
	}
	switch {
	case names[0] == "aws_api_gateway_rest_api" && names[2] == "root_resource_id":
		return "/"
	case names[0] == "aws_api_gateway_resource" && names[2] == "id":
		r := m.res[names[0]+"."+names[1]]
		if r == nil {
			return ""
		}
		parent := m.resourcePath(r, "parent_id", depth+1)
		part, ok := m.attrStr(r, "path_part")
		if parent == "" || !ok {
			return ""
		}
		return strings.TrimSuffix(parent, "/") + "/" + part
	}
	return ""
}
