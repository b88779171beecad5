build tests/golden/commands/route-inputs/chain.ds -o -
