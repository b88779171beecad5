build -o - examples/sqs/sqs.ds
