diff --kubeconfig x tests/golden/commands/diff-inputs/base.ds tests/golden/commands/diff-inputs/change.ds
