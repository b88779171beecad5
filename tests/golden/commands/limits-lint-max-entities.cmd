lint --max-entities 1 examples/crud/crud.ds
