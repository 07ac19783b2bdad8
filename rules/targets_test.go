package rules

import (
	"testing"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

func TestWithoutIAM(t *testing.T) {
	api := iam.Sym("Api")
	routes := func(rs ...project.APIRoute) *project.Project {
		for i := range rs {
			rs[i].API = api
		}
		return &project.Project{APIRoutes: rs}
	}
	open := func(method, path string) project.APIRoute {
		return project.APIRoute{Method: method, Path: path, Authorization: "NONE"}
	}
	signed := func(method, path string) project.APIRoute {
		return project.APIRoute{Method: method, Path: path, Authorization: "AWS_IAM"}
	}
	call := func(method, path string) string {
		return `{"ApiEndpoint":"` + api + `.execute-api.us-east-1.amazonaws.com","Method":"` + method + `","Path":"` + path + `","AuthType":"IAM_ROLE"}`
	}
	tests := []struct {
		name   string
		proj   *project.Project
		params string
		want   bool
	}{
		{"open method", routes(open("POST", "/orders")), call("POST", "orders"), true},
		{"signed method", routes(open("POST", "/orders"), signed("GET", "/orders")), call("GET", "/orders"), false},
		{"path parameter", routes(open("GET", "/orders/{id}")), call("GET", "/orders/42"), true},
		{"greedy path", routes(open("ANY", "/{proxy+}")), call("DELETE", "/a/b"), true},
		{"greedy path needs a segment", routes(open("ANY", "/{proxy+}")), call("DELETE", "/"), false},
		{"root", routes(open("GET", "/")), call("GET", ""), true},
		{"no such route", routes(open("GET", "/orders")), call("GET", "/other"), false},
		{"a signed route may be it", routes(open("GET", "/orders/{id}"), signed("GET", "/orders/"+iam.Sym("X"))), call("GET", "/orders/42"), false},
		{"default route alone", routes(open("ANY", "$default")), call("PUT", "/x"), true},
		{"default route beside a signed one", routes(open("ANY", "$default"), signed("PUT", "/x")), call("PUT", "/x"), false},
		{"unknown path", routes(open("GET", "")), call("GET", "/orders"), false},
		{"unknown authorization", routes(project.APIRoute{Method: "GET", Path: "/orders", Authorization: iam.Sym("Auth")}), call("GET", "/orders"), false},
		{"path from the input", routes(open("GET", "/orders")), `{"ApiEndpoint":"` + api + `.execute-api.us-east-1.amazonaws.com","Method":"GET","Path.$":"$.path"}`, false},
		{"another API", &project.Project{APIRoutes: []project.APIRoute{{API: iam.Sym("Other"), Method: "GET", Path: "/orders", Authorization: "NONE"}}}, call("GET", "/orders"), false},
	}
	for _, tt := range tests {
		e := env{proj: tt.proj}
		task := taskWith(t, "arn:aws:states:::apigateway:invoke", tt.params)
		if got := e.withoutIAM(task); got != tt.want {
			t.Errorf("%s: withoutIAM = %v, want %v", tt.name, got, tt.want)
		}
	}
}
