build --format json -o - examples/sqs/sqs.ds
