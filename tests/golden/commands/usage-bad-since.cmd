usage --since yesterday
