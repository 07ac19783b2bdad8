// Command managedgen writes project/data/aws-managed-policies.json.gz, the
// documents of every AWS managed policy, from a checkout of the public,
// MIT-licensed iann0036/iam-dataset repository, whose aws/managedpolicies
// folder holds one file per policy:
//
//	go run ./internal/managedgen -dataset ../iam-dataset -commit SHA -date YYYY-MM-DD \
//	    -extra extra.json > project/data/aws-managed-policies.json.gz
//
// extra.json adds or replaces documents, by the policy's path and name, for
// policies the checkout lacks; each names its source.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Data is the file's layout; project/shared.go reads it.
type Data struct {
	Snapshot Snapshot          `json:"snapshot"`
	Policies map[string]Policy `json:"policies"`
}

// Snapshot says where the documents come from.
type Snapshot struct {
	Source  string   `json:"source"`
	Commit  string   `json:"commit"`
	Date    string   `json:"date"`
	License string   `json:"license"`
	Extra   []string `json:"extra,omitempty"`
}

// Policy is one managed policy's default version.
type Policy struct {
	Version    string          `json:"version"`
	Document   json.RawMessage `json:"document"`
	Source     string          `json:"source,omitempty"`
	Deprecated bool            `json:"deprecated,omitempty"`
}

func main() {
	dataset := flag.String("dataset", "", "a checkout of iann0036/iam-dataset")
	commit := flag.String("commit", "", "the checkout's commit")
	date := flag.String("date", "", "the commit's date, YYYY-MM-DD")
	extra := flag.String("extra", "", "a JSON file of policies to add: {name: {version, document, source}}")
	flag.Parse()
	if err := run(*dataset, *commit, *date, *extra); err != nil {
		fmt.Fprintln(os.Stderr, "managedgen:", err)
		os.Exit(1)
	}
}

func run(dataset, commit, date, extra string) error {
	if dataset == "" || commit == "" || date == "" {
		return fmt.Errorf("-dataset, -commit and -date are required")
	}
	d := Data{Snapshot: Snapshot{Source: "https://github.com/iann0036/iam-dataset aws/managedpolicies",
		Commit: commit, Date: date, License: "MIT"}, Policies: map[string]Policy{}}
	files, err := filepath.Glob(filepath.Join(dataset, "aws", "managedpolicies", "*.json"))
	if err != nil {
		return err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var p struct {
			ARN        string          `json:"arn"`
			Name       string          `json:"name"`
			Version    string          `json:"version"`
			Deprecated bool            `json:"deprecated"`
			Document   json.RawMessage `json:"document"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		// Deprecated policies may have no ARN in the dataset: their path
		// is not known, their name is.
		name := p.Name
		if _, n, ok := strings.Cut(p.ARN, ":policy/"); ok {
			name = n
		}
		if name == "" {
			return fmt.Errorf("%s: no name", f)
		}
		d.Policies[name] = Policy{Version: p.Version, Document: compact(p.Document), Deprecated: p.Deprecated}
	}
	if extra != "" {
		b, err := os.ReadFile(extra)
		if err != nil {
			return err
		}
		var more map[string]Policy
		if err := json.Unmarshal(b, &more); err != nil {
			return fmt.Errorf("%s: %w", extra, err)
		}
		for _, name := range slices.Sorted(maps.Keys(more)) {
			p := more[name]
			p.Document = compact(p.Document)
			d.Policies[name] = p
			d.Snapshot.Extra = append(d.Snapshot.Extra, name)
		}
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(os.Stdout, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(raw); err != nil {
		return err
	}
	return zw.Close()
}

func compact(doc json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, doc); err != nil {
		return doc
	}
	return b.Bytes()
}
