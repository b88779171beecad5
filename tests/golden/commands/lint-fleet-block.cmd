lint tests/golden/commands/lint-inputs/fleet-block.ds
