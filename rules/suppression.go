package rules

// Suppression reports sfn-lint-ignore directives that are not right: one
// without a reason, one naming no rule, one that silences nothing. The run
// reports it when it applies the directives, after every analyzer.
var Suppression = &Rule{
	Code: "SFN602", Slug: "suppression", Title: "Suppression", Severity: Warning,
	Categories: map[string]Severity{Malformed: Error},
	Meta:       true,
}

// Malformed is the category of a directive that cannot be applied.
const Malformed = "malformed"
