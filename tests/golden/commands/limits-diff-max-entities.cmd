diff --max-entities 1 examples/crud/crud.ds examples/crud/crud.ds
