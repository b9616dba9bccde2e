//go:build tools

// Package tools pins the big dependencies so `go mod download` fetches them up front.
package tools

import (
	_ "github.com/creack/pty"
	_ "github.com/cucumber/godog"
	_ "github.com/fatih/color"
	_ "github.com/spf13/cobra"
	_ "go.etcd.io/etcd/server/v3/embed"
	_ "k8s.io/cri-streaming/pkg/streaming"
	_ "k8s.io/kubectl/pkg/cmd"
	_ "k8s.io/kubernetes/cmd/kube-apiserver/app"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	_ "k8s.io/kubernetes/cmd/kube-scheduler/app"
	_ "k8s.io/kubernetes/cmd/kubelet/app"
)
