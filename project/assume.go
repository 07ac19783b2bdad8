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
	// Names reports whether a role ARN, as the reader resolves the
	// definitions of the same scope, names this role.
	Names func(arn string) bool
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
// nil when it names none or several.
func (p *Project) roleSource(arn string, scope any) *RoleSource {
	var in, all []*RoleSource
	for i := range p.roleSources {
		src := &p.roleSources[i]
		if !src.Names(arn) {
			continue
		}
		all = append(all, src)
		if scope != nil && src.Scope == scope {
			in = append(in, src)
		}
	}
	switch {
	case len(in) == 1:
		return in[0]
	case len(in) == 0 && len(all) == 1:
		return all[0]
	}
	return nil
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
