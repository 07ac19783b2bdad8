package checker

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// Baseline records the findings a repository has today, so that a run can
// report only new ones: a team turns sfn-lint on without first fixing
// every old finding. Findings are matched by fingerprint, which lines added
// above a finding and reworded messages do not change.
type Baseline struct {
	Version  int               `json:"version"`
	Findings []BaselineFinding `json:"findings"`
}

// BaselineFinding is one recorded finding; Message is for the reader of
// the file, not for matching.
type BaselineFinding struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Message     string `json:"message"`
}

const baselineVersion = 1

// NewBaseline records a run's findings.
func NewBaseline(diags []Diagnostic) *Baseline {
	b := &Baseline{Version: baselineVersion, Findings: []BaselineFinding{}}
	for _, d := range diags {
		if d.Input {
			continue // input that cannot be read is never accepted
		}
		b.Findings = append(b.Findings, BaselineFinding{Fingerprint: d.Fingerprint(), Rule: d.Rule, File: d.File, Message: d.Message})
	}
	slices.SortFunc(b.Findings, func(x, y BaselineFinding) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
	return b
}

// WriteBaseline writes a baseline file.
func WriteBaseline(path string, b *Baseline) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(path, append(data, '\n'))
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a baseline: %w", path, err)
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("%s: baseline version %d, want %d (write it again with --write-baseline)", path, b.Version, baselineVersion)
	}
	return &b, nil
}

// Filter drops the diagnostics the baseline records, each recorded finding
// at most as many times as it was recorded, and returns how many it drops.
func (b *Baseline) Filter(diags []Diagnostic) ([]Diagnostic, int) {
	left := map[string]int{}
	for _, f := range b.Findings {
		left[f.Fingerprint]++
	}
	out := diags[:0]
	dropped := 0
	for _, d := range diags {
		fp := d.Fingerprint()
		if left[fp] > 0 && !d.Input {
			left[fp]--
			dropped++
			continue
		}
		out = append(out, d)
	}
	return out, dropped
}
