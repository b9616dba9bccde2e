package imageref

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"nginx":                          "docker.io/library/nginx:latest",
		"nginx:1.27":                     "docker.io/library/nginx:1.27",
		"docker.io/library/nginx:latest": "docker.io/library/nginx:latest",
		"bitnami/nginx":                  "docker.io/bitnami/nginx:latest",
		"localhost:5000/app":             "localhost:5000/app:latest",
		"localhost/app:v1":               "localhost/app:v1",
		"quay.io/nginx":                  "quay.io/nginx:latest",
		"registry.k8s.io/pause:3.10":     "registry.k8s.io/pause:3.10",
		"nginx@sha256:abc":               "docker.io/library/nginx@sha256:abc",
		"nginx:1.27@sha256:abc":          "docker.io/library/nginx@sha256:abc",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
