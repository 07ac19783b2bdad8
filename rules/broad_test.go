package rules

import (
	"fmt"
	"strings"
	"testing"
)

// TestSummarised checks that a narrowed list is written whole up to
// maxListed values and summarised past it, and that a list too long for a
// policy is not offered as a fix.
func TestSummarised(t *testing.T) {
	var arns []string
	for i := range 400 {
		arns = append(arns, fmt.Sprintf("arn:aws:lambda:eu-west-1:111122223333:function:step-%03d", i))
	}
	if got, want := summarised(arns[:2], "resources"), `"`+arns[0]+`", "`+arns[1]+`"`; got != want {
		t.Errorf("two: %s, want %s", got, want)
	}
	got := summarised(arns, "resources")
	if !strings.HasPrefix(got, `400 resources: "`+arns[0]+`"`) || !strings.HasSuffix(got, `"`+arns[9]+`" and 390 more`) {
		t.Errorf("400: %s", got)
	}
	if !fits(arns[:10]) || fits(arns) {
		t.Errorf("fits: 10 %v, 400 %v; want true, false", fits(arns[:10]), fits(arns))
	}
}
