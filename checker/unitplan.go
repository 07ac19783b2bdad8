package checker

import (
	"path"
	"regexp"
	"slices"
)

// union gathers names into disjoint sets.
type union struct {
	parent map[string]string
	order  []string
}

func newUnion() *union { return &union{parent: map[string]string{}} }

func (s *union) add(x string) {
	if _, ok := s.parent[x]; !ok {
		s.parent[x] = x
		s.order = append(s.order, x)
	}
}

func (s *union) find(x string) string {
	for s.parent[x] != x {
		s.parent[x] = s.parent[s.parent[x]]
		x = s.parent[x]
	}
	return x
}

// join puts x and y, added if need be, in one set.
func (s *union) join(x, y string) {
	s.add(x)
	s.add(y)
	if a, b := s.find(x), s.find(y); a != b {
		if b < a {
			a, b = b, a
		}
		s.parent[b] = a
	}
}

// groups returns the sets, each sorted, in the order of their first
// names.
func (s *union) groups() [][]string {
	sets := map[string][]string{}
	var roots []string
	for _, x := range s.order {
		r := s.find(x)
		if sets[r] == nil {
			roots = append(roots, r)
		}
		sets[r] = append(sets[r], x)
	}
	out := make([][]string, 0, len(roots))
	for _, r := range roots {
		g := sets[r]
		slices.Sort(g)
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b []string) int {
		if a[0] < b[0] {
			return -1
		}
		return 1
	})
	return out
}

// localCall finds the modules a .tf file may call by a local path.
var localCall = regexp.MustCompile(`source\s*=\s*"(\.\.?/[^"]*)"`)

// moduleGroups groups .tf files by directory, and joins the directories
// whose modules may call each other by a local path: a module another
// calls is read from its callers, not on its own, so they are one unit.
// A call the pattern misses is found when the files are read (see
// project.Unit's Opened), and its units are read again, together.
func (r *runner) moduleGroups(tf []string) [][]string {
	byDir := map[string][]string{}
	sets := newUnion()
	for _, f := range tf {
		d := path.Dir(f)
		byDir[d] = append(byDir[d], f)
		sets.add(d)
	}
	for _, f := range tf {
		data, err := r.src.read(f)
		if err != nil {
			continue
		}
		d := path.Dir(f)
		for _, m := range localCall.FindAllSubmatch(data, -1) {
			if callee := path.Join(d, string(m[1])); byDir[callee] != nil {
				sets.join(d, callee)
			}
		}
	}
	var out [][]string
	for _, dirs := range sets.groups() {
		var files []string
		for _, d := range dirs {
			files = append(files, byDir[d]...)
		}
		slices.Sort(files)
		out = append(out, files)
	}
	return out
}
