graph examples/crud/crud.ds
