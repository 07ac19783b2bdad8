package cfn

import (
	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// What formats that deploy through CloudFormation (the Serverless
// Framework) use of this reader: a template over resources they write,
// and how intrinsic functions are read.

// NewTemplate makes a template of resources that f writes in another
// format, with the parameters it declares, in the deployment given.
func NewTemplate(p *project.Project, f *project.File, resources *node.Node, params []string, partition, region, account string) *Template {
	t := &Template{p: p, f: f, resources: resources, params: map[string]bool{}, partition: partition,
		region: region, account: account, visiting: map[string]bool{},
		docResolvers: map[*node.Node]func(*node.Node) (string, bool){}}
	for _, name := range params {
		t.params[name] = true
	}
	return t
}

// Partition is the partition the template deploys to.
func (t *Template) Partition() string { return t.partition }

// Resolve evaluates a template value into a symbolic string.
func (t *Template) Resolve(n *node.Node) (string, bool) { return t.resolve(n) }

// Ref is what Ref of a name gives.
func (t *Template) Ref(name string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ref(name)
}

// GetAtt is what Fn::GetAtt of a resource's attribute gives.
func (t *Template) GetAtt(res, attr string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.getAtt(res, attr)
}

// Sub substitutes the ${...} of an Fn::Sub string.
func (t *Template) Sub(v string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return iam.Substitute(v, t.subLookup(nil, 0))
}

// RolesNamedBy returns the logical IDs of the role resources whose name
// a role ARN names.
func (t *Template) RolesNamedBy(arn string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rolesNamedBy(arn)
}

// Resource returns the resource of a logical ID, or nil.
func (t *Template) Resource(name string) *node.Node { return t.resource(name) }

// RoleFor reads the role resource of a logical ID once, with its
// policies, into roles.
func (t *Template) RoleFor(name string, roles map[string]*project.Role) *project.Role {
	return t.roleFor(name, roles)
}

// MarkShared records what else runs with each role of roles, once every
// state machine bound to them is read.
func (t *Template) MarkShared(roles map[string]*project.Role) { t.markShared(roles) }

// Boundary reads a permissions boundary setting.
func (t *Template) Boundary(b *node.Node) (*iam.Policy, string) { return t.boundary(b) }

// ResourcePolicies reads the resource-based policies of the template's
// resources: the key policies of its KMS keys.
func (t *Template) ResourcePolicies() []*project.ResourcePolicy { return t.resourcePolicies() }

// KMSKeyARN is the ARN of the key a KmsKeyId setting names.
func (t *Template) KMSKeyARN(n *node.Node) string { return t.kmsKeyARN(n) }

// TypeOf returns a resource's Type.
func TypeOf(r *node.Node) string { return typeOf(r) }

// Intrinsic returns the function a value calls (such as "Fn::Sub" or
// "Ref"), written in either form, and its argument.
func Intrinsic(n *node.Node) (string, *node.Node) { return intrinsic(n) }

// RefTarget returns the logical ID a Ref names, or "".
func RefTarget(n *node.Node) string { return refTarget(n) }

// GetAttArgs returns the resource and attribute an Fn::GetAtt names.
func GetAttArgs(n *node.Node) (res, attr string, ok bool) { return getAtt(n) }

// RoleRef returns the logical ID of a role a Ref or Fn::GetAtt names.
func RoleRef(n *node.Node) (string, bool) { return roleRef(n) }

// Env is the deployment the template's pseudo parameters stand for.
func (t *Template) Env() (partition, region, account string) { return t.partition, t.region, t.account }

// Resources is the template's Resources map.
func (t *Template) Resources() *node.Node { return t.resources }
