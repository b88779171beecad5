diff tests/golden/commands/diff-inputs/base.ds
