package terraform

import (
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/sfn-lint/sfn-lint/iam"
)

// TestRenderTemplate checks that a template renders once for each way its
// unknown directives can go, and once when they are known.
func TestRenderTemplate(t *testing.T) {
	tests := []struct {
		name, tmpl string
		want       []string
	}{
		{"unknown if", `a%{ if u }b%{ else }c%{ endif }d`, []string{"abd", "acd"}},
		{"known if", `a%{ if yes }b%{ else }c%{ endif }d`, []string{"abd"}},
		{"known condition", `%{ if n == 2 }two%{ else }other%{ endif }`, []string{"two"}},
		{"nested", `%{ if u }%{ if w }1%{ endif }2%{ endif }3`, []string{"123", "3", "23"}},
		{"known list", `"%{ for i, v in l }${i}=${v};%{ endfor }"`, []string{`"0=p;1=q;"`}},
		{"object", `"%{ for k, v in o }${k}:${v.name},%{ endfor }"`, []string{`"a:x,"`}},
		{"unknown list", `"%{ for v in u }<${v}>%{ endfor }."`, []string{`"<${v}>."`, `"."`}},
		{"outside strings", `[%{ for v in l }${v},%{ endfor }1]`, []string{`["p","q",1]`}},
		{"escapes", `$${a} %%{b}`, []string{"${a} %{b}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tfLoad(t, map[string]string{
				"m/main.tf": `
locals {
  v = templatefile("t.tpl", { yes = true, n = 2, l = ["p", "q"], o = { a = { name = "x" } } })
}
`,
				"m/t.tpl": tt.tmpl,
			})
			m := parseModule(p, "m", p.Files[:1])
			call := m.locals["v"].e.(*hclsyntax.FunctionCallExpr)
			vars := m.templateVars(m.locals["v"].sub(call.Args[1]))
			f := p.File("m/t.tpl")
			tmpl, diags := hclsyntax.ParseTemplate(f.Data, f.Path, hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			rs, err := m.renderTemplate(hexpr{f: f, e: tmpl, vars: vars}, false)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				got = append(got, iam.Display(r.text))
				if len(r.offs) != len(r.text)+1 {
					t.Errorf("%q: %d offsets for %d bytes", r.text, len(r.offs), len(r.text))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("renderings %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRenderingOffsets checks that text a directive renders maps to the
// bytes of the template it comes from.
func TestRenderingOffsets(t *testing.T) {
	src := `x%{ if u }yes%{ endif }z`
	tmpl, _ := hclsyntax.ParseTemplate([]byte(src), "t", hcl.InitialPos)
	p := tfLoad(t, map[string]string{"m/main.tf": ""})
	m := parseModule(p, "m", nil)
	p.Files[0].Data = []byte(src)
	rs, err := m.renderTemplate(hexpr{f: p.Files[0], e: tmpl, vars: map[string]hexpr{}}, false)
	if err != nil || len(rs) != 2 {
		t.Fatalf("renderings %v, %v", rs, err)
	}
	for i, c := range rs[0].text {
		if off := rs[0].offs[i]; src[off] != byte(c) {
			t.Errorf("byte %d %q maps to %d %q", i, c, off, src[off])
		}
	}
	if len(rs[0].dirs) != 1 || rs[0].dirs[0].what != "%{ if u }" {
		t.Errorf("directives %+v", rs[0].dirs)
	}
}

// TestRewrite checks the text functions applied to rendered text.
func TestRewrite(t *testing.T) {
	tests := []struct {
		fn   string
		in   string
		args []string
		want string
	}{
		{"replace", "a-b-c", []string{"-", "$1"}, "a$1b$1c"},
		{"replace", "a1b22", []string{"/([0-9]+)/", "<$1>"}, "a<1>b<22>"},
		{"trimspace", "  {}\n", nil, "{}"},
		{"chomp", "{}\r\n\n", nil, "{}"},
		{"trimprefix", "xx{}", []string{"x"}, "x{}"},
		{"trimsuffix", "{}yy", []string{"y"}, "{}y"},
		{"trim", "?!{}!?", []string{"!?"}, "{}"},
		{"upper", "ab", nil, "AB"},
		{"tostring", "ab", nil, "ab"},
	}
	for _, tt := range tests {
		offs := make([]int, len(tt.in)+1)
		for i := range offs {
			offs[i] = i
		}
		r, err := rewrite(rendering{text: tt.in, offs: offs}, tt.fn, tt.args)
		if err != nil || r.text != tt.want || len(r.offs) != len(r.text)+1 {
			t.Errorf("%s(%q, %q) = %q (%d offsets), %v; want %q", tt.fn, tt.in, tt.args, r.text, len(r.offs), err, tt.want)
		}
	}
	// What is kept maps where it was.
	r, _ := rewrite(rendering{text: "  ab", offs: []int{0, 1, 2, 3, 4}}, "trimspace", nil)
	if !slices.Equal(r.offs, []int{2, 3, 4}) {
		t.Errorf("trimspace offsets %v", r.offs)
	}
}
