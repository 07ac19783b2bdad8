package checker

import (
	"bytes"
	"fmt"
	"os"
)

// ReplaceFile replaces a file's content all at once, as --fix does (see
// writeAtomic), provided it still holds old: a file that changed since it
// was read is left as it is, with an error that says so.
func ReplaceFile(path string, old, data []byte) error {
	if cur, err := os.ReadFile(path); err != nil || !bytes.Equal(cur, old) {
		return fmt.Errorf("%s: changed since it was read, not written", path)
	}
	return writeAtomic(path, data)
}
