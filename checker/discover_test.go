package checker

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// discoverTree describes a test tree: files (created with "{}" as content)
// and symbolic links (name -> target, as written into the link; "$ROOT" in a
// target stands for the tree's absolute path).
type discoverTree struct {
	files    []string
	symlinks map[string]string
}

// buildDiscoverTree creates the tree in a fresh temporary directory, makes it
// the working directory, and returns its path.
func buildDiscoverTree(t *testing.T, tree discoverTree) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range tree.files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if strings.HasSuffix(f, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range tree.symlinks {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		target = strings.ReplaceAll(target, "$ROOT", filepath.ToSlash(dir))
		if err := os.Symlink(filepath.FromSlash(target), p); err != nil {
			t.Skipf("symlinks not supported: %v", err)
		}
	}
	t.Chdir(dir)
	return dir
}

func errorStrings(errs []error) []string {
	var out []string
	for _, err := range errs {
		out = append(out, err.Error())
	}
	return out
}

func TestDiscover(t *testing.T) {
	basic := discoverTree{files: []string{
		"a.json",
		"README.md",
		"infra/b.yaml",
		"infra/X.JSON",
		"infra/d.template",
		"infra/e.txt",
		"infra/deep/c.yml",
		"infra/deep/main.tf",
	}}
	basicAll := []string{
		"a.json",
		"infra/X.JSON",
		"infra/b.yaml",
		"infra/d.template",
		"infra/deep/c.yml",
		"infra/deep/main.tf",
	}
	basicInfra := basicAll[1:]

	pruning := discoverTree{files: []string{
		"app/sm.json",
		".git/config.json",
		".hg/x.json",
		".svn/x.json",
		"node_modules/pkg/sm.json",
		"node_modules/pkg/notes.txt",
		"app/node_modules/pkg/sm.json",
		".terraform/x.json",
		".aws-sam/build/template.yaml",
		".serverless/x.json",
		"__pycache__/x.json",
		".venv/x.json",
		".idea/x.json",
		".vscode/settings.json",
		"package.json",
		"package-lock.json",
		"app/Package.json",
		"app/deps.lock.json",
		"cdk.out/Stack.template.json",
		"cdk.out/manifest.json",
		"cdk.out/tree.json",
		"cdk.out/Stack.assets.json",
		"cdk.out/asset.123abc/x.template.json",
		"cdk.out/asset.123abc/sm.json",
		"cdk.out/assembly-Prod/Prod.template.json",
		"cdk.out/assembly-Prod/manifest.json",
		"cdk.out/assembly-Prod/asset.456/y.template.json",
		"app/.hidden/sm.yaml",
	}}

	excludes := discoverTree{files: []string{
		"legacy/a.json",
		"legacy/sub/b.json",
		"src/a.json",
		"src/a.test.json",
		"src/legacy/c.json",
		"src/gen/d.json",
		"keep.json",
	}}

	globs := discoverTree{files: []string{
		"infra/a.asl.json",
		"infra/a.json",
		"infra/x/b.asl.json",
		"infra/x/c.json",
		"infra/node_modules/d.asl.json",
		"infra/cdk.out/asset.1/e.asl.json",
		"other/e.asl.json",
		"dev/a.yaml",
		"dev/sub/d.yaml",
		"prod/b.yaml",
		"test/c.yaml",
		"flows/a.asl",
		"flows/b.txt",
		"lit[1]/f.json",
	}}

	loops := discoverTree{
		files: []string{"infra/a.json", "infra/sub/b.yaml"},
		symlinks: map[string]string{
			"infra/loop":     "..",
			"infra/self":     ".",
			"infra/sub/up":   "../..",
			"link.json":      "infra/a.json",
			"dangling.json":  "nowhere.json",
			"dirlink.json":   "infra",
			"infra/abs-loop": "$ROOT",
		},
	}

	tests := []struct {
		name      string
		tree      discoverTree
		args      []string
		exclude   []string
		want      []string
		wantRoots []string
		wantErrs  []string
	}{
		{
			name:      "no args means ./...",
			tree:      basic,
			want:      basicAll,
			wantRoots: []string{"."},
		},
		{
			name:      "./...",
			tree:      basic,
			args:      []string{"./..."},
			want:      basicAll,
			wantRoots: []string{"."},
		},
		{
			name:      "...",
			tree:      basic,
			args:      []string{"..."},
			want:      basicAll,
			wantRoots: []string{"."},
		},
		{
			name:      "dot",
			tree:      basic,
			args:      []string{"."},
			want:      basicAll,
			wantRoots: []string{"."},
		},
		{
			name:      "dir/... recursive",
			tree:      basic,
			args:      []string{"infra/..."},
			want:      basicInfra,
			wantRoots: []string{"infra"},
		},
		{
			name:      "dir is recursive too",
			tree:      basic,
			args:      []string{"infra"},
			want:      basicInfra,
			wantRoots: []string{"infra"},
		},
		{
			name:      "dir with ./ and trailing slash",
			tree:      basic,
			args:      []string{"./infra/"},
			want:      basicInfra,
			wantRoots: []string{"infra"},
		},
		{
			name:      "subdir",
			tree:      basic,
			args:      []string{"infra/deep/..."},
			want:      []string{"infra/deep/c.yml", "infra/deep/main.tf"},
			wantRoots: []string{"infra/deep"},
		},
		{
			name:      "pruning",
			tree:      pruning,
			want:      []string{"app/.hidden/sm.yaml", "app/sm.json", "cdk.out/Stack.template.json", "cdk.out/assembly-Prod/Prod.template.json"},
			wantRoots: []string{"."},
		},
		{
			name:      "cdk.out as the walked root",
			tree:      pruning,
			args:      []string{"cdk.out"},
			want:      []string{"cdk.out/Stack.template.json", "cdk.out/assembly-Prod/Prod.template.json"},
			wantRoots: []string{"cdk.out"},
		},
		{
			name:      "pruned directory named explicitly is walked",
			tree:      pruning,
			args:      []string{"node_modules/pkg"},
			want:      []string{"node_modules/pkg/sm.json"},
			wantRoots: []string{"node_modules/pkg"},
		},
		{
			name: "explicit files are always included",
			tree: pruning,
			args: []string{
				"node_modules/pkg/sm.json",
				"./node_modules/pkg/notes.txt",
				"package.json",
				".git/config.json",
				"cdk.out/manifest.json",
				"cdk.out/asset.123abc/sm.json",
			},
			want: []string{
				".git/config.json",
				"cdk.out/asset.123abc/sm.json",
				"cdk.out/manifest.json",
				"node_modules/pkg/notes.txt",
				"node_modules/pkg/sm.json",
				"package.json",
			},
		},
		{
			name:      "exclude with /** prunes",
			tree:      excludes,
			exclude:   []string{"legacy/**", "**/*.test.json"},
			want:      []string{"keep.json", "src/a.json", "src/gen/d.json", "src/legacy/c.json"},
			wantRoots: []string{"."},
		},
		{
			name:      "exclude matching a directory prunes it",
			tree:      excludes,
			exclude:   []string{"legacy", "src/gen"},
			want:      []string{"keep.json", "src/a.json", "src/a.test.json", "src/legacy/c.json"},
			wantRoots: []string{"."},
		},
		{
			name:      "exclude with ** matches directories at any depth",
			tree:      excludes,
			exclude:   []string{"**/legacy"},
			want:      []string{"keep.json", "src/a.json", "src/a.test.json", "src/gen/d.json"},
			wantRoots: []string{"."},
		},
		{
			name:      "exclude relative to the walked root",
			tree:      excludes,
			args:      []string{"src/..."},
			exclude:   []string{"legacy/**", "gen"},
			want:      []string{"src/a.json", "src/a.test.json"},
			wantRoots: []string{"src"},
		},
		{
			name:      "exclude relative to the working directory",
			tree:      excludes,
			args:      []string{"src"},
			exclude:   []string{"src/gen/**", "src/*.test.json"},
			want:      []string{"src/a.json", "src/legacy/c.json"},
			wantRoots: []string{"src"},
		},
		{
			name:      "exclude does not drop an explicit file",
			tree:      excludes,
			args:      []string{"legacy/a.json", "./..."},
			exclude:   []string{"legacy/**"},
			want:      []string{"keep.json", "legacy/a.json", "src/a.json", "src/a.test.json", "src/gen/d.json", "src/legacy/c.json"},
			wantRoots: []string{"."},
		},
		{
			name:      "invalid exclude pattern",
			tree:      excludes,
			args:      []string{"src/gen"},
			exclude:   []string{"[oops"},
			want:      []string{"src/gen/d.json"},
			wantRoots: []string{"src/gen"},
			wantErrs:  []string{`exclude "[oops": invalid pattern`},
		},
		{
			name:      "glob with **",
			tree:      globs,
			args:      []string{"infra/**/*.asl.json"},
			want:      []string{"infra/a.asl.json", "infra/x/b.asl.json"},
			wantRoots: []string{"infra"},
		},
		{
			name:      "glob with leading ./**",
			tree:      globs,
			args:      []string{"./**/*.asl.json"},
			want:      []string{"infra/a.asl.json", "infra/x/b.asl.json", "other/e.asl.json"},
			wantRoots: []string{"."},
		},
		{
			name:      "glob with alternatives",
			tree:      globs,
			args:      []string{"{dev,prod}/*.yaml"},
			want:      []string{"dev/a.yaml", "prod/b.yaml"},
			wantRoots: []string{"."},
		},
		{
			name:      "glob keeps any extension it matches",
			tree:      globs,
			args:      []string{"flows/*.asl"},
			want:      []string{"flows/a.asl"},
			wantRoots: []string{"flows"},
		},
		{
			name:      "glob with exclude",
			tree:      globs,
			args:      []string{"infra/**/*.json"},
			exclude:   []string{"x/**"},
			want:      []string{"infra/a.asl.json", "infra/a.json"},
			wantRoots: []string{"infra"},
		},
		{
			name:      "a glob matching nothing says so",
			tree:      globs,
			args:      []string{"infra/*.nothing"},
			wantRoots: []string{"infra"},
			wantErrs:  []string{"infra/*.nothing: matches no file"},
		},
		{
			name:     "glob with missing base",
			tree:     globs,
			args:     []string{"missing/*.json"},
			wantErrs: []string{"missing/*.json: no such file or directory"},
		},
		{
			name:      "existing path with meta characters is taken literally",
			tree:      globs,
			args:      []string{"lit[1]"},
			want:      []string{"lit[1]/f.json"},
			wantRoots: []string{"lit[1]"},
		},
		{
			name:     "missing paths",
			tree:     basic,
			args:     []string{"nope", "a.json", "nope/...", "infra/nope.json"},
			want:     []string{"a.json"},
			wantErrs: []string{"nope: no such file or directory", "nope/...: no such file or directory", "infra/nope.json: no such file or directory"},
		},
		{
			name:     "file/... is not a directory",
			tree:     basic,
			args:     []string{"a.json/..."},
			wantErrs: []string{"a.json/...: not a directory"},
		},
		{
			name:      "de-duplication",
			tree:      basic,
			args:      []string{"a.json", "./a.json", "infra//b.yaml", "./...", "infra", "infra/...", "./infra/", "infra/**/*.yml", "."},
			want:      basicAll,
			wantRoots: []string{".", "infra"},
		},
		{
			name:      "symlinked directories are not followed",
			tree:      loops,
			want:      []string{"infra/a.json", "infra/sub/b.yaml", "link.json"},
			wantRoots: []string{"."},
		},
		{
			name:      "symlink loops with a glob",
			tree:      loops,
			args:      []string{"**/*"},
			want:      []string{"infra/a.json", "infra/sub/b.yaml", "link.json"},
			wantRoots: []string{"."},
		},
		{
			name:      "symlink to a directory named as an argument is walked",
			tree:      loops,
			args:      []string{"infra/self"},
			want:      []string{"infra/self/a.json", "infra/self/sub/b.yaml"},
			wantRoots: []string{"infra/self"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buildDiscoverTree(t, tt.tree)

			type result struct {
				files, roots []string
				errs         []error
			}
			done := make(chan result, 1)
			go func() {
				f, r, e := Discover(tt.args, DiscoverOptions{Exclude: tt.exclude})
				done <- result{f, r, e}
			}()
			var res result
			select {
			case res = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Discover did not return within 10s")
			}
			if !slices.Equal(res.files, tt.want) {
				t.Errorf("files:\n got %q\nwant %q", res.files, tt.want)
			}
			if !slices.Equal(res.roots, tt.wantRoots) {
				t.Errorf("roots:\n got %q\nwant %q", res.roots, tt.wantRoots)
			}
			if got := errorStrings(res.errs); !slices.Equal(got, tt.wantErrs) {
				t.Errorf("errs:\n got %q\nwant %q", got, tt.wantErrs)
			}
		})
	}
}

func TestDiscoverAbsolute(t *testing.T) {
	dir := buildDiscoverTree(t, discoverTree{files: []string{"infra/a.json", "infra/b/c.yaml", "infra/node_modules/x.json"}})
	root := filepath.ToSlash(filepath.Join(dir, "infra"))
	files, roots, errs := Discover([]string{filepath.Join(dir, "infra")}, DiscoverOptions{Exclude: []string{"infra/b/**"}})
	// The exclude matches the path relative to the working directory.
	if want := []string{root + "/a.json"}; !slices.Equal(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
	if want := []string{root}; !slices.Equal(roots, want) {
		t.Errorf("roots = %q, want %q", roots, want)
	}
	if len(errs) != 0 {
		t.Errorf("errs = %v", errs)
	}
}

func TestDiscoverMissingIsNotExist(t *testing.T) {
	buildDiscoverTree(t, discoverTree{})
	_, _, errs := Discover([]string{"nope"}, DiscoverOptions{})
	if len(errs) != 1 || !errors.Is(errs[0], fs.ErrNotExist) {
		t.Fatalf("errs = %v, want one error matching fs.ErrNotExist", errs)
	}
}

func TestDiscoverUnreadableDirectory(t *testing.T) {
	dir := buildDiscoverTree(t, discoverTree{files: []string{"a.json", "locked/b.json", "z/c.json"}})
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })
	if _, err := os.ReadDir(locked); err == nil {
		t.Skip("directory permissions are not enforced (running as root?)")
	}
	files, roots, errs := Discover(nil, DiscoverOptions{})
	if want := []string{"a.json", "z/c.json"}; !slices.Equal(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
	if want := []string{"."}; !slices.Equal(roots, want) {
		t.Errorf("roots = %q, want %q", roots, want)
	}
	if got, want := errorStrings(errs), []string{"locked: permission denied"}; !slices.Equal(got, want) {
		t.Errorf("errs = %q, want %q", got, want)
	}
}
