package checker

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/sfn-lint/sfn-lint/project"
)

const (
	// smallFile is the size above which a file is read only when its
	// start shows an input that grows with the account or project (a
	// Terraform plan, an account snapshot) or it was named on the command
	// line: AWS limits definitions and templates to about 1 MB, so a larger
	// JSON or YAML file is something else's.
	smallFile = 16 << 20
	// maxFile bounds every read.
	maxFile = 1 << 30
)

// readBounded reads a regular file, through a limit: a device, a pipe or a
// directory is refused before it is opened, so nothing blocks or reads
// without end, whatever a symbolic link points at.
func readBounded(name string, explicit bool) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(st.Mode())
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, notRegular(st.Mode())
	}
	var head []byte
	if st.Size() > smallFile && !explicit {
		// Only the start of a large file says whether it is read.
		head = make([]byte, 4096)
		n, err := io.ReadFull(f, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, err
		}
		if head = head[:n]; n == 4096 && !growsWithAccount(head) {
			return nil, fmt.Errorf("%w: larger than %d MiB, and not a Terraform plan or an account snapshot", project.ErrNotInput, smallFile>>20)
		}
	}
	// Read into a buffer of the file's size, and one byte more to see the
	// end, as os.ReadFile does.
	data := append(make([]byte, 0, int(min(st.Size(), maxFile))+1), head...)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if len(data) > maxFile {
			return nil, fmt.Errorf("file is larger than %d MiB", maxFile>>20)
		}
		if errors.Is(err, io.EOF) {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew
		}
	}
}

func notRegular(m fs.FileMode) error {
	kind := "not a regular file"
	switch {
	case m.IsDir():
		kind = "a directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	}
	return fmt.Errorf("%s, not a file sfn-lint reads", kind)
}

// growsWithAccount reports whether the start of a file shows a Terraform
// plan (terraform show -json starts with its format_version) or an account
// snapshot (get-account-authorization-details), which may be large.
func growsWithAccount(head []byte) bool {
	head = bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	if len(head) == 0 || head[0] != '{' {
		return false
	}
	for _, key := range []string{`"format_version"`, `"terraform_version"`, `"UserDetailList"`, `"GroupDetailList"`, `"RoleDetailList"`, `"Policies"`} {
		if bytes.Contains(head, []byte(key)) {
			return true
		}
	}
	return false
}
