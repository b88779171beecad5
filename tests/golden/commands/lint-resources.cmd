lint tests/golden/commands/lint-inputs/resources.ds
