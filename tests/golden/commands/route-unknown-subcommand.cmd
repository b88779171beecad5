route describe examples/crud/crud.ds --host web.crud.localtest.me
