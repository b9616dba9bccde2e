// Package version stamps the Kubernetes version into the Kubernetes libraries this binary embeds.
//
// Upstream builds set these through -ldflags -X. Doing it here instead means `go run`, `go build`
// and `go test` all report the same version, so `kubectl version` and `kubectl get nodes` never
// show v0.0.0 and kubectl never warns about a skew with its own server.
package version

import (
	"strings"
	"sync/atomic"
	_ "unsafe" // for go:linkname

	_ "k8s.io/client-go/pkg/version"
	_ "k8s.io/component-base/version"
)

// Kubernetes is the version of the embedded Kubernetes components (keep in step with go.mod).
const Kubernetes = "v1.37.2"

const (
	major      = "1"
	minor      = "37"
	gitCommit  = "labs-embedded"
	treeState  = "clean"
	buildStamp = "2026-01-01T00:00:00Z"
)

// Labs is the version of labs itself; release builds override it with -ldflags -X (see
// .goreleaser.yaml).
var Labs = "dev"

// Commit is the git commit labs was built from; release builds set it with -ldflags -X, other
// builds leave it empty.
var Commit = ""

// String is what `labs version` says after "labs ": "v0.3.0 (commit 4f2c..., Kubernetes
// v1.37.2)", or "dev (Kubernetes v1.37.2)" for a build without a commit.
func String() string {
	if Commit == "" {
		return Labs + " (Kubernetes " + Kubernetes + ")"
	}
	return Labs + " (commit " + Commit + ", Kubernetes " + Kubernetes + ")"
}

//go:linkname componentGitVersion k8s.io/component-base/version.gitVersion
var componentGitVersion string

//go:linkname componentGitMajor k8s.io/component-base/version.gitMajor
var componentGitMajor string

//go:linkname componentGitMinor k8s.io/component-base/version.gitMinor
var componentGitMinor string

//go:linkname componentGitCommit k8s.io/component-base/version.gitCommit
var componentGitCommit string

//go:linkname componentGitTreeState k8s.io/component-base/version.gitTreeState
var componentGitTreeState string

//go:linkname componentBuildDate k8s.io/component-base/version.buildDate
var componentBuildDate string

// dynamicGitVersion is what version.Get() returns; the package copies gitVersion into it in its
// own init, which runs before ours.
//
//go:linkname componentDynamicGitVersion k8s.io/component-base/version.dynamicGitVersion
var componentDynamicGitVersion atomic.Value

//go:linkname clientGitVersion k8s.io/client-go/pkg/version.gitVersion
var clientGitVersion string

//go:linkname clientGitMajor k8s.io/client-go/pkg/version.gitMajor
var clientGitMajor string

//go:linkname clientGitMinor k8s.io/client-go/pkg/version.gitMinor
var clientGitMinor string

//go:linkname clientGitCommit k8s.io/client-go/pkg/version.gitCommit
var clientGitCommit string

//go:linkname clientGitTreeState k8s.io/client-go/pkg/version.gitTreeState
var clientGitTreeState string

//go:linkname clientBuildDate k8s.io/client-go/pkg/version.buildDate
var clientBuildDate string

func init() {
	// A release build that already stamped a version with -ldflags keeps it.
	if unstamped(componentGitVersion) {
		componentGitVersion, componentGitMajor, componentGitMinor = Kubernetes, major, minor
		componentGitCommit, componentGitTreeState, componentBuildDate = gitCommit, treeState, buildStamp
		componentDynamicGitVersion.Store(Kubernetes)
	}
	if unstamped(clientGitVersion) {
		clientGitVersion, clientGitMajor, clientGitMinor = Kubernetes, major, minor
		clientGitCommit, clientGitTreeState, clientBuildDate = gitCommit, treeState, buildStamp
	}
}

func unstamped(v string) bool { return v == "" || strings.HasPrefix(v, "v0.0.0") }
