package checker

import (
	"sync"

	"github.com/sfn-lint/sfn-lint/internal/block"
)

// keeper copies what a run keeps of each unit, its findings, into large
// blocks, away from the garbage the unit leaves: small pieces kept among
// that garbage would hold the memory it took long after it is collected,
// and a run's memory would grow with its units rather than its findings.
type keeper struct {
	mu      sync.Mutex
	text    block.Text
	diags   []Diagnostic // the rest of the block of findings
	related []Related    // the rest of the block of related locations
}

// itemBlock is how many findings or related locations a block holds.
const itemBlock = 512

func (k *keeper) str(s string) string { return k.text.Copy(s) }

// keep copies findings into the blocks.
func (k *keeper) keep(ds []Diagnostic) []Diagnostic {
	if len(ds) == 0 {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.diags) < len(ds) {
		k.diags = make([]Diagnostic, max(itemBlock, len(ds)))
	}
	out := k.diags[:len(ds):len(ds)]
	k.diags = k.diags[len(ds):]
	for i, d := range ds {
		// File names are those of the run's files, kept anyway.
		d.Message, d.Key = k.str(d.Message), k.str(d.Key)
		if n := len(d.Related); n > 0 {
			if len(k.related) < n {
				k.related = make([]Related, max(itemBlock, n))
			}
			rel := k.related[:n:n]
			k.related = k.related[n:]
			for j, r := range d.Related {
				rel[j] = Related{Span: r.Span, Message: k.str(r.Message)}
			}
			d.Related = rel
		}
		if len(d.Fixes) > 0 {
			fixes := make([]Fix, len(d.Fixes))
			for j, f := range d.Fixes {
				fixes[j] = Fix{Message: k.str(f.Message), Edits: make([]Edit, len(f.Edits))}
				for e, ed := range f.Edits {
					fixes[j].Edits[e] = Edit{Span: ed.Span, NewText: k.str(ed.NewText)}
				}
			}
			d.Fixes = fixes
		}
		out[i] = d
	}
	return out
}
