lint tests/golden/commands/lint-inputs/images.ds
