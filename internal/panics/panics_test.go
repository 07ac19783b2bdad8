package panics

import (
	"regexp"
	"testing"
)

func crash() {
	var m map[string]int
	m["x"] = 1
}

func TestDescribe(t *testing.T) {
	var got string
	func() {
		defer func() { got = Describe(recover()) }()
		crash()
	}()
	want := regexp.MustCompile(`^assignment to entry in nil map \(at internal/panics\.crash internal/panics/panics_test\.go:10\)$`)
	if !want.MatchString(got) {
		t.Errorf("Describe = %q, want it to match %s", got, want)
	}
}
