package panics

import (
	"regexp"
	"testing"
)

func crash() {
	panic("boom")
}

func TestDescribe(t *testing.T) {
	var got string
	func() {
		defer func() { got = Describe(recover()) }()
		crash()
	}()
	want := regexp.MustCompile(`^boom \(at internal/panics\.crash internal/panics/panics_test\.go:9\)$`)
	if !want.MatchString(got) {
		t.Errorf("Describe = %q, want it to match %s", got, want)
	}
}
