lint --deny-warnings tests/golden/commands/lint-inputs/info-only.ds
