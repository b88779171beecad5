lint --format sarif examples/crud/crud.ds
