package cri

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"

	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/labs-dev/labs/internal/imageref"
)

// image is one entry of the built-in catalogue: what a container of it runs when the pod gives
// no command, in the image's own terms (Entrypoint and Cmd), plus how big it claims to be.
type image struct {
	repo       string // normalised, e.g. docker.io/library/nginx
	entrypoint []string
	cmd        []string
	size       uint64
	env        []string
}

// catalogue is every image the embedded runtime can run. busybox and alpine run the host's
// shell tools; nginx runs a stand-in web server inside the labs binary; pause sleeps.
var catalogue = map[string]image{
	"docker.io/library/busybox": {repo: "docker.io/library/busybox", cmd: []string{"sh"}, size: 4_269_000},
	"docker.io/library/alpine":  {repo: "docker.io/library/alpine", cmd: []string{"/bin/sh"}, size: 8_310_000},
	"docker.io/library/nginx": {repo: "docker.io/library/nginx", entrypoint: []string{"/docker-entrypoint.sh"},
		cmd: []string{"nginx", "-g", "daemon off;"}, size: 72_200_000, env: []string{"NGINX_VERSION=1.27.3"}},
	"registry.k8s.io/pause": {repo: "registry.k8s.io/pause", entrypoint: []string{"/pause"}, size: 320_000},
}

// Images lists the short names of the catalogue, for messages.
func Images() []string {
	var names []string
	for repo := range catalogue {
		names = append(names, repo[strings.LastIndex(repo, "/")+1:])
	}
	sort.Strings(names)
	return names
}

// reference splits an image reference into its normalised repository and tag (or digest), the
// way the container runtimes do: "nginx" is docker.io/library/nginx:latest.
func reference(ref string) (repo, tag string) { return imageref.Split(ref) }

func lookupImage(ref string) (image, string, bool) {
	if strings.HasPrefix(ref, "sha256:") {
		// The kubelet creates containers from the image ID that PullImage returned.
		for repo, img := range catalogue {
			if imageID(repo) == ref {
				return img, repo + ":latest", true
			}
		}
		return image{}, ref, false
	}
	repo, tag := reference(ref)
	img, ok := catalogue[repo]
	return img, repo + tag, ok
}

func imageID(fullRef string) string {
	repo, _ := reference(fullRef)
	sum := sha256.Sum256([]byte(repo))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// digestRef is how runtimes report the image a container runs: repository@digest.
func digestRef(fullRef string) string {
	repo, _ := reference(fullRef)
	return repo + "@" + imageID(fullRef)
}

// imageStore remembers which references were pulled, so ImageStatus and the kubelet's pull
// policy behave as on a real node.
type imageStore struct {
	mu     sync.Mutex
	pulled map[string]bool // full reference -> pulled
}

func (s *imageStore) apiImage(fullRef string) *runtimeapi.Image {
	img, _, _ := lookupImage(fullRef)
	repo, tag := reference(fullRef)
	im := &runtimeapi.Image{Id: imageID(fullRef), Size: img.size, Spec: &runtimeapi.ImageSpec{Image: fullRef}}
	if strings.HasPrefix(tag, "@") {
		im.RepoDigests = []string{repo + tag}
	} else {
		im.RepoTags = []string{repo + tag}
	}
	return im
}

// ListImages implements cri.ImageManagerService.
func (r *Runtime) ListImages(ctx context.Context, filter *runtimeapi.ImageFilter) ([]*runtimeapi.Image, error) {
	r.images.mu.Lock()
	defer r.images.mu.Unlock()
	var out []*runtimeapi.Image
	for ref := range r.images.pulled {
		if f := filter.GetImage().GetImage(); f != "" {
			if _, full, _ := lookupImage(f); full != ref {
				continue
			}
		}
		out = append(out, r.images.apiImage(ref))
	}
	return out, nil
}

// ImageStatus implements cri.ImageManagerService: nil when the image is not pulled yet.
func (r *Runtime) ImageStatus(ctx context.Context, spec *runtimeapi.ImageSpec, verbose bool) (*runtimeapi.ImageStatusResponse, error) {
	_, full, ok := lookupImage(spec.GetImage())
	if !ok {
		return &runtimeapi.ImageStatusResponse{}, nil
	}
	r.images.mu.Lock()
	defer r.images.mu.Unlock()
	if !r.images.pulled[full] {
		return &runtimeapi.ImageStatusResponse{}, nil
	}
	return &runtimeapi.ImageStatusResponse{Image: r.images.apiImage(full)}, nil
}

// PullImage implements cri.ImageManagerService. Nothing is downloaded: the catalogue's images
// are built in, and any other image fails as a missing image does on a real node.
func (r *Runtime) PullImage(ctx context.Context, spec *runtimeapi.ImageSpec, auth *runtimeapi.AuthConfig, podSandboxConfig *runtimeapi.PodSandboxConfig) (string, error) {
	_, full, ok := lookupImage(spec.GetImage())
	if !ok {
		return "", fmt.Errorf("%s: not found: the labs embedded runtime has no such image; it runs only %s. Use one of those, or a kind or existing cluster for other images",
			spec.GetImage(), strings.Join(Images(), ", "))
	}
	if repo, tag := reference(full); !hasTag(repo, tag) {
		return "", tagError(spec.GetImage(), repo, tag)
	}
	r.images.mu.Lock()
	r.images.pulled[full] = true
	r.images.mu.Unlock()
	return imageID(full), nil
}

// RemoveImage implements cri.ImageManagerService.
func (r *Runtime) RemoveImage(ctx context.Context, spec *runtimeapi.ImageSpec) error {
	_, full, _ := lookupImage(spec.GetImage())
	r.images.mu.Lock()
	delete(r.images.pulled, full)
	r.images.mu.Unlock()
	return nil
}

// ImageFsInfo implements cri.ImageManagerService with the usage of the node's state directory.
func (r *Runtime) ImageFsInfo(ctx context.Context) (*runtimeapi.ImageFsInfoResponse, error) {
	usage := r.fsUsage()
	return &runtimeapi.ImageFsInfoResponse{ImageFilesystems: []*runtimeapi.FilesystemUsage{usage}, ContainerFilesystems: []*runtimeapi.FilesystemUsage{usage}}, nil
}
