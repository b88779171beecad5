route explain tests/golden/commands/route-inputs/prefix.ds --host app.test --path /api/users
