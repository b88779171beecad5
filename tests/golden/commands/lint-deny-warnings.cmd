lint --deny-warnings tests/golden/commands/lint-inputs/probes.ds
