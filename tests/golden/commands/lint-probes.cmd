lint tests/golden/commands/lint-inputs/probes.ds
