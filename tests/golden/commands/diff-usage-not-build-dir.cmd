diff tests/golden/commands/diff-inputs tests/golden/commands/diff-inputs/base.ds
