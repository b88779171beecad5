build -o - --feature nope examples/sqs/sqs.ds
