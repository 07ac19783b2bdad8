package cfn

import (
	"fmt"

	"github.com/sfn-lint/sfn-lint/project"
)

// resourcePolicies reads the key policies of the template's KMS keys. A
// key without one gets the default key policy, which lets IAM policies
// grant everything; a key policy that cannot be read here is left out, so
// what it grants is not known.
func (t *Template) resourcePolicies() []*project.ResourcePolicy {
	var out []*project.ResourcePolicy
	for i, key := range t.resources.Keys {
		r := t.resources.Values[i]
		if typeOf(r) != "AWS::KMS::Key" {
			continue
		}
		name := key.Value
		kp := r.Get("Properties").Get("KeyPolicy")
		if kp == nil {
			out = append(out, project.DefaultKeyPolicy(t.GetAtt(name, "Arn"), fmt.Sprintf("key %q", name), t.f, key))
			continue
		}
		doc := t.policyDoc(kp)
		if doc == nil {
			continue
		}
		out = append(out, &project.ResourcePolicy{
			Resource: t.GetAtt(name, "Arn"),
			Policy:   t.p.ReadPolicy(t.f, doc, t.docResolver(doc), name+" key policy", "Resources."+name+".Properties.KeyPolicy"),
			Required: true,
			What:     fmt.Sprintf("key %q", name),
		})
	}
	return out
}
