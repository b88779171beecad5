diff --live --traefik v2 tests/golden/commands/diff-inputs/base.ds
