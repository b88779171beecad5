lint tests/golden/commands/lint-inputs/forked-infra.ds
