explain DL101
