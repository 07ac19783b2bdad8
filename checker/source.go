package checker

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"sync"

	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
)

// source reads a run's files. It keeps none of them: only which it read,
// so that the text output can print the lines findings point at, read
// again, and a digest of each file a fix edits, so that a file that
// changed since it was read is not fixed.
type source struct {
	// explicit files were named on the command line: they are read
	// whatever their size, up to the hard limit.
	explicit map[string]bool

	// named, once set, says which files are named to the run: the run
	// reads each, so seen need not record them.
	named func(string) bool

	mu      sync.Mutex
	seen    map[string]bool // read without error
	digests map[string][sha256.Size]byte
	// last is the file line read last: findings come in file order.
	last      string
	lastData  []byte
	lastLines *node.Lines
}

func newSource(explicit map[string]bool) *source {
	return &source{explicit: explicit, seen: map[string]bool{}, digests: map[string][sha256.Size]byte{}}
}

func (s *source) read(name string) ([]byte, error) {
	b, err := readBounded(name, s.explicit[name])
	if err != nil {
		return nil, err
	}
	if s.named == nil || !s.named(name) {
		s.mu.Lock()
		s.seen[name] = true
		s.mu.Unlock()
	}
	return b, nil
}

// read reports whether the run read a file.
func (s *source) wasRead(name string) bool {
	if s.named != nil && s.named(name) {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[name]
}

// lineOf returns line n (1-based) of data, without its line ending.
func lineOf(data []byte, lines *node.Lines, n int) (string, bool) {
	if lines == nil || n < 1 || n > lines.Count() {
		return "", false
	}
	start := lines.LineStart(n)
	end := bytes.IndexByte(data[start:], '\n')
	if end < 0 {
		end = len(data) - start
	}
	return strings.TrimSuffix(string(data[start:start+end]), "\r"), true
}

// keepDigests keeps the digests of the files a unit's fixes edit.
func (s *source) keepDigests(files map[string]*project.File, diags []Diagnostic) {
	for _, d := range diags {
		for _, fix := range d.Fixes {
			for _, e := range fix.Edits {
				if f := files[e.File]; f != nil && f.Data != nil && s.wasRead(e.File) {
					s.mu.Lock()
					s.digests[e.File] = sha256.Sum256(f.Data)
					s.mu.Unlock()
				}
			}
		}
	}
}

// line returns line n of a file the run read, read again.
func (s *source) line(file string, n int) (string, bool) {
	if !s.wasRead(file) {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last != file {
		data, err := readBounded(file, s.explicit[file])
		if err != nil {
			return "", false
		}
		s.last, s.lastData, s.lastLines = file, data, node.NewLines(data)
	}
	return lineOf(s.lastData, s.lastLines, n)
}

// data reads a file a fix edits again, and reports whether it is as the
// run read it.
func (s *source) data(file string) (data []byte, read, same bool) {
	s.mu.Lock()
	digest, ok := s.digests[file]
	s.mu.Unlock()
	if !ok {
		return nil, false, false
	}
	data, err := readBounded(file, s.explicit[file])
	if err != nil {
		return nil, true, false
	}
	return data, true, sha256.Sum256(data) == digest
}
