diff --live tests/golden/commands/diff-inputs/base.ds --feature nope
