route explain examples/sqs/sqs.ds --host nope.sqs.localtest.me
