package policygen

import (
	"regexp"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/project/cfn"
)

// samUse is a SAM policy template that grants exactly some of a
// document's permissions, with the values of its parameters.
type samUse struct {
	name   string
	params []entry // by parameter, values symbolic
}

// samPattern is a template resource as a regular expression over
// symbolic values: each ${Param} a group.
type samPattern struct {
	re     *regexp.Regexp
	params []string // the parameter of each group
}

// compileSAM turns a template resource into a pattern, for a deployment
// whose Region and account are written region and account; ok is false
// for a resource with a wildcard or a value other than the template's
// parameters and the deployment.
func compileSAM(res string, tmpl cfn.SAMTemplate, region, account string) (samPattern, bool) {
	var p samPattern
	var b strings.Builder
	b.WriteString("^")
	rest := res
	for rest != "" {
		i := strings.Index(rest, "${")
		if i < 0 {
			i = len(rest)
		}
		if strings.ContainsAny(rest[:i], "*?") {
			return p, false
		}
		b.WriteString(regexp.QuoteMeta(rest[:i]))
		rest = rest[i:]
		if rest == "" {
			break
		}
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return p, false
		}
		name := rest[2:end]
		rest = rest[end+1:]
		switch {
		case name == "AWS::Partition":
			b.WriteString(`aws(?:-[a-z]+)*`)
		case name == "AWS::Region":
			b.WriteString(regexp.QuoteMeta(region))
		case name == "AWS::AccountId":
			b.WriteString(regexp.QuoteMeta(account))
		case slices.Contains(tmpl.Parameters, name):
			b.WriteString(`([^*]+?)`)
			p.params = append(p.params, name)
		default:
			return p, false
		}
	}
	b.WriteString("$")
	p.re = regexp.MustCompile(b.String())
	return p, true
}

// match returns the parameter values a resource gives the pattern, and
// whether they agree with those already bound.
func (p samPattern) match(res string, bound map[string]string) (map[string]string, bool) {
	m := p.re.FindStringSubmatch(res)
	if m == nil {
		return nil, false
	}
	out := map[string]string{}
	for k, v := range bound {
		out[k] = v
	}
	for i, name := range p.params {
		if prev, ok := out[name]; ok && prev != m[i+1] {
			return nil, false
		}
		out[name] = m[i+1]
	}
	return out, true
}

// samMatches finds the SAM policy templates whose statements are exactly
// grants of gs (documented, without conditions), each grant used once,
// and returns them with the grants they leave.
func samMatches(gs []grant, region, account string) ([]samUse, []grant) {
	taken := make([]bool, len(gs))
	free := func(i int) bool { return !taken[i] && gs[i].kind == Documented && len(gs[i].conds) == 0 }
	var uses []samUse
	for _, tmpl := range cfn.SAMTemplates() {
		pats, ok := samPatterns(tmpl, region, account)
		if !ok {
			continue
		}
		for i := range gs {
			if !free(i) || !slices.ContainsFunc(tmpl.Statements[0].Actions, func(a string) bool { return strings.EqualFold(a, gs[i].action) }) {
				continue
			}
			bound, ok := pats[0][0].match(gs[i].resource, nil)
			if !ok || len(bound) != len(tmpl.Parameters) {
				continue
			}
			used, ok := samCovers(gs, free, tmpl, pats, bound)
			if !ok {
				continue
			}
			for _, j := range used {
				taken[j] = true
			}
			u := samUse{name: tmpl.Name}
			for _, p := range tmpl.Parameters {
				u.params = append(u.params, entry{p, bound[p]})
			}
			uses = append(uses, u)
		}
	}
	var rest []grant
	for i, g := range gs {
		if !taken[i] {
			rest = append(rest, g)
		}
	}
	return uses, rest
}

// samPatterns compiles a template's resources, by statement; ok is false
// for a template that cannot grant exactly what a policy needs: a Deny, a
// condition, an action or resource with a wildcard.
func samPatterns(tmpl cfn.SAMTemplate, region, account string) ([][]samPattern, bool) {
	var out [][]samPattern
	for _, st := range tmpl.Statements {
		if st.Deny || st.Condition || len(st.Actions) == 0 || len(st.Resources) == 0 ||
			slices.ContainsFunc(st.Actions, func(a string) bool { return strings.ContainsAny(a, "*?") }) {
			return nil, false
		}
		var ps []samPattern
		for _, r := range st.Resources {
			p, ok := compileSAM(r, tmpl, region, account)
			if !ok {
				return nil, false
			}
			ps = append(ps, p)
		}
		out = append(out, ps)
	}
	return out, len(out) > 0
}

// samCovers finds, for every action and resource of a template with its
// parameters bound, a free grant that is exactly it.
func samCovers(gs []grant, free func(int) bool, tmpl cfn.SAMTemplate, pats [][]samPattern, bound map[string]string) ([]int, bool) {
	var used []int
	for si, st := range tmpl.Statements {
		for _, a := range st.Actions {
			for _, p := range pats[si] {
				j := slices.IndexFunc(gs, func(g grant) bool {
					if !strings.EqualFold(g.action, a) {
						return false
					}
					_, ok := p.match(g.resource, bound)
					return ok
				})
				if j < 0 || !free(j) || slices.Contains(used, j) {
					return nil, false
				}
				used = append(used, j)
			}
		}
	}
	return used, true
}
