graph --format json tests/golden/commands/route-inputs/chain.ds
