// Package kubectl runs the kubectl embedded in this binary, exactly as cmd/kubectl does, so a
// learner needs nothing else installed and client and server versions always match.
package kubectl

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/kubectl/pkg/cmd/plugin"

	_ "k8s.io/client-go/plugin/pkg/client/auth" // client auth plugins, as in cmd/kubectl
	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"

	_ "github.com/labs-dev/labs/internal/version" // kubectl reports v1.37.2, like the server
)

// RefusedHint, when set, is printed after an error of kubectl's that says the API server
// refused the connection (the labs cluster is down): what to run to bring it back.
var RefusedHint string

// Main runs kubectl with args (not including the program name) and exits the process with
// kubectl's exit code; kubectl itself exits from deep inside on most errors.
func Main(args []string) {
	// kubectl reads os.Args for its plugin handling and verbosity; make it look invoked directly.
	os.Args = append([]string{"kubectl"}, args...)
	logs.GlogSetter(cmd.GetLogVerbosity(os.Args)) //nolint:errcheck // as cmd/kubectl does
	if RefusedHint != "" {
		// As kubectl's own fatal handler, with the hint after a refused connection.
		util.BehaviorOnFatal(func(msg string, code int) {
			if msg != "" {
				if !strings.HasSuffix(msg, "\n") {
					msg += "\n"
				}
				fmt.Fprint(os.Stderr, msg)
				if strings.Contains(msg, "refused") {
					fmt.Fprintln(os.Stderr, RefusedHint)
				}
			}
			os.Exit(code)
		})
	}
	command := newCommand(evidenceFile())
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
	os.Exit(0)
}

// newCommand is cmd.NewDefaultKubectlCommand, its requests recorded into evidence ("" records
// nothing).
func newCommand(evidence string) *cobra.Command {
	ioStreams := genericiooptions.IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	flags := genericclioptions.NewConfigFlags(true).WithDeprecatedPasswordFlag().WithDiscoveryBurst(300).WithDiscoveryQPS(50.0).WithWarningPrinter(ioStreams)
	if evidence != "" {
		flags = flags.WithWrapConfigFn(Recorder(evidence))
	}
	return cmd.NewDefaultKubectlCommandWithArgs(cmd.KubectlOptions{
		PluginHandler: cmd.NewDefaultPluginHandler(plugin.ValidPluginFilenamePrefixes),
		Arguments:     os.Args,
		ConfigFlags:   flags,
		IOStreams:     ioStreams,
	})
}
