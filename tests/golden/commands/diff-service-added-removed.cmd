diff tests/golden/commands/diff-inputs/base.ds tests/golden/commands/diff-inputs/services.ds
