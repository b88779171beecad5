lint --list-rules --format json
