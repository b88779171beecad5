lint --no-config tests/golden/commands/lint-inputs/configured/main.ds
