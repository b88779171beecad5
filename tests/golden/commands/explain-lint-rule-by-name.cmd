explain image-not-pinned
