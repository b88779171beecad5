lint tests/golden/commands/lint-inputs/clean.ds
