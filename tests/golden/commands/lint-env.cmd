lint tests/golden/commands/lint-inputs/env.ds
