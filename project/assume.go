package project

import (
	"maps"
	"slices"
)

// RoleSource is a role the files define, offered to the tasks that assume
// a role through their Credentials: it is read only when a task names it.
type RoleSource struct {
	File *File // where the role is defined
	// Scope is what the role is defined in, as Machine.Scope; nil for a
	// role every machine of the run may name (an account snapshot's).
	Scope any
	// Match says which role ARNs, as the reader resolves the definitions
	// of the same scope, name this role.
	Match RoleMatch
	// Read reads the role, once.
	Read func() *Role
}

// AddRole offers a role to the tasks that assume one through their
// Credentials.
func (p *Project) AddRole(src RoleSource) {
	p.mu.Lock()
	p.roleSources = append(p.roleSources, src)
	p.mu.Unlock()
}

// bindAssumed finds the role each task of a bound machine assumes through
// its Credentials, when the ARN is static and names exactly one role of
// the files: of the machine's own scope first, then of any.
func (p *Project) bindAssumed() {
	for _, m := range p.Machines {
		if m.Role == nil || m.Definition == nil {
			continue
		}
		for _, t := range m.Definition.Tasks {
			c := t.Credentials
			if c == nil || c.Role.Dynamic {
				continue
			}
			arn := c.Role.Value
			if _, done := m.Assumed[arn]; done {
				continue
			}
			src := p.roleSource(arn, m.Scope)
			if src == nil {
				continue
			}
			var role *Role
			p.Guard(src.File, func() { role = src.Read() })
			if role == nil {
				continue
			}
			if m.Assumed == nil {
				m.Assumed = map[string]*Role{}
			}
			m.Assumed[arn] = role
		}
	}
}

// roleSource returns the one role an ARN names, looking in scope first;
// nil when it names none or several, or one that another unit of the run
// reads (see Unit.RoleNeeds).
func (p *Project) roleSource(arn string, scope any) *RoleSource {
	if p.roleIndex == nil {
		p.roleIndex = roleTable{}
		for i := range p.roleSources {
			p.roleIndex.add(&roleEntry{match: p.roleSources[i].Match, src: &p.roleSources[i]})
		}
	}
	all := p.roleIndex.lookup(arn, nil, nil)
	var in []*RoleSource
	for _, e := range all {
		if scope != nil && e.src.Scope == scope {
			in = append(in, e.src)
		}
	}
	if len(in) == 1 {
		return in[0]
	}
	if len(in) > 0 || len(all) > 1 {
		return nil
	}
	// None in scope and at most one here: other units may name more.
	if n := p.otherRoles(arn, len(all)); len(all) == 1 && n == 0 {
		return all[0].src
	}
	return nil
}

// otherRoles counts the roles an ARN names in the other units of the run,
// and records that the unit looked.
func (p *Project) otherRoles(arn string, local int) int {
	u := p.opts.Unit
	if u == nil {
		return 0
	}
	x := u.Index
	x.mu.Lock()
	defer x.mu.Unlock()
	n := len(x.roles.lookup(arn, func(key string) { u.read(keyRole, key) }, u.member))
	if !u.Final {
		u.mu.Lock()
		u.roleReads = append(u.roleReads, roleRead{arn: arn, local: local})
		u.mu.Unlock()
	}
	return n
}

// Roles returns the roles the machine runs with: its own, then those its
// tasks assume, in the order of their ARNs, each once.
func (m *Machine) Roles() []*Role {
	var out []*Role
	if m.Role != nil {
		out = append(out, m.Role)
	}
	for _, arn := range slices.Sorted(maps.Keys(m.Assumed)) {
		if r := m.Assumed[arn]; !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}
