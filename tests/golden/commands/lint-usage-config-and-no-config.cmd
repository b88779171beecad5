lint --config tests/golden/commands/lint-inputs/strict.yaml --no-config tests/golden/commands/lint-inputs/clean.ds
