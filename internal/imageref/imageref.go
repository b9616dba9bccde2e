// Package imageref normalises container image references the way container runtimes do, so
// "nginx", "nginx:latest" and "docker.io/library/nginx:latest" are one image. The runtime
// (internal/cri) and the checks (internal/checks) share it, so what a check calls the same image
// is what the node runs.
package imageref

import "strings"

// Split returns ref's normalised repository (docker.io/library/nginx) and its tag (":latest"
// when it has none) or digest ("@sha256:..."), with its leading separator. A digest wins over a
// tag given with it, as in the runtimes.
func Split(ref string) (repo, tag string) {
	name := ref
	if i := strings.Index(name, "@"); i >= 0 {
		name, tag = name[:i], name[i:]
		if j := strings.LastIndex(name, ":"); j > strings.LastIndex(name, "/") {
			name = name[:j]
		}
	} else if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name, tag = name[:i], ":"+name[i+1:]
	} else {
		tag = ":latest"
	}
	parts := strings.Split(name, "/")
	if len(parts) == 1 {
		name = "docker.io/library/" + name
	} else if !strings.ContainsAny(parts[0], ".:") && parts[0] != "localhost" {
		name = "docker.io/" + name
	}
	return name, tag
}

// Normalize spells ref in full: docker.io/library/nginx:latest for "nginx".
func Normalize(ref string) string {
	repo, tag := Split(ref)
	return repo + tag
}
