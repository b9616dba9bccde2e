//go:build !darwin

package procstat

func startTick(pid int) (uint64, error) { return procStartTick(pid) }
