graph --format mermaid tests/golden/commands/route-inputs/chain.ds
