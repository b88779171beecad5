lint --fix tests/golden/commands/lint-inputs/clean.ds
