package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/sfn-lint/sfn-lint/internal/panics"
	"github.com/sfn-lint/sfn-lint/node"
)

// Reader reads one input format.
type Reader interface {
	// Recognize returns the kind of a file this reader reads, or Other. It
	// is asked twice: before the file is parsed (f.Root is nil), for
	// formats known by name, and after, for formats known by content.
	Recognize(f *File) Kind
	// Extensions are the file name extensions (lower case, with the dot)
	// of the files the format is written in: a walk of a directory offers
	// the readers the files with one of the readers' extensions.
	Extensions() []string
	// Read reads the files recognised as its kinds, in path order, into
	// the project. It guards each unit it reads (see Project.Guard), so
	// that a failure on one does not cost the others.
	Read(p *Project, files []*File)
}

// FileSystem is a run's access to the files its files reference: regular
// files inside the project, within the size limit.
type FileSystem interface {
	ReadFile(name string) ([]byte, error)
	ReadDir(name string) ([]fs.DirEntry, error)
}

// Options says how to read a run's files.
type Options struct {
	// Readers read the formats, each in turn, in this order; the first
	// that recognises a file reads it.
	Readers []Reader
	// FS gives access to the files a reader follows a reference to; nil
	// reads nothing beyond the named files.
	FS FileSystem
	// PoliciesFor returns the policy files a standalone definition runs
	// with (slash paths as the run names them); nil binds none.
	PoliciesFor func(definition string) []string
	// Explicit files were named on the command line: a parse error there is
	// reported even when the content does not look like ours.
	Explicit map[string]bool
	// Bound files are named as policies (by a binding or --policy): a file
	// there that is not one is reported, whatever it holds.
	Bound map[string]bool
	// Unit, when set, is the unit of a run these files are: the project
	// adds what it defines to the run's index and looks up there what it
	// does not define (see Index). Nil reads the files as a whole run.
	Unit *Unit
	// ReadNamed reads a file named to the run that another unit holds,
	// when a reference leads to it.
	ReadNamed func(name string) ([]byte, error)
}

// ErrNotInput is returned by a run's file access for a file it does not
// read because it is none of the inputs sfn-lint reads (a JSON file far
// larger than any template): the file is passed over, not reported.
var ErrNotInput = errors.New("not an input sfn-lint reads")

// ErrOutside is returned by a run's file access for a file a reference
// names outside the project, which is not read: a template in a pull
// request must not make the run read /etc/shadow.
var ErrOutside = errors.New("it leaves the project")

// Unreadable says why a file a reference names was not opened, for a
// message such as "DefinitionUri "x" does not exist": that it does not
// exist, or that the reference leaves the project (without saying whether
// such a file exists).
func Unreadable(err error) string {
	if errors.Is(err, ErrOutside) {
		return "leaves the project, so it is not read"
	}
	return "does not exist"
}

// markers are words one of which every file we read contains; a file
// without any is skipped before parsing, and a file with none that does
// not parse is not ours to complain about.
var markers = [][]byte{[]byte("States"), []byte("Statement"), []byte("Resources"),
	[]byte("stepFunctions"), []byte("RoleDetailList"), []byte("stateMachineArn"), []byte("planned_values")}

// LooksRelevant reports whether data holds one of the words every input
// sfn-lint reads contains.
func LooksRelevant(data []byte) bool {
	for _, m := range markers {
		if bytes.Contains(data, m) {
			return true
		}
	}
	return false
}

// Load reads and recognises every named file, then lets each reader read
// its files and follow their references. read is called once per named
// file; files are parsed in parallel.
func Load(paths []string, read func(string) ([]byte, error), opts Options) *Project {
	p := &Project{byPath: map[string]*File{}, usedDefinitions: map[string]bool{}, TaskRoles: map[string][]string{},
		opts: opts, readerOf: map[*File]Reader{}, substituted: map[*File]*node.Node{}, claimed: map[string]bool{}}
	files := make([]*File, len(paths))
	probs := make([][]Problem, len(paths))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, name := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			files[i], probs[i] = p.parseFile(name, read, opts.Explicit[name] || opts.Bound[name], opts.Bound[name])
		}()
	}
	wg.Wait()
	for i, f := range files {
		p.Problems = append(p.Problems, probs[i]...)
		p.add(f)
		if r := p.readerFor(f); r != nil {
			p.readerOf[f] = r
		}
	}
	if u := opts.Unit; u != nil && u.Defer != nil {
		for _, f := range p.Files {
			if r := p.readerOf[f]; r != nil && u.Defer(r, f) {
				u.Deferred = true
				return p
			}
		}
	}
	for _, r := range opts.Readers {
		var mine []*File
		for _, f := range p.Files {
			if p.readerOf[f] == r && (opts.Unit == nil || opts.Unit.Skip == nil || !opts.Unit.Skip(r, f)) {
				mine = append(mine, f)
			}
		}
		if len(mine) > 0 {
			p.Guard(mine[0], func() { r.Read(p, mine) })
		}
	}
	p.publish()
	p.bindAssumed()
	return p
}

func (p *Project) add(f *File) {
	p.Files = append(p.Files, f)
	p.byPath[f.Path] = f
}

// recognize asks the readers, in order, what f is.
func (p *Project) recognize(f *File) {
	for _, r := range p.opts.Readers {
		if k := r.Recognize(f); k != Other {
			f.Kind = k
			return
		}
	}
}

// readerFor returns the reader that recognised f.
func (p *Project) readerFor(f *File) Reader {
	if f.Kind == Other {
		return nil
	}
	for _, r := range p.opts.Readers {
		if r.Recognize(f) == f.Kind {
			return r
		}
	}
	return nil
}

// parseFile reads, parses and recognises one file. A panic while doing so
// is a problem of that file.
func (p *Project) parseFile(name string, read func(string) ([]byte, error), explicit, bound bool) (f *File, probs []Problem) {
	f = &File{Path: name}
	defer func() {
		if r := recover(); r != nil {
			probs = append(probs, internalProblem(f, r))
		}
	}()
	data, err := read(name)
	f.Data, f.Lines = data, node.NewLines(data)
	if errors.Is(err, ErrNotInput) {
		return f, nil
	}
	if err != nil {
		return f, []Problem{{File: f, Msg: fmt.Sprintf("cannot read file: %v", err)}}
	}
	if p.recognize(f); f.Kind != Other {
		return f, nil
	}
	if enc := utf16Encoding(data); enc != "" {
		if explicit || LooksRelevant(decodeUTF16(data, enc == "UTF-16BE")) {
			return f, []Problem{{File: f, Msg: "the file is encoded in " + enc + ": AWS reads definitions, templates and policies as UTF-8, so save it as UTF-8"}}
		}
		return f, nil
	}
	if !explicit && !LooksRelevant(data) {
		return f, nil
	}
	root, err := parseData(name, data)
	if err != nil {
		// Named or not, a file that holds none of our words is not ours
		// to complain about (pre-commit names every changed file), unless
		// it is named as a policy.
		if !bound && !LooksRelevant(data) {
			return f, nil
		}
		return f, []Problem{parseProblem(f, err)}
	}
	if root == nil {
		// An empty document, or one of comments only: nothing to read.
		if bound {
			return f, []Problem{{File: f, Msg: "the file is empty, but it is named as a policy"}}
		}
		return f, nil
	}
	f.Root = root
	probs = append(probs, duplicates(f, root)...)
	if root.Kind == node.Map {
		p.recognize(f)
	}
	return f, probs
}

// Open returns a file that a reader follows a reference to, parsed and
// recognised: one of the run's files, or else one read through the run's
// file access, once. Files opened here are part of the project, so
// findings can point into them; the reader that follows the reference
// reads them, not the reader that would read them on their own.
func (p *Project) Open(name string) (*File, error) {
	p.mu.Lock()
	f := p.byPath[name]
	p.mu.Unlock()
	if f != nil {
		return f, nil
	}
	if f := p.openNamed(name); f != nil {
		return f, nil
	}
	if p.opts.FS == nil {
		return nil, fs.ErrNotExist
	}
	data, err := p.opts.FS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	f, probs := p.parseFile(name, func(string) ([]byte, error) { return data, nil }, false, false)
	p.mu.Lock()
	defer p.mu.Unlock()
	if g := p.byPath[name]; g != nil {
		return g, nil
	}
	p.Problems = append(p.Problems, probs...)
	p.add(f)
	return f, nil
}

// openNamed opens a file named to the run that another unit holds, as the
// run reads it where it is named, and records it in the unit's Opened;
// nil for any other file.
func (p *Project) openNamed(name string) *File {
	u := p.opts.Unit
	if u == nil || p.opts.ReadNamed == nil {
		return nil
	}
	if !u.Index.Named(name) {
		return nil
	}
	explicit, bound := p.opts.Explicit[name], p.opts.Bound[name]
	f, probs := p.parseFile(name, p.opts.ReadNamed, explicit || bound, bound)
	p.mu.Lock()
	defer p.mu.Unlock()
	if g := p.byPath[name]; g != nil {
		return g
	}
	p.Problems = append(p.Problems, probs...)
	p.add(f)
	u.Opened = append(u.Opened, name)
	return f
}

// OpenFold opens the file whose path differs from name only in the letter
// case of its last element, if there is one: such a reference works on
// case-insensitive file systems only.
func (p *Project) OpenFold(name string) *File {
	dir, base := path.Split(name)
	entries, err := p.ReadDir(path.Clean(dir))
	if err != nil {
		return nil
	}
	for _, e := range entries {
		if e.Name() != base && strings.EqualFold(e.Name(), base) && !e.IsDir() {
			if f, err := p.Open(path.Join(dir, e.Name())); err == nil {
				return f
			}
		}
	}
	return nil
}

// ReadDir lists a directory a reader follows a reference to.
func (p *Project) ReadDir(name string) ([]fs.DirEntry, error) {
	if p.opts.FS == nil {
		return nil, fs.ErrNotExist
	}
	return p.opts.FS.ReadDir(name)
}

// DropProblems forgets what was reported about a file while reading it on
// its own, once a reader finds it is a template that another file fills
// in.
func (p *Project) DropProblems(f *File) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Problems = slices.DeleteFunc(p.Problems, func(pr Problem) bool { return pr.File == f })
	p.claimed[f.Path] = true
}

// Claimed lists the files whose problems a reader replaced (DropProblems),
// in path order.
func (p *Project) Claimed() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Sorted(maps.Keys(p.claimed))
}

// ParseSubstituted reads a JSON file that did not parse on its own as one
// a substitution rewrites (see the function ParseSubstituted), once: what
// was reported about the file is replaced by what is wrong with it still.
// It returns nil when the file does not parse even so.
func (p *Project) ParseSubstituted(f *File) *node.Node {
	p.mu.Lock()
	root, done := p.substituted[f]
	p.mu.Unlock()
	if done {
		return root
	}
	root, err := ParseSubstituted(f)
	p.DropProblems(f)
	var probs []Problem
	if err != nil {
		probs = append(probs, parseProblem(f, err))
	}
	probs = append(probs, duplicates(f, root)...)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.substituted[f] = root
	p.Problems = append(p.Problems, probs...)
	return root
}

// ReportUnparsed says, once, why a file a reader follows a reference to
// has no tree, when nothing was said of it yet: a file that holds none of
// the words of what is linted is not parsed where it is named, but one a
// reference names as a definition must parse. what says what the
// reference reads the file as ("the definition of state machine "x" in
// serverless.yml"), for a file that is empty.
func (p *Project) ReportUnparsed(f *File, what string) {
	if f.Root != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if slices.ContainsFunc(p.Problems, func(pr Problem) bool { return pr.File == f }) {
		return
	}
	root, err := parseData(f.Path, f.Data)
	switch {
	case err != nil:
		p.Problems = append(p.Problems, parseProblem(f, err))
	case root == nil:
		p.Problems = append(p.Problems, Problem{File: f, Msg: "the file is empty, but it is " + what})
	}
}

// parseData parses a file's bytes as its name says: a .json file as JSON
// only, as AWS reads it, anything else as YAML (which JSON is too).
func parseData(name string, data []byte) (*node.Node, error) {
	parse := node.Parse
	if strings.EqualFold(path.Ext(name), ".json") {
		parse = node.ParseJSON
	}
	return parseSkippingBOM(parse, data)
}

// parseProblem is the problem of a file that does not parse, where the
// parser says.
func parseProblem(f *File, err error) Problem {
	off, msg := 0, err.Error()
	if pe := (*node.Error)(nil); errors.As(err, &pe) {
		off, msg = pe.Offset, pe.Msg
	}
	return Problem{File: f, Pos: off, End: off, Msg: "cannot parse: " + msg}
}

// duplicates reports the keys a map of root holds twice.
func duplicates(f *File, root *node.Node) []Problem {
	var probs []Problem
	for _, d := range node.Duplicates(root) {
		line, _ := f.Lines.Position(d[1].Pos)
		probs = append(probs, Problem{File: f, Pos: d[0].Pos, End: d[0].End,
			Msg: fmt.Sprintf("duplicate key %q (first at line %d): parsers keep one of the two silently", d[0].Value, line)})
	}
	return probs
}

// Guard runs fn, which reads f or a unit that f stands for; a panic in fn
// becomes a problem of f, and reading goes on with the next unit.
func (p *Project) Guard(f *File, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			p.mu.Lock()
			p.Problems = append(p.Problems, internalProblem(f, r))
			p.mu.Unlock()
		}
	}()
	fn()
}

func internalProblem(f *File, r any) Problem {
	return Problem{File: f, Msg: "internal error while reading this file, which is not checked: " + panics.Describe(r)}
}

// Problem records a load error at a node of a file (at its start when n
// is nil).
func (p *Project) Problem(f *File, n *node.Node, format string, args ...any) {
	pr := Problem{File: f, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		pr.Pos, pr.End = n.Pos, n.End
	}
	p.mu.Lock()
	p.Problems = append(p.Problems, pr)
	p.mu.Unlock()
}

// utf8BOM is the byte order mark some editors write at the start of UTF-8.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parseSkippingBOM parses data after a UTF-8 byte order mark, if it has
// one, keeping offsets into data.
func parseSkippingBOM(parse func([]byte) (*node.Node, error), data []byte) (*node.Node, error) {
	if !bytes.HasPrefix(data, utf8BOM) {
		return parse(data)
	}
	n := len(utf8BOM)
	root, err := parse(data[n:])
	if err != nil {
		if pe := (*node.Error)(nil); errors.As(err, &pe) {
			return nil, &node.Error{Offset: pe.Offset + n, Msg: pe.Msg}
		}
		return nil, err
	}
	node.Remap(root, func(off int) int { return off + n })
	return root, nil
}

// utf16Encoding names the UTF-16 encoding of data ("UTF-16LE" or
// "UTF-16BE"), known by its byte order mark or by the zero bytes ASCII
// text has beside every character in it; "" for anything else.
func utf16Encoding(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return "UTF-16LE"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "UTF-16BE"
	case len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0:
		return "UTF-16LE"
	case len(data) >= 4 && data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		return "UTF-16BE"
	}
	return ""
}

// decodeUTF16 decodes UTF-16 text to UTF-8, for telling whether it is ours.
func decodeUTF16(data []byte, bigEndian bool) []byte {
	units := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if bigEndian {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	return []byte(string(utf16.Decode(units)))
}
