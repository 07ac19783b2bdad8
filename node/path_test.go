package node

import "testing"

func TestPathTo(t *testing.T) {
	src := `{
  "Resources": {
    "Role": {"Statement": [{"Action": "a"}, {"Action": ["b", "c"]}]},
    "a.b": {"x": 1}
  }
}`
	root, err := ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		find string
		want string
	}{
		{`"c"`, `Resources.Role.Statement[1].Action[1]`},
		{`{"Action": "a"}`, `Resources.Role.Statement[0]`},
		{`"Statement"`, `Resources.Role.Statement`},
		{`1`, `Resources."a.b".x`},
	} {
		i := indexOf(src, tt.find)
		got, _, ok := PathTo(root, i, i+len(tt.find))
		if !ok || got != tt.want {
			t.Errorf("PathTo(%s) = %q, %v; want %q", tt.find, got, ok, tt.want)
		}
	}
	if _, _, ok := PathTo(root, len(src)+5, len(src)+6); ok {
		t.Error("PathTo found a node past the end of the document")
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
