explain DL999
