lint tests/golden/commands/lint-inputs/features.ds
