route explain examples/sqs/sqs.ds --host consumer.sqs.localtest.me --path /metrics
