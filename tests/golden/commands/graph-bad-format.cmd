graph --format png examples/crud/crud.ds
