diff --live tests/golden/commands/diff-inputs/base.ds --kubeconfig tests/golden/commands/diff-inputs/no-such-kubeconfig
