lint tests/golden/commands/lint-inputs/no-such.ds
