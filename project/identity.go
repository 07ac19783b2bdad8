package project

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sfn-lint/sfn-lint/iam"
)

// identityTSV says what a reference to a resource gives (its name, ARN or
// URL) for CloudFormation and Terraform alike, one row per kind of
// resource; its legend describes the columns and the templates. The
// readers evaluate properties; the table says what to build from them.
//
//go:embed data/identity.tsv
var identityTSV string

// IdentityFormat picks a format's columns of the table.
type IdentityFormat int

const (
	CFNIdentity IdentityFormat = iota
	TFIdentity
	idFormats
)

func (f IdentityFormat) String() string { return [...]string{"cfn", "tf"}[f] }

// IdentityEnv is what a reader supplies to build an identity: the deployment,
// the name symbols are built on, and how it evaluates a property.
type IdentityEnv struct {
	Partition, Region, Account string
	// Symbol names the resource in symbols: CloudFormation's logical ID,
	// Terraform's address.
	Symbol string
	// Prop evaluates a property (a Terraform argument) of the resource; ok
	// is false when it is absent or not a string.
	Prop func(name string) (string, bool)
}

// Identity gives what a reference to an attribute of a resource of type
// typ returns (attr "" for CloudFormation's Ref), as the identity table
// says, and whether the table knows it.
func Identity(f IdentityFormat, typ, attr string, env IdentityEnv) (string, bool) {
	return identities.identity(f, typ, attr, env)
}

// identityTable is the parsed table.
type identityTable struct {
	rows   []*idRow
	byType [idFormats]map[string]*idRow
}

// idRow is one kind of resource.
type idRow struct {
	kind    string
	line    int
	forms   map[string]idTemplate
	formats [idFormats]idColumns
}

// idColumns is one format's part of a row.
type idColumns struct {
	types  []string
	fields []idField
	attrs  map[string]string // attribute ("" for Ref) -> field or form
	// reads lists, by attribute, the fields its value uses, in the order
	// the row declares them, which is the order they are read in.
	reads map[string][]*idField
}

func (c *idColumns) field(name string) *idField {
	for i := range c.fields {
		if c.fields[i].name == name {
			return &c.fields[i]
		}
	}
	return nil
}

// idField is a value read from the resource: a property, or the fallback
// template when the property is absent or empty.
type idField struct {
	name, prop string
	fallback   idTemplate
}

// idTemplate is a template's alternatives (A~B), each a list of parts.
type idTemplate [][]idPart

// idPart is literal text or one placeholder.
type idPart struct {
	kind idPartKind
	text string // the literal, or the placeholder's argument
}

type idPartKind int

const (
	idLit       idPartKind = iota
	idPartition            // ${Partition}
	idRegion               // ${Region}
	idAccount              // ${Account}
	idGen                  // {gen}, {gen:X}
	idSym                  // {sym:X}
	idRef                  // {field} or {form}
	idTrim                 // {trim:X}: field or form X without its last ":" part
)

var identities = mustParseIdentities(identityTSV)

func mustParseIdentities(src string) *identityTable {
	t, err := parseIdentities(src)
	if err != nil {
		panic("identity.tsv: " + err.Error())
	}
	return t
}

// identity returns what attr ("" for CloudFormation's Ref) of a resource
// of type typ gives in format f; ok is false when the table does not say.
func (t *identityTable) identity(f IdentityFormat, typ, attr string, env IdentityEnv) (string, bool) {
	row := t.byType[f][typ]
	if row == nil {
		return "", false
	}
	cols := &row.formats[f]
	name, ok := cols.attrs[attr]
	if !ok {
		return "", false
	}
	x := idExpansion{row: row, cols: cols, env: env, memo: map[string]string{}}
	for _, fl := range cols.reads[attr] {
		x.value(fl.name)
	}
	return x.value(name), true
}

// idExpansion expands the templates of one row for one resource. Each
// field is read at most once, and only when the attribute uses it.
type idExpansion struct {
	row  *idRow
	cols *idColumns
	env  IdentityEnv
	memo map[string]string
}

func (x *idExpansion) value(name string) string {
	if v, ok := x.memo[name]; ok {
		return v
	}
	var v string
	if f := x.cols.field(name); f != nil {
		v = x.read(f)
	} else {
		v = x.expand(x.row.forms[name])
	}
	x.memo[name] = v
	return v
}

func (x *idExpansion) read(f *idField) string {
	if f.prop != "" {
		if v, ok := x.env.Prop(f.prop); ok && v != "" {
			return v
		}
	}
	return x.expand(f.fallback)
}

func (x *idExpansion) expand(t idTemplate) string {
	var v string
	for _, alt := range t {
		var b strings.Builder
		for _, p := range alt {
			b.WriteString(x.part(p))
		}
		if v = b.String(); strings.HasPrefix(v, "arn:") {
			break
		}
	}
	return v
}

func (x *idExpansion) part(p idPart) string {
	switch p.kind {
	case idPartition:
		return x.env.Partition
	case idRegion:
		return x.env.Region
	case idAccount:
		return x.env.Account
	case idGen:
		return iam.GenSym(dotted(x.env.Symbol, p.text))
	case idSym:
		return iam.Sym(dotted(x.env.Symbol, p.text))
	case idRef:
		return x.value(p.text)
	case idTrim:
		return trimQualifier(x.value(p.text))
	}
	return p.text
}

// trimQualifier removes the last ":"-separated part of an ARN, such as the
// version a version ARN ends with. A value whose separators are all inside
// symbols is not known to have a qualifier, and stays as it is.
func trimQualifier(v string) string {
	masked, unmask := iam.Mask(v)
	if i := strings.LastIndexByte(masked, ':'); i >= 0 {
		return unmask(masked[:i])
	}
	return v
}

// dotted names a resource's attribute, or the resource itself when attr
// is empty.
func dotted(res, attr string) string {
	if attr == "" {
		return res
	}
	return res + "." + attr
}

// idColumnNames is the table's header.
const idColumnNames = "kind\tcfn\tcfn-fields\tcfn-attrs\ttf\ttf-fields\ttf-attrs\tforms"

// parseIdentities parses and checks the table: every template and
// reference well formed, each type in one row only.
func parseIdentities(src string) (*identityTable, error) {
	t := &identityTable{}
	for f := range t.byType {
		t.byType[f] = map[string]*idRow{}
	}
	header := true
	for i, line := range strings.Split(src, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			if line != idColumnNames {
				return nil, fmt.Errorf("line %d: header is not %q", i+1, idColumnNames)
			}
			header = false
			continue
		}
		row, err := parseIDRow(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		row.line = i + 1
		for f, cols := range row.formats {
			for _, typ := range cols.types {
				if prev := t.byType[f][typ]; prev != nil {
					return nil, fmt.Errorf("line %d: %s is also on line %d", i+1, typ, prev.line)
				}
				t.byType[f][typ] = row
			}
		}
		t.rows = append(t.rows, row)
	}
	return t, nil
}

func parseIDRow(line string) (*idRow, error) {
	c := strings.Split(line, "\t")
	if len(c) != 8 {
		return nil, fmt.Errorf("%d columns, want 8", len(c))
	}
	row := &idRow{kind: c[0], forms: map[string]idTemplate{}}
	for _, it := range idItems(c[7]) {
		name, src, _ := strings.Cut(it, "=")
		if _, dup := row.forms[name]; dup || !idName(name) {
			return nil, fmt.Errorf("%s: bad or repeated form name %q", row.kind, name)
		}
		t, err := parseIDTemplate(src)
		if err != nil {
			return nil, fmt.Errorf("%s: form %s: %w", row.kind, name, err)
		}
		row.forms[name] = t
	}
	for f := range idFormats {
		cols, err := parseIDColumns(c[1+3*f], c[2+3*f], c[3+3*f])
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", row.kind, f, err)
		}
		row.formats[f] = cols
	}
	return row, row.check()
}

// idItems splits a column into its items; "-" is none.
func idItems(col string) []string {
	if col == "-" {
		return nil
	}
	return strings.Split(col, " ")
}

// idName reports whether s may name a field or form.
func idName(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz_") == ""
}

func parseIDColumns(types, fields, attrs string) (idColumns, error) {
	cols := idColumns{types: idItems(types), attrs: map[string]string{}}
	if len(cols.types) == 0 && (fields != "-" || attrs != "-") {
		return cols, fmt.Errorf("fields or attributes without a type")
	}
	for _, it := range idItems(fields) {
		name, spec, _ := strings.Cut(it, "=")
		if !idName(name) || cols.field(name) != nil {
			return cols, fmt.Errorf("bad or repeated field name %q", name)
		}
		f := idField{name: name}
		fallback := "{gen}"
		if strings.HasPrefix(spec, "{") {
			fallback = spec
		} else if prop, t, ok := strings.Cut(spec, "|"); ok {
			f.prop, fallback = prop, t
		} else {
			f.prop = spec
		}
		t, err := parseIDTemplate(fallback)
		if err != nil {
			return cols, fmt.Errorf("field %s: %w", name, err)
		}
		if t.refers() {
			return cols, fmt.Errorf("field %s: a field's template names no field or form", name)
		}
		f.fallback = t
		cols.fields = append(cols.fields, f)
	}
	for _, it := range idItems(attrs) {
		keys, name, ok := strings.Cut(it, "=")
		if !ok || !idName(name) {
			return cols, fmt.Errorf("bad attribute item %q", it)
		}
		for _, a := range strings.Split(keys, ",") {
			if a == "Ref" {
				a = ""
			}
			if _, dup := cols.attrs[a]; dup || a == "-" {
				return cols, fmt.Errorf("bad or repeated attribute in %q", it)
			}
			cols.attrs[a] = name
		}
	}
	if len(cols.types) > 0 && len(cols.attrs) == 0 {
		return cols, fmt.Errorf("types without attributes")
	}
	return cols, nil
}

// check makes sure that every name a format uses is its field or a form,
// without cycles, and that no field or form goes unused. It also lists
// the fields each attribute reads.
func (r *idRow) check() error {
	usedForms := map[string]bool{}
	for f := range idFormats {
		cols := &r.formats[f]
		for _, fl := range cols.fields {
			if _, ok := r.forms[fl.name]; ok {
				return fmt.Errorf("%s: %s: %s is both a field and a form", r.kind, f, fl.name)
			}
		}
		used := map[string]bool{}
		cols.reads = map[string][]*idField{}
		for attr, name := range cols.attrs {
			needs := map[string]bool{}
			if err := r.walk(cols, name, needs, nil); err != nil {
				return fmt.Errorf("%s: %s: %w", r.kind, f, err)
			}
			for i := range cols.fields {
				if needs[cols.fields[i].name] {
					cols.reads[attr] = append(cols.reads[attr], &cols.fields[i])
				}
			}
			maps.Copy(used, needs)
		}
		for _, fl := range cols.fields {
			if !used[fl.name] {
				return fmt.Errorf("%s: %s: field %s is not used", r.kind, f, fl.name)
			}
		}
		maps.Copy(usedForms, used)
	}
	for name := range r.forms {
		if !usedForms[name] {
			return fmt.Errorf("%s: form %s is not used", r.kind, name)
		}
	}
	return nil
}

// walk marks name, and the names its form refers to, as used.
func (r *idRow) walk(cols *idColumns, name string, used map[string]bool, path []string) error {
	if slices.Contains(path, name) {
		return fmt.Errorf("%s refers to itself", name)
	}
	if used[name] {
		return nil
	}
	used[name] = true
	if cols.field(name) != nil {
		return nil
	}
	t, ok := r.forms[name]
	if !ok {
		return fmt.Errorf("no field or form %s", name)
	}
	for _, alt := range t {
		for _, p := range alt {
			if p.kind != idRef && p.kind != idTrim {
				continue
			}
			if err := r.walk(cols, p.text, used, append(path, name)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t idTemplate) refers() bool {
	for _, alt := range t {
		for _, p := range alt {
			if p.kind == idRef || p.kind == idTrim {
				return true
			}
		}
	}
	return false
}

// parseIDTemplate splits a template into its alternatives and parts.
func parseIDTemplate(s string) (idTemplate, error) {
	var t idTemplate
	for _, src := range strings.Split(s, "~") {
		var alt []idPart
		for src != "" {
			open := strings.IndexByte(src, '{')
			if open > 0 && src[open-1] == '$' {
				open--
			}
			if open < 0 {
				open = len(src)
			}
			if open > 0 {
				if strings.ContainsAny(src[:open], "}$") {
					return nil, fmt.Errorf("stray } or $ in %q", s)
				}
				alt = append(alt, idPart{kind: idLit, text: src[:open]})
				src = src[open:]
				continue
			}
			end := strings.IndexByte(src, '}')
			if end < 0 {
				return nil, fmt.Errorf("unclosed placeholder in %q", s)
			}
			p, err := parsePlaceholder(src[:end+1])
			if err != nil {
				return nil, err
			}
			alt = append(alt, p)
			src = src[end+1:]
		}
		if len(alt) == 0 {
			return nil, fmt.Errorf("empty template in %q", s)
		}
		t = append(t, alt)
	}
	return t, nil
}

func parsePlaceholder(ph string) (idPart, error) {
	switch ph {
	case "${Partition}":
		return idPart{kind: idPartition}, nil
	case "${Region}":
		return idPart{kind: idRegion}, nil
	case "${Account}":
		return idPart{kind: idAccount}, nil
	case "{gen}":
		return idPart{kind: idGen}, nil
	}
	inner := ph[1 : len(ph)-1]
	if k, arg, ok := strings.Cut(inner, ":"); ok && arg != "" && !strings.ContainsAny(arg, "{:") {
		switch k {
		case "gen":
			return idPart{kind: idGen, text: arg}, nil
		case "sym":
			return idPart{kind: idSym, text: arg}, nil
		case "trim":
			if idName(arg) {
				return idPart{kind: idTrim, text: arg}, nil
			}
		}
	}
	if idName(inner) {
		return idPart{kind: idRef, text: inner}, nil
	}
	return idPart{}, fmt.Errorf("unknown placeholder %s", ph)
}
