graph --format json --feature fraud-v2 examples/marketplace/marketplace.ds
