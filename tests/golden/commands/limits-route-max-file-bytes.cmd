route explain --max-file-bytes 100 examples/crud/crud.ds --host web.crud.localtest.me
