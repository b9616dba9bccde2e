package node

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	cadvisorapi "github.com/google/cadvisor/lib/model"
	"k8s.io/klog/v2"
)

// hostCadvisor reports the host's real CPU, memory and disk to the kubelet, without cadvisor's
// cgroup crawling: node capacity, `kubectl describe node` and the eviction manager all need
// sane numbers, and the embedded runtime has no per-pod cgroups to crawl.
type hostCadvisor struct {
	root string // the node's directory: its filesystem is the node's filesystem
}

func (h hostCadvisor) Start() error { return nil }

// podsCgroup is the name the kubelet asks cadvisor about for all pods together.
const podsCgroup = "/kubepods"

func (h hostCadvisor) info(name string) cadvisorapi.ContainerInfo {
	ci := h.rootInfo()
	if name == podsCgroup {
		// Pods are host processes without a cgroup of their own: count them as using nothing
		// beyond the host's own numbers.
		ci.ContainerReference.Name = podsCgroup
		ci.Stats[0].Memory = &cadvisorapi.MemoryStats{}
		ci.Stats[0].Cpu = &cadvisorapi.CpuStats{}
	}
	return ci
}

func (h hostCadvisor) rootInfo() cadvisorapi.ContainerInfo {
	now := time.Now()
	total, avail := memInfo()
	usage := total - avail
	return cadvisorapi.ContainerInfo{
		ContainerReference: cadvisorapi.ContainerReference{Name: "/"},
		Spec: cadvisorapi.ContainerSpec{
			CreationTime: bootTime(), HasCpu: true, HasMemory: true,
			Memory: cadvisorapi.MemorySpec{Limit: total},
			Cpu:    cadvisorapi.CpuSpec{Limit: 1024, MaxLimit: 0},
		},
		Stats: []*cadvisorapi.ContainerStats{{
			Timestamp: now,
			Cpu:       &cadvisorapi.CpuStats{Usage: cadvisorapi.CpuUsage{Total: cpuNanos()}},
			Memory:    &cadvisorapi.MemoryStats{Usage: usage, WorkingSet: usage, RSS: usage},
		}},
	}
}

func (h hostCadvisor) ContainerInfoV2(name string, options cadvisorapi.RequestOptions) (map[string]cadvisorapi.ContainerInfo, error) {
	if name == "" {
		name = "/"
	}
	return map[string]cadvisorapi.ContainerInfo{name: h.info(name)}, nil
}

func (h hostCadvisor) GetRequestedContainersInfo(containerName string, options cadvisorapi.RequestOptions) (map[string]*cadvisorapi.ContainerInfo, error) {
	ci := h.info(containerName)
	return map[string]*cadvisorapi.ContainerInfo{containerName: &ci}, nil
}

func (h hostCadvisor) MachineInfo(logger klog.Logger) (*cadvisorapi.MachineInfo, error) {
	total, _ := memInfo()
	id, _ := os.ReadFile("/etc/machine-id")
	boot, _ := os.ReadFile("/proc/sys/kernel/random/boot_id")
	return &cadvisorapi.MachineInfo{
		Timestamp: time.Now(), NumCores: runtime.NumCPU(), NumPhysicalCores: runtime.NumCPU(), NumSockets: 1,
		MemoryCapacity: total, MachineID: strings.TrimSpace(string(id)), SystemUUID: strings.TrimSpace(string(id)),
		BootID: strings.TrimSpace(string(boot)),
	}, nil
}

func (h hostCadvisor) VersionInfo() (*cadvisorapi.VersionInfo, error) {
	var u syscall.Utsname
	_ = syscall.Uname(&u)
	return &cadvisorapi.VersionInfo{KernelVersion: utsString(u.Release[:]), ContainerOsVersion: osRelease(), CadvisorVersion: "labs"}, nil
}

func (h hostCadvisor) fsInfo() cadvisorapi.FsInfo {
	var st syscall.Statfs_t
	if err := syscall.Statfs(h.root, &st); err != nil {
		return cadvisorapi.FsInfo{Timestamp: time.Now(), Mountpoint: h.root}
	}
	bs := uint64(st.Bsize)
	inodes, free := st.Files, st.Ffree
	return cadvisorapi.FsInfo{
		Timestamp: time.Now(), Device: "labs", Mountpoint: h.root,
		Capacity: st.Blocks * bs, Available: st.Bavail * bs, Usage: (st.Blocks - st.Bfree) * bs,
		Inodes: &inodes, InodesFree: &free,
	}
}

func (h hostCadvisor) ImagesFsInfo(context.Context) (cadvisorapi.FsInfo, error) {
	return h.fsInfo(), nil
}
func (h hostCadvisor) RootFsInfo() (cadvisorapi.FsInfo, error) { return h.fsInfo(), nil }
func (h hostCadvisor) ContainerFsInfo(context.Context) (cadvisorapi.FsInfo, error) {
	return h.fsInfo(), nil
}
func (h hostCadvisor) GetDirFsInfo(path string) (cadvisorapi.FsInfo, error) { return h.fsInfo(), nil }

func memInfo() (total, available uint64) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseUint(f[1], 10, 64)
		switch f[0] {
		case "MemTotal:":
			total = v * 1024
		case "MemAvailable:":
			available = v * 1024
		}
	}
	return total, available
}

// cpuNanos is the host's total busy CPU time.
func cpuNanos() uint64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	var busy uint64
	for i, v := range f[1:] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		n, _ := strconv.ParseUint(v, 10, 64)
		busy += n
	}
	return busy * uint64(time.Second/100)
}

func bootTime() time.Time {
	b, err := os.ReadFile("/proc/uptime")
	if err != nil {
		return time.Now()
	}
	f := strings.Fields(string(b))
	up, _ := strconv.ParseFloat(f[0], 64)
	return time.Now().Add(-time.Duration(up * float64(time.Second)))
}

func utsString(b []int8) string {
	var s []byte
	for _, c := range b {
		if c == 0 {
			break
		}
		s = append(s, byte(c))
	}
	return string(s)
}

func osRelease() string {
	b, err := os.ReadFile("/etc/os-release")
	if err != nil {
		return "Linux"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return "Linux"
}
