// Package labs holds the labs that ship inside the binary: scenarios/*.yaml and
// features/*.feature. The engine lives under internal/.
package labs

import (
	"embed"
	"io/fs"
)

//go:embed scenarios features
var content embed.FS

// Content is the tree of built-in labs (scenarios/ and features/ at its root).
func Content() fs.FS { return content }
