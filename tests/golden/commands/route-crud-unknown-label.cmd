route explain examples/crud/crud.ds --host web.crud.localtest.me -H 'x-devstack-label: nope'
