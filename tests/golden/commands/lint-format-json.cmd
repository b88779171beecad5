lint --format json tests/golden/commands/lint-inputs/images.ds tests/golden/commands/lint-inputs/type-error.ds
