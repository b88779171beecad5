lint tests/golden/commands/lint-inputs/label-dropped.ds
