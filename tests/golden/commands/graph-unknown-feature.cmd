graph --feature nope examples/crud/crud.ds
