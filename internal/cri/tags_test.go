package cri

import (
	"context"
	"strings"
	"testing"

	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

// A tag the real image does not have fails to pull, as on a real node (ErrImagePull, then
// ImagePullBackOff), naming the tags there are; the tags real images have, and those the
// built-in labs use, pull.
func TestPullChecksTheTag(t *testing.T) {
	r := newRuntime(t)
	ctx := context.Background()
	for _, ref := range []string{
		"nginx", "nginx:latest", "nginx:1.27", "nginx:1.27.3", "nginx:1.28", "nginx:1.25-alpine", "nginx:alpine", "nginx:stable",
		"docker.io/library/nginx:1.29.3", "busybox", "busybox:1.36", "busybox:1.36.1-musl", "alpine:3.20", "alpine:edge",
		"registry.k8s.io/pause:3.10", "nginx@sha256:0123456789abcdef",
	} {
		if _, err := r.PullImage(ctx, &runtimeapi.ImageSpec{Image: ref}, nil, nil); err != nil {
			t.Errorf("pulling %s: %v", ref, err)
		}
	}
	for _, ref := range []string{"nginx:9.99", "nginx:1.99", "nginx:1.27.99", "busybox:9", "alpine:2.0", "nginx:lastest"} {
		_, err := r.PullImage(ctx, &runtimeapi.ImageSpec{Image: ref}, nil, nil)
		if err == nil {
			t.Errorf("pulling %s succeeded, want manifest unknown", ref)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, ref+": not found: manifest unknown") || !strings.Contains(msg, "its tags are ") {
			t.Errorf("pulling %s: %q lacks the tag and the tags there are", ref, msg)
		}
	}
	_, err := r.PullImage(ctx, &runtimeapi.ImageSpec{Image: "nginx:9.99"}, nil, nil)
	if msg := err.Error(); !strings.Contains(msg, "alpine, bookworm, latest, mainline, perl, stable, 1, 1.18, 1.19,") || !strings.Contains(msg, "(nginx:1.29.3)") {
		t.Errorf("the tags listed: %q", msg)
	}
}
