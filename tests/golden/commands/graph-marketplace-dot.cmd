graph examples/marketplace/marketplace.ds
