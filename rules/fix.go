package rules

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/sfn-lint/sfn-lint/node"
	"github.com/sfn-lint/sfn-lint/project"
	"github.com/sfn-lint/sfn-lint/project/terraform"
)

// idiom is how a file writes the deployment's partition, Region and
// account, so that a fix writes them the same way.
type idiom struct {
	// sub: values that name template values go in Fn::Sub (CloudFormation
	// and SAM templates).
	sub bool
	// pseudo maps each of the deployment's symbols to what the file
	// writes for it inside a string, such as "${AWS::Region}" or
	// "${data.aws_region.current.name}"; a symbol it lacks cannot be
	// written.
	pseudo map[string]string
	// partition says how the file writes the partition: "" written out,
	// "pseudo" as pseudo["AWS::Partition"], "none" not at all.
	partition string
}

// literalPartitionRE finds a partition written out in an ARN.
var literalPartitionRE = regexp.MustCompile(`arn:aws(?:-[a-z]+)*:`)

// tfDeployRE finds Terraform's references to the deployment's partition,
// Region and account, and tfSourceRE the data sources they read.
var (
	tfDeployRE = regexp.MustCompile(`data\.aws_(?:region\.[A-Za-z0-9_-]+\.(?:name|id|region)|caller_identity\.[A-Za-z0-9_-]+\.account_id|partition\.[A-Za-z0-9_-]+\.partition)\b`)
	tfSourceRE = regexp.MustCompile(`data\s+"aws_(region|caller_identity|partition)"\s+"([A-Za-z0-9_-]+)"`)
)

// tfDeploy maps the data sources of the deployment to the symbol each
// stands for and the attribute a reference reads when the module writes
// none.
var tfDeploy = map[string][2]string{
	"region":          {"AWS::Region", "name"},
	"caller_identity": {"AWS::AccountId", "account_id"},
	"partition":       {"AWS::Partition", "partition"},
}

// idiomOf reads how f writes the deployment. A Terraform file is read
// with the other .tf files of its module, where its data sources may be.
func idiomOf(proj *Project, f *project.File) idiom {
	switch f.Kind {
	case project.Template:
		id := idiom{sub: true, pseudo: map[string]string{}}
		for _, name := range []string{"AWS::Partition", "AWS::Region", "AWS::AccountId"} {
			id.pseudo[name] = "${" + name + "}"
		}
		// The partition is written out only where the file writes it so
		// and never as the pseudo parameter.
		if bytes.Contains(f.Data, []byte("AWS::Partition")) || !literalPartitionRE.Match(f.Data) {
			id.partition = "pseudo"
		}
		return id
	case terraform.Terraform:
		id := idiom{pseudo: map[string]string{}}
		module := []*project.File{f}
		for _, g := range proj.Files {
			if g != f && g.Kind == terraform.Terraform && path.Dir(g.Path) == path.Dir(f.Path) {
				module = append(module, g)
			}
		}
		// The references the module writes, else its data sources.
		literal := false
		declared := map[string]string{}
		for _, g := range module {
			literal = literal || literalPartitionRE.Match(g.Data)
			for _, ref := range tfDeployRE.FindAll(g.Data, -1) {
				typ, _, _ := strings.Cut(strings.TrimPrefix(string(ref), "data.aws_"), ".")
				if name := tfDeploy[typ][0]; id.pseudo[name] == "" {
					id.pseudo[name] = "${" + string(ref) + "}"
				}
			}
			for _, m := range tfSourceRE.FindAllSubmatch(g.Data, -1) {
				d := tfDeploy[string(m[1])]
				if declared[d[0]] == "" {
					declared[d[0]] = "${data.aws_" + string(m[1]) + "." + string(m[2]) + "." + d[1] + "}"
				}
			}
		}
		for name, ref := range declared {
			if id.pseudo[name] == "" {
				id.pseudo[name] = ref
			}
		}
		// Else the variables the provider takes them from.
		for _, g := range module {
			region, account := terraform.ProviderVars(g)
			for name, v := range map[string]string{"AWS::Region": region, "AWS::AccountId": account} {
				if v != "" && id.pseudo[name] == "" {
					id.pseudo[name] = "${var." + v + "}"
				}
			}
		}
		switch {
		case id.pseudo["AWS::Partition"] != "":
			id.partition = "pseudo"
		case !literal:
			id.partition = "none"
		}
		return id
	}
	return idiom{}
}

// write renders a value, as Display writes it, in the idiom; ok is false
// when it names something the file cannot write.
func (id idiom) write(v string) (string, bool) {
	if loc := literalPartitionRE.FindStringIndex(v); loc != nil && loc[0] == 0 {
		switch id.partition {
		case "none":
			return "", false
		case "pseudo":
			v = "arn:${AWS::Partition}:" + v[loc[1]:]
		}
	}
	if !strings.Contains(v, "${") || id.sub {
		return v, true
	}
	// Outside templates only the deployment's symbols can be written.
	var b strings.Builder
	rest := v
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			b.WriteString(rest)
			return b.String(), true
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", false
		}
		w, ok := id.pseudo[rest[i+2:i+j]]
		if !ok {
			return "", false
		}
		b.WriteString(rest[:i] + w)
		rest = rest[i+j+1:]
	}
}

// renderReplacement writes values in place of item, which is list itself
// (a single value) or one of list's items, in the file's own syntax: JSON,
// YAML or HCL, flow or block lists, Fn::Sub where a value names template
// values, and the partition, Region and account as the file writes them.
func renderReplacement(f *project.File, id idiom, list, item *node.Node, values []string) (string, bool) {
	isJSON := len(bytes.TrimLeft(f.Data, " \t\r\n\ufeff")) > 0 && bytes.TrimLeft(f.Data, " \t\r\n\ufeff")[0] == '{'
	quoted := make([]string, len(values))
	for i, v := range values {
		v, ok := id.write(v)
		if !ok {
			return "", false
		}
		q := node.Quote(v)
		if id.sub && strings.Contains(v, "${") {
			if isJSON {
				q = `{"Fn::Sub": ` + q + `}`
			} else {
				q = "!Sub " + q
			}
		}
		quoted[i] = q
	}
	if list == item || list == nil || list.Kind != node.Seq {
		if len(quoted) == 1 {
			return quoted[0], true
		}
		// A flow sequence is valid in JSON and YAML alike, tags included.
		return "[" + strings.Join(quoted, ", ") + "]", true
	}
	// An item of a list: flow lists take a comma-separated run, block lists
	// more "- " lines at the same indent.
	if isJSON || list.Pos < len(f.Data) && f.Data[list.Pos] == '[' {
		return strings.Join(quoted, ", "), true
	}
	dash := item.Pos - 1
	for dash > 0 && f.Data[dash] != '-' && f.Data[dash] != '\n' {
		dash--
	}
	if dash < 0 || f.Data[dash] != '-' {
		return "", false
	}
	lineStart := bytes.LastIndexByte(f.Data[:dash], '\n') + 1
	indent := string(f.Data[lineStart:dash])
	if strings.TrimSpace(indent) != "" {
		return "", false
	}
	return strings.Join(quoted, "\n"+indent+"- "), true
}
