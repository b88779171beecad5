lint tests/golden/commands/lint-inputs/configured/main.ds
