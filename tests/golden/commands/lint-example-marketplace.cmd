lint examples/marketplace/marketplace.ds
