lint --config tests/golden/commands/lint-inputs/bad-severity.yaml tests/golden/commands/lint-inputs/clean.ds
