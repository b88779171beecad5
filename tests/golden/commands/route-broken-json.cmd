route explain examples/broken/typo.ds --host x --format json
