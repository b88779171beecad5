route explain tests/golden/commands/route-inputs/prefix.ds --host app.test --path /api -H 'x-devstack-label: search-v2' --format json
