package project

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/sfn-lint/sfn-lint/iam"
	"github.com/sfn-lint/sfn-lint/node"
)

// managedGz holds the documents of every AWS managed policy, from a dated
// snapshot of the public iann0036/iam-dataset repository
// (internal/managedgen writes it). It is read the first time a run meets
// a managed policy.
//
//go:embed data/aws-managed-policies.json.gz
var managedGz []byte

// managedData is the file's layout.
type managedData struct {
	Snapshot struct {
		Source, Commit, Date, License string
		Extra                         []string
	} `json:"snapshot"`
	Policies map[string]struct {
		Version    string          `json:"version"`
		Document   json.RawMessage `json:"document"`
		Deprecated bool            `json:"deprecated"`
	} `json:"policies"`
}

var (
	managedOnce sync.Once
	managed     *managedData
	// managedByName finds a policy by its name alone, as SAM and the
	// Serverless Framework take it; no two policies share a name.
	managedByName map[string]string
)

func loadManaged() *managedData {
	managedOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(managedGz))
		if err != nil {
			panic(fmt.Sprintf("project: aws-managed-policies.json.gz: %v", err))
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			panic(fmt.Sprintf("project: aws-managed-policies.json.gz: %v", err))
		}
		var d managedData
		if err := json.Unmarshal(raw, &d); err != nil {
			panic(fmt.Sprintf("project: aws-managed-policies.json.gz: %v", err))
		}
		managedByName = map[string]string{}
		for key := range d.Policies {
			name := path.Base(key)
			if _, dup := managedByName[name]; dup {
				managedByName[name] = "" // ambiguous: never guessed
				continue
			}
			managedByName[name] = key
		}
		managed = &d
	})
	return managed
}

// ManagedPoliciesSnapshot says which snapshot of the AWS managed policies
// is shipped: its date and the commit of the dataset it was taken from.
func ManagedPoliciesSnapshot() string {
	d := loadManaged()
	return fmt.Sprintf("%s (iann0036/iam-dataset %.7s, %d policies)", d.Snapshot.Date, d.Snapshot.Commit, len(d.Policies))
}

// AWSManagedARN matches the ARN of an AWS managed policy; its group is the
// policy's name with its path.
var AWSManagedARN = regexp.MustCompile(`^arn:[a-z-]+:iam::aws:policy/(.+)$`)

// ManagedPolicy returns the AWS managed policy an ARN or bare name names,
// from the data shipped here, or nil, with its statements pointing at at,
// where the policy is attached in f.
func ManagedPolicy(v string, f *File, at *node.Node, lpath string) *iam.Policy {
	key := v
	if m := AWSManagedARN.FindStringSubmatch(v); m != nil {
		key = m[1]
	} else if strings.Contains(v, ":") || iam.HasSym(v) {
		return nil
	}
	d := loadManaged()
	entry, ok := d.Policies[key]
	if !ok {
		// A name without its path, or a deprecated policy whose path the
		// dataset does not record.
		if k := managedByName[path.Base(key)]; k != "" {
			entry, ok = d.Policies[k]
		}
	}
	if !ok {
		return nil
	}
	doc, err := node.ParseJSON(entry.Document)
	if err != nil {
		return nil
	}
	pol, _ := iam.ParsePolicy(doc, iam.PlainResolver)
	PointAt(pol, at)
	pol.Name, pol.File, pol.Path, pol.Generated = iam.Display(v), f.Path, lpath, true
	return pol
}
