lint examples/sqs/sqs.ds
