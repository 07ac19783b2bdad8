package block

import (
	"strings"
	"testing"
)

func TestCopy(t *testing.T) {
	var b Text
	large := strings.Repeat("x", size+1)
	for i, s := range []string{"", "a", "state machine", large, "after", strings.Repeat("y", size-20), "next block"} {
		if got := b.Copy(s); got != s {
			t.Errorf("%d: copy %q, want %q", i, got, s)
		}
	}
}

func BenchmarkCopy(b *testing.B) {
	var t Text
	for b.Loop() {
		t.Copy("arn:aws:states:us-east-1:123456789012:stateMachine:name")
	}
}
