package node

import "unicode/utf8"

// Unescape decodes the backslash escape that starts at src[i]: the escapes
// of JSON strings, and \U with eight hex digits, which HCL's quoted
// strings add. It returns the bytes the escape stands for and how many
// bytes of src it takes, so a reader can map each decoded byte back to the
// source.
func Unescape(src []byte, i int) (dec []byte, width int) {
	if i+1 >= len(src) {
		return src[i:], len(src) - i
	}
	switch c := src[i+1]; c {
	case 'n':
		return []byte{'\n'}, 2
	case 't':
		return []byte{'\t'}, 2
	case 'r':
		return []byte{'\r'}, 2
	case 'b':
		return []byte{'\b'}, 2
	case 'f':
		return []byte{'\f'}, 2
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		var v rune
		for k := 0; k < n && i+2+k < len(src); k++ {
			v = v*16 + rune(hexVal(src[i+2+k]))
		}
		return utf8.AppendRune(nil, v), 2 + n
	default:
		return []byte{c}, 2
	}
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return 0
}
