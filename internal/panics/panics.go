// Package panics describes a recovered panic in one line: the value and
// the place in sfn-lint's own code where it happened, so that an internal
// error can be reported as a finding a user can quote.
package panics

import (
	"fmt"
	"path"
	"runtime"
	"strings"
)

const module = "github.com/sfn-lint/sfn-lint/"

// Describe returns "VALUE (at FUNC FILE:LINE)" for a panic being
// recovered; call it from the deferred function that recovers.
func Describe(v any) string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	panicking := false
	for {
		f, more := frames.Next()
		if f.Function == "runtime.gopanic" || strings.HasPrefix(f.Function, "runtime.panic") {
			panicking = true
		} else if panicking && strings.HasPrefix(f.Function, module) {
			fn := strings.TrimPrefix(f.Function, module)
			// The file, as a path in the module: the package's directory
			// and the file's name.
			dir, _, _ := strings.Cut(fn, ".")
			if i := strings.LastIndex(fn, "/"); i >= 0 {
				d, _, _ := strings.Cut(fn[i:], ".")
				dir = fn[:i] + d
			}
			return fmt.Sprintf("%v (at %s %s:%d)", v, fn, path.Join(dir, path.Base(f.File)), f.Line)
		}
		if !more {
			return fmt.Sprint(v)
		}
	}
}
