route explain examples/crud/crud.ds
