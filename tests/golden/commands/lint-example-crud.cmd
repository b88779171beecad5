lint examples/crud/crud.ds
