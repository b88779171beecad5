route explain examples/crud/crud.ds --host web.crud.localtest.me --path /history
