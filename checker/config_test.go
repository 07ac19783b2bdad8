package checker

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// writeTestTree creates files (slash path -> content) in a fresh
// temporary directory and makes it the working directory.
func writeTestTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

func TestLoadConfig(t *testing.T) {
	const good = `# which standalone state machine definitions run with which policy documents
bindings:
  - definition: "workflows/**/*.asl.json"
    policies: [policies/render-role.json]
  - definition: ./jobs/{a,b}.json
    policies:
      - policies/jobs.json
      - ../shared/base.json
exclude: ["legacy/**", "**/*.test.json"]
rules:
  SFN501: off
  sync-cancel: error
  SFN402: Warn
  Task-Permission: note
`
	tests := []struct {
		name  string
		path  string
		files map[string]string
		want  *Config
	}{
		{
			name:  "good",
			path:  ".sfn-lint.yaml",
			files: map[string]string{".sfn-lint.yaml": good},
			want: &Config{
				Path: ".sfn-lint.yaml",
				Dir:  ".",
				Bindings: []Binding{
					{Definition: "workflows/**/*.asl.json", Policies: []string{"policies/render-role.json"}, Line: 3},
					{Definition: "./jobs/{a,b}.json", Policies: []string{"policies/jobs.json", "../shared/base.json"}, Line: 5},
				},
				Exclude:   []string{"legacy/**", "**/*.test.json"},
				Rules:     map[string]string{"SFN501": "off", "SFN404": "error", "SFN402": "warning", "SFN401": "note"},
				RuleLines: map[string]int{"SFN501": 11, "SFN404": 12, "SFN402": 13, "SFN401": 14},
			},
		},
		{
			name:  "good in a subdirectory",
			path:  "sub/.sfn-lint.yml",
			files: map[string]string{"sub/.sfn-lint.yml": "bindings:\n- {definition: a.json, policies: [p.json]}\n"},
			want: &Config{
				Path:      "sub/.sfn-lint.yml",
				Dir:       "sub",
				Bindings:  []Binding{{Definition: "a.json", Policies: []string{"p.json"}, Line: 2}},
				Rules:     map[string]string{},
				RuleLines: map[string]int{},
			},
		},
		{
			name:  "empty file",
			path:  ".sfn-lint.yaml",
			files: map[string]string{".sfn-lint.yaml": "# nothing yet\n"},
			want:  &Config{Path: ".sfn-lint.yaml", Dir: ".", Rules: map[string]string{}, RuleLines: map[string]int{}},
		},
		{
			name:  "null sections",
			path:  ".sfn-lint.yaml",
			files: map[string]string{".sfn-lint.yaml": "bindings:\nexclude:\nrules:\n"},
			want:  &Config{Path: ".sfn-lint.yaml", Dir: ".", Rules: map[string]string{}, RuleLines: map[string]int{}},
		},
		{
			name:  "JSON syntax",
			path:  ".sfn-lint.yaml",
			files: map[string]string{".sfn-lint.yaml": `{"exclude": ["gen/**"]}`},
			want:  &Config{Path: ".sfn-lint.yaml", Dir: ".", Exclude: []string{"gen/**"}, Rules: map[string]string{}, RuleLines: map[string]int{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeTestTree(t, tt.files)
			got, err := LoadConfig(tt.path)
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LoadConfig:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string
	}{
		{
			name:    "unknown top-level key",
			content: "bindings: []\nexlude: [legacy/**]\n",
			want:    []string{`.sfn-lint.yaml:2:1: unknown key "exlude" (want bindings, exclude, rules or ignore)`},
		},
		{
			name:    "invalid definition pattern",
			content: "bindings:\n  - definition: \"wf/[a.json\"\n    policies: [p.json]\n",
			want:    []string{`.sfn-lint.yaml:2:17: definition "wf/[a.json" is not a valid pattern`},
		},
		{
			name:    "empty policies",
			content: "bindings:\n  - definition: a.json\n    policies: []\n",
			want:    []string{`.sfn-lint.yaml:3:15: policies must not be empty`},
		},
		{
			name:    "missing policies",
			content: "bindings:\n  - definition: a.json\n",
			want:    []string{`.sfn-lint.yaml:2:5: binding has no policies`},
		},
		{
			name:    "missing definition",
			content: "bindings:\n  - policies: [p.json]\n",
			want:    []string{`.sfn-lint.yaml:2:5: binding has no definition`},
		},
		{
			name:    "policies not a list",
			content: "bindings:\n  - definition: a.json\n    policies: p.json\n",
			want:    []string{`.sfn-lint.yaml:3:15: policies must be a list`},
		},
		{
			name:    "unknown binding key",
			content: "bindings:\n  - definition: a.json\n    policy: [p.json]\n",
			want: []string{
				`.sfn-lint.yaml:3:5: unknown binding key "policy" (want definition or policies)`,
				`.sfn-lint.yaml:2:5: binding has no policies`,
			},
		},
		{
			name:    "bindings not a list",
			content: "bindings:\n  definition: a.json\n",
			want:    []string{`.sfn-lint.yaml:2:3: bindings must be a list`},
		},
		{
			name:    "bad rule value",
			content: "rules:\n  SFN501: disabled\n",
			want:    []string{`.sfn-lint.yaml:2:11: rule SFN501: unknown value "disabled" (want off, note, warning or error)`},
		},
		{
			name:    "rule value not a scalar",
			content: "rules:\n  SFN501: [off]\n",
			want:    []string{`.sfn-lint.yaml:2:11: rule SFN501: value must be off, note, warning or error`},
		},
		{
			name:    "rules not a mapping",
			content: "rules: [SFN501]\n",
			want:    []string{`.sfn-lint.yaml:1:8: rules must be a mapping`},
		},
		{
			name:    "invalid exclude pattern",
			content: "exclude:\n  - ok/**\n  - \"{a,b\"\n",
			want:    []string{`.sfn-lint.yaml:3:5: exclude "{a,b" is not a valid pattern`},
		},
		{
			name:    "duplicate key",
			content: "rules:\n  SFN501: off\n  SFN501: error\n",
			want:    []string{`.sfn-lint.yaml:3:3: rules: key "SFN501" already defined at line 2`},
		},
		{
			name:    "top level not a mapping",
			content: "- a\n- b\n",
			want:    []string{`.sfn-lint.yaml:1:1: config must be a mapping`},
		},
		{
			name:    "syntax error",
			content: "rules:\n  SFN501: off\n bad\n",
			want:    []string{`.sfn-lint.yaml:2: did not find expected key`},
		},
		{
			name:    "several errors are all reported",
			content: "bindings:\n  - definition: a.json\n    policies: []\nrules:\n  sync-poll: loud\nextra: 1\n",
			want: []string{
				`.sfn-lint.yaml:3:15: policies must not be empty`,
				`.sfn-lint.yaml:5:14: rule sync-poll: unknown value "loud" (want off, note, warning or error)`,
				`.sfn-lint.yaml:6:1: unknown key "extra" (want bindings, exclude, rules or ignore)`,
			},
		},
		{
			name:    "rules that do not exist, and a rule set twice",
			content: "rules:\n  SFN999: off\n  sync-pol: off\n  SFN402: note\n  sync-poll: off\n",
			want: []string{
				`.sfn-lint.yaml:2:3: unknown rule "SFN999" (see sfn-lint rules)`,
				`.sfn-lint.yaml:3:3: unknown rule "sync-pol" (see sfn-lint rules)`,
				`.sfn-lint.yaml:5:3: rule sync-poll: already set at line 4`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeTestTree(t, map[string]string{".sfn-lint.yaml": tt.content})
			c, err := LoadConfig(".sfn-lint.yaml")
			if err == nil {
				t.Fatalf("LoadConfig = %+v, want error", c)
			}
			if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, tt.want) {
				t.Errorf("error:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	writeTestTree(t, nil)
	if _, err := LoadConfig(".sfn-lint.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
}

func TestFindConfigs(t *testing.T) {
	writeTestTree(t, map[string]string{
		".sfn-lint.yaml":            "",
		"sub/.sfn-lint.yml":         "",
		"both/.sfn-lint.yaml":       "",
		"both/.sfn-lint.yml":        "",
		"deep/x/.sfn-lint.yaml":     "",
		"nocfg/a.json":              "{}",
		"dir/.sfn-lint.yaml/a.json": "{}", // a directory with the config's name
	})
	got := FindConfigs([]string{"sub", ".", "sub", "nocfg", "deep", "both", "dir", "missing"})
	want := []string{".sfn-lint.yaml", "both/.sfn-lint.yaml", "both/.sfn-lint.yml", "sub/.sfn-lint.yml"}
	if !slices.Equal(got, want) {
		t.Errorf("FindConfigs = %q, want %q", got, want)
	}
	if got := FindConfigs(nil); got != nil {
		t.Errorf("FindConfigs(nil) = %q, want nil", got)
	}
}

func TestConfigPoliciesFor(t *testing.T) {
	dir := writeTestTree(t, map[string]string{
		"sub/.sfn-lint.yaml": `bindings:
  - definition: "workflows/**/*.asl.json"
    policies: [policies/role.json, ../shared/base.json]
  - definition: "./workflows/{render,encode}.json"
    policies: [policies/media.json]
  - definition: "workflows/*.json"
    policies: [policies/default.json]
`,
		".sfn-lint.yaml": `bindings:
  - definition: "**/*.asl.json"
    policies: [role.json]
`,
	})
	sub, err := LoadConfig("sub/.sfn-lint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	top, err := LoadConfig(".sfn-lint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	abs := &Config{Path: ".sfn-lint.yaml", Dir: ".", Bindings: []Binding{
		{Definition: filepath.ToSlash(filepath.Join(dir, "sub/workflows/**/*.asl.json")), Policies: []string{"abs.json"}},
	}}
	tests := []struct {
		name   string
		config *Config
		def    string
		want   []string
		wantOK bool
	}{
		{"nested match", sub, "sub/workflows/a/b.asl.json", []string{"sub/policies/role.json", "shared/base.json"}, true},
		{"** matches zero directories", sub, "sub/workflows/b.asl.json", []string{"sub/policies/role.json", "shared/base.json", "sub/policies/default.json"}, true},
		{"unclean path", sub, "./sub//workflows/b.asl.json", []string{"sub/policies/role.json", "shared/base.json", "sub/policies/default.json"}, true},
		{"alternatives, leading ./ in pattern, and every binding that matches", sub, "sub/workflows/encode.json", []string{"sub/policies/media.json", "sub/policies/default.json"}, true},
		{"later binding", sub, "sub/workflows/other.json", []string{"sub/policies/default.json"}, true},
		{"absolute definition path", sub, filepath.ToSlash(filepath.Join(dir, "sub/workflows/x.asl.json")), []string{"sub/policies/role.json", "shared/base.json", "sub/policies/default.json"}, true},
		{"outside the config's directory", sub, "workflows/b.asl.json", nil, false},
		{"no pattern matches", sub, "sub/workflows/deep/other.json", nil, false},
		{"top-level config", top, "sub/workflows/a/b.asl.json", []string{"role.json"}, true},
		{"top-level config, no match", top, "sub/workflows/other.json", nil, false},
		{"absolute pattern", abs, "sub/workflows/a/b.asl.json", []string{"abs.json"}, true},
		{"absolute pattern, no match", abs, "sub/workflows/other.json", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.config.PoliciesFor(tt.def)
			if ok := got != nil; ok != tt.wantOK || !slices.Equal(got, tt.want) {
				t.Errorf("PoliciesFor(%q) = %q; want %q", tt.def, got, tt.want)
			}
		})
	}
}

func TestConfigExcludes(t *testing.T) {
	c := &Config{Path: "sub/.sfn-lint.yaml", Dir: "sub", Exclude: []string{"legacy/**", "gen", "**/*.test.json"}}
	tests := []struct {
		file string
		want bool
	}{
		{"sub/legacy/a.json", true},
		{"sub/gen/deep/a.json", true},
		{"sub/x/a.test.json", true},
		{"sub/a.json", false},
		{"legacy/a.json", false},
		{"sub/src/legacy/a.json", false},
	}
	for _, tt := range tests {
		if got := c.Excludes(tt.file); got != tt.want {
			t.Errorf("Excludes(%q) = %v, want %v", tt.file, got, tt.want)
		}
	}
}
