package terraform

import (
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/project"
)

// The KMS keys of a plan, and their key policies.

// keyARN is the ARN of an aws_kms_key of the plan: its planned arn, or one
// with a key ID generated at apply.
func (t *tfPlan) keyARN(k *planRes) string {
	if arn, ok := planStr(k.values.Get("arn")); ok && arn != "" {
		return arn
	}
	return t.arn("kms", "key/"+iam.GenSym(k.addr))
}

// machineKey is the ARN of the key a state machine's encryption names
// when its kms_key_id is known only after apply: that of the plan's
// aws_kms_key its configuration refers to, or "".
func (t *tfPlan) machineKey(r *planRes) string {
	ec := t.cfg[r.key].Get("expressions").Get("encryption_configuration").List()
	if len(ec) == 0 {
		return ""
	}
	for _, ref := range t.resolveRefs(r.module, ec[0].Get("kms_key_id").Get("references")) {
		if k := t.key(ref, r); k != nil {
			return t.keyARN(k)
		}
	}
	return ""
}

// key finds the instance of the aws_kms_key at a configuration address,
// the one with the instance key of r when there are several.
func (t *tfPlan) key(ref string, r *planRes) *planRes {
	var found *planRes
	for _, o := range t.res {
		if o.typ != "aws_kms_key" || o.key != ref {
			continue
		}
		if found != nil && strings.TrimPrefix(o.addr, o.key) != strings.TrimPrefix(r.addr, r.key) {
			continue
		}
		found = o
	}
	return found
}

// keyPolicies reads the key policies of the plan's KMS keys whose policy
// is known: an aws_kms_key_policy that names a key replaces its own. A
// policy known only after apply is left out, as a key without one is: both
// may let IAM policies grant what the role needs.
func (t *tfPlan) keyPolicies() []*project.ResourcePolicy {
	policy := map[*planRes]*planRes{}
	var keys []*planRes
	for _, o := range t.res {
		switch o.typ {
		case "aws_kms_key":
			keys = append(keys, o)
			if policy[o] == nil {
				policy[o] = o
			}
		case "aws_kms_key_policy":
			for _, ref := range t.refs(o, "key_id") {
				if k := t.key(ref, o); k != nil {
					policy[k] = o
				}
			}
		}
	}
	var out []*project.ResourcePolicy
	for _, k := range keys {
		pr := policy[k]
		pol := t.policyAt(pr.values.Get("policy"), k.addr+" key policy", pr.addr+".policy")
		if pol == nil {
			continue
		}
		out = append(out, &project.ResourcePolicy{Resource: t.keyARN(k), Policy: pol, Required: true, What: k.addr})
	}
	return out
}

// roleARN is the ARN of an aws_iam_role of the plan: its planned arn, or
// the one its name and path give.
func (t *tfPlan) roleARN(r *planRes) string {
	if arn, ok := planStr(r.values.Get("arn")); ok && arn != "" {
		return arn
	}
	name, ok := planStr(r.values.Get("name"))
	if !ok || name == "" {
		return ""
	}
	p, _ := planStr(r.values.Get("path"))
	if p == "" {
		p = "/"
	}
	return "arn:" + t.partition + ":iam::" + t.account + ":role" + p + name
}
