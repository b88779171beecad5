graph tests/golden/commands/route-inputs/chain-dropped.ds
