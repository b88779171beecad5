lint --config tests/golden/commands/lint-inputs/no-such.yaml tests/golden/commands/lint-inputs/clean.ds
