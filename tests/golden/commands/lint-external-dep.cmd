lint tests/golden/commands/lint-inputs/external-dep/main.ds
