package cri

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The tags the catalogue's images have, as their registries publish them (a reasonable
// subset: the release lines of recent years, their patch releases and the usual aliases), so a
// tag the real image does not have fails to pull as it does on a real node: ErrImagePull, then
// ImagePullBackOff. That is what makes a bad rollout (`kubectl set image deploy/web
// web=nginx:9.99`) teachable on the embedded cluster. A digest (@sha256:...) is not checked: the
// embedded runtime has no registry to ask which digests exist.

// versions expands release lines into tags: {"1.27", 5} is 1.27, 1.27.0 ... 1.27.5.
func versions(lines map[string]int) []string {
	var out []string
	for line, last := range lines {
		out = append(out, line)
		for p := 0; p <= last; p++ {
			out = append(out, line+"."+strconv.Itoa(p))
		}
	}
	return out
}

// withVariants adds each suffix to each version tag, and the bare suffixes as aliases.
func withVariants(base, suffixes []string) []string {
	out := append([]string{}, base...)
	for _, s := range suffixes {
		out = append(out, s)
		for _, b := range base {
			out = append(out, b+"-"+s)
		}
	}
	return out
}

// tagSets are the tags of each image of the catalogue; shortTags what a message lists.
var tagSets, shortTags = func() (map[string]map[string]bool, map[string][]string) {
	nginxLines := versions(map[string]int{
		"1.18": 0, "1.19": 10, "1.20": 2, "1.21": 6, "1.22": 1, "1.23": 4,
		"1.24": 0, "1.25": 5, "1.26": 3, "1.27": 5, "1.28": 0, "1.29": 3,
	})
	nginx := withVariants(append(nginxLines, "1", "mainline", "stable"),
		[]string{"alpine", "alpine-slim", "alpine-perl", "perl", "bookworm", "bookworm-perl"})
	nginx = append(nginx, "latest", "mainline-alpine", "stable-alpine", "mainline-perl", "stable-perl")

	busyboxLines := versions(map[string]int{
		"1.28": 4, "1.29": 3, "1.30": 1, "1.31": 1, "1.32": 1, "1.33": 1, "1.34": 1,
		"1.35": 0, "1.36": 1, "1.37": 0,
	})
	busybox := withVariants(append(busyboxLines, "1", "stable", "unstable"), []string{"musl", "glibc", "uclibc"})
	busybox = append(busybox, "latest")

	alpine := versions(map[string]int{
		"3.12": 12, "3.13": 12, "3.14": 10, "3.15": 11, "3.16": 9, "3.17": 10,
		"3.18": 12, "3.19": 8, "3.20": 7, "3.21": 4, "3.22": 2,
	})
	alpine = append(alpine, "3", "latest", "edge")

	pause := []string{"3.1", "3.2", "3.3", "3.4.1", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.10.1", "latest"}

	all := map[string][]string{
		"docker.io/library/nginx":   nginx,
		"docker.io/library/busybox": busybox,
		"docker.io/library/alpine":  alpine,
		"registry.k8s.io/pause":     pause,
	}
	sets := map[string]map[string]bool{}
	short := map[string][]string{}
	for repo, tags := range all {
		sets[repo] = map[string]bool{}
		for _, t := range tags {
			sets[repo][t] = true
			// A message lists the aliases and the release lines, not every patch and variant.
			if !strings.Contains(t, "-") && strings.Count(t, ".") <= 1 {
				short[repo] = append(short[repo], t)
			}
		}
		sort.Slice(short[repo], func(i, j int) bool { return tagLess(short[repo][i], short[repo][j]) })
	}
	return sets, short
}()

// tagLess orders names before numbers, numbers by value (1.9 before 1.10).
func tagLess(a, b string) bool {
	na, nb := a != "" && a[0] >= '0' && a[0] <= '9', b != "" && b[0] >= '0' && b[0] <= '9'
	if na != nb {
		return !na
	}
	if !na {
		return a < b
	}
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

// hasTag reports whether the catalogue's image repo has tag (":1.27", or a digest "@sha256:…",
// which is not checked).
func hasTag(repo, tag string) bool {
	if strings.HasPrefix(tag, "@") {
		return true
	}
	set, ok := tagSets[repo]
	if !ok {
		return true
	}
	return set[strings.TrimPrefix(tag, ":")]
}

// tagError is the pull error for a tag the image does not have, worded as a registry's
// "manifest unknown", listing the tags it has.
func tagError(ref, repo, tag string) error {
	short := repo[strings.LastIndex(repo, "/")+1:]
	return fmt.Errorf("%s: not found: manifest unknown: %s has no tag %s; its tags are %s, with their patch releases (%s:%s)",
		ref, short, strings.TrimPrefix(tag, ":"), strings.Join(shortTags[repo], ", "), short, example(repo))
}

// example is a patch release tag of repo, for messages.
func example(repo string) string {
	best := ""
	for t := range tagSets[repo] {
		if !strings.Contains(t, "-") && strings.Count(t, ".") == 2 && (best == "" || tagLess(best, t)) {
			best = t
		}
	}
	if best == "" {
		return "latest"
	}
	return best
}
