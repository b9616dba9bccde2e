package cluster

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// A provider registers itself and the registry answers for it: names, default, help, its own
// flags, its capabilities and its constructor; an unknown name is an error that lists the known.
func TestRegistry(t *testing.T) {
	saved := registry.byName
	registry.byName = map[string]Registration{}
	t.Cleanup(func() { registry.byName = saved })

	var image string
	Register(Registration{Name: "zz", Summary: "last", New: func(Config) (Provider, error) { return nil, nil }})
	Register(Registration{
		Name: "aa", Summary: "first", Default: false, Caps: Capabilities{Owned: true},
		Flags: func(fs *pflag.FlagSet) { fs.StringVar(&image, "aa-image", "img:1", "the image") },
		New: func(c Config) (Provider, error) {
			if c.Kubeconfig != "" {
				return nil, UsageError(errors.New("aa takes no kubeconfig"))
			}
			return nil, nil
		},
	})
	Register(Registration{Name: "mm", Summary: "middle", Default: true, New: func(Config) (Provider, error) { return nil, nil }})

	if got := strings.Join(Names(), ","); got != "aa,mm,zz" {
		t.Errorf("Names() = %s", got)
	}
	if DefaultName() != "mm" {
		t.Errorf("DefaultName() = %s, want the one marked Default", DefaultName())
	}
	if h := FlagHelp(); h != "cluster provider: aa (first), mm (middle), zz (last)" {
		t.Errorf("FlagHelp() = %q", h)
	}
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	AddFlags(fs)
	if err := fs.Parse([]string{"--aa-image", "img:2"}); err != nil || image != "img:2" {
		t.Errorf("provider flag: err %v, image %q", err, image)
	}
	if r, err := Lookup("aa"); err != nil || !r.Caps.Owned {
		t.Errorf("Lookup(aa) = %+v, %v", r, err)
	}
	if _, err := New("aa", Config{Kubeconfig: "/k"}); !errors.Is(err, ErrUsage) || err.Error() != "aa takes no kubeconfig" {
		t.Errorf("a usage error of the provider: %v", err)
	}
	_, err := New("nope", Config{})
	if !errors.Is(err, ErrUnknownProvider) || !strings.Contains(err.Error(), "aa, mm, zz") {
		t.Errorf("unknown provider: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("a second registration of a name does not panic")
		}
	}()
	Register(Registration{Name: "aa", New: func(Config) (Provider, error) { return nil, nil }})
}

// HostDirs reads, lists and removes files of the nodes it knows, and refuses others.
func TestHostDirs(t *testing.T) {
	dir := t.TempDir()
	h := HostDirs{"n1": dir}
	ctx := t.Context()
	if err := os.WriteFile(dir+"/b.yaml", []byte("b"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/a.yaml", []byte("a"), 0o600); err != nil {
		t.Fatal(err)
	}
	names, err := h.ReadDir(ctx, "n1", dir)
	if err != nil || strings.Join(names, ",") != "a.yaml,b.yaml" {
		t.Errorf("ReadDir = %v, %v", names, err)
	}
	if data, err := h.ReadFile(ctx, "n1", dir+"/a.yaml"); err != nil || string(data) != "a" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if err := h.Remove(ctx, "n1", dir+"/a.yaml"); err != nil {
		t.Error(err)
	}
	if _, err := h.ReadFile(ctx, "n1", dir+"/a.yaml"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFile of a removed file: %v", err)
	}
	if _, err := h.ReadDir(ctx, "n2", dir); !errors.Is(err, ErrNoSuchNode) {
		t.Errorf("ReadDir of an unknown node: %v", err)
	}
}
