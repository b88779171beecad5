platform install --traefik v2
