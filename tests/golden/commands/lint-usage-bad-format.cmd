lint --format xml tests/golden/commands/lint-inputs/clean.ds
