diff --exit-code -U 1 tests/golden/commands/diff-inputs/base.ds tests/golden/commands/diff-inputs/image-replicas.ds
