graph --format mermaid examples/sqs/sqs.ds
