lint examples/broken/typo.ds
