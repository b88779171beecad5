lint --config tests/golden/commands/lint-inputs/not-yaml.yaml tests/golden/commands/lint-inputs/clean.ds
