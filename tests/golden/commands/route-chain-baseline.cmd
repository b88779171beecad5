route explain tests/golden/commands/route-inputs/chain.ds --host edge.chain.localtest.me
