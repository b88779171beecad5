lint tests/golden/commands/lint-inputs/routes.ds
