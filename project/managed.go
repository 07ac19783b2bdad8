package project

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
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
	Policies map[string]managedEntry `json:"policies"`
}

// managedEntry is one policy of the file.
type managedEntry struct {
	Version    string          `json:"version"`
	Document   json.RawMessage `json:"document"`
	Deprecated bool            `json:"deprecated"`
}

var (
	managedOnce sync.Once
	managed     *managedData
	// managedByName finds a policy by its name alone, as SAM and the
	// Serverless Framework take it; no two policies share a name.
	managedByName map[string]string
)

// PreloadManaged reads the AWS managed policies now, so that the first
// reader to need one does not wait for them.
func PreloadManaged() { loadManaged() }

func loadManaged() *managedData {
	managedOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(managedGz))
		if err != nil {
			panic(fmt.Sprintf("project: aws-managed-policies.json.gz: %v", err))
		}
		// The gzip trailer gives the size of what it holds.
		var buf bytes.Buffer
		if n := len(managedGz); n >= 4 {
			buf.Grow(int(binary.LittleEndian.Uint32(managedGz[n-4:])))
		}
		if _, err := buf.ReadFrom(zr); err != nil {
			panic(fmt.Sprintf("project: aws-managed-policies.json.gz: %v", err))
		}
		d, err := decodeManaged(buf.Bytes())
		if err != nil {
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
		managed = d
	})
	return managed
}

// decodeManaged reads the file's JSON. Documents stay slices of raw,
// decoded only when a policy is used: most of the file is the documents
// of policies no run uses.
func decodeManaged(raw []byte) (*managedData, error) {
	d := &managedData{Policies: map[string]managedEntry{}}
	s := &jsonScan{data: raw}
	err := s.object(func(key string) error {
		v, err := s.value()
		switch {
		case err != nil:
			return err
		case key == "snapshot":
			return json.Unmarshal(v, &d.Snapshot)
		case key == "policies":
			in := &jsonScan{data: v}
			return in.object(func(name string) error {
				e, err := in.entry()
				d.Policies[name] = e
				return err
			})
		}
		return nil
	})
	return d, err
}

// entry reads one policy of the file.
func (s *jsonScan) entry() (managedEntry, error) {
	var e managedEntry
	err := s.object(func(field string) error {
		v, err := s.value()
		switch {
		case err != nil:
			return err
		case field == "version":
			return json.Unmarshal(v, &e.Version)
		case field == "deprecated":
			return json.Unmarshal(v, &e.Deprecated)
		case field == "document":
			e.Document = v
		}
		return nil
	})
	return e, err
}

// jsonScan walks well-formed JSON without decoding it.
type jsonScan struct {
	data []byte
	i    int
}

func (s *jsonScan) space() {
	for s.i < len(s.data) && (s.data[s.i] == ' ' || s.data[s.i] == '\t' || s.data[s.i] == '\n' || s.data[s.i] == '\r') {
		s.i++
	}
}

func (s *jsonScan) errorf(what string) error {
	return fmt.Errorf("offset %d: %s", s.i, what)
}

// object calls member for the key of each member of an object, which must
// read the member's value.
func (s *jsonScan) object(member func(key string) error) error {
	s.space()
	if s.i >= len(s.data) || s.data[s.i] != '{' {
		return s.errorf("want an object")
	}
	s.i++
	for first := true; ; first = false {
		s.space()
		if s.i < len(s.data) && s.data[s.i] == '}' {
			s.i++
			return nil
		}
		if !first {
			if s.data[s.i] != ',' {
				return s.errorf("want , or }")
			}
			s.i++
			s.space()
		}
		raw, err := s.value()
		if err != nil {
			return err
		}
		var key string
		if err := json.Unmarshal(raw, &key); err != nil {
			return err
		}
		s.space()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			return s.errorf("want :")
		}
		s.i++
		if err := member(key); err != nil {
			return err
		}
	}
}

// value returns the next value as it is written.
func (s *jsonScan) value() ([]byte, error) {
	s.space()
	start, depth := s.i, 0
	for ; s.i < len(s.data); s.i++ {
		switch s.data[s.i] {
		case '"':
			for s.i++; s.i < len(s.data) && s.data[s.i] != '"'; s.i++ {
				if s.data[s.i] == '\\' {
					s.i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return s.data[start:s.i], nil
			}
			depth--
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return s.data[start:s.i], nil
			}
		}
		if depth == 0 && (s.data[s.i] == '"' || s.data[s.i] == '}' || s.data[s.i] == ']') {
			s.i++
			return s.data[start:s.i], nil
		}
	}
	if depth > 0 || start == s.i {
		return nil, s.errorf("unexpected end")
	}
	return s.data[start:s.i], nil
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
