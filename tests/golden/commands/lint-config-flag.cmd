lint --config tests/golden/commands/lint-inputs/strict.yaml tests/golden/commands/lint-inputs/images.ds tests/golden/commands/lint-inputs/features.ds
