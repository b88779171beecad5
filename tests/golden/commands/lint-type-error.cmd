lint tests/golden/commands/lint-inputs/type-error.ds
