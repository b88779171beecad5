graph examples/broken/typo.ds
