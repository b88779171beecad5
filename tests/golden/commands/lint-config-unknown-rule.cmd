lint --config tests/golden/commands/lint-inputs/unknown-rule.yaml tests/golden/commands/lint-inputs/clean.ds
