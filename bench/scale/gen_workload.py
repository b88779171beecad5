#!/usr/bin/env python3
"""Generate the fleet of bench/scale/scale_bench.sh: N identical-shape services.

    bench/scale/gen_workload.py 1000 -o /tmp/scale-1000.ds

Every service has an image, one port and a route and nothing else, so `dsc build`
emits exactly a Deployment, a Service and an IngressRoute for each, plus the fleet's
Namespace. The Pkl and jsonnet peers (workload.pkl, workload.jsonnet) and the printf
floor generate the same objects from N alone, so this shape must stay this simple:
service i is `svc-i`, image tag `1.0.(i % 10)`, port http = 8080, host `svc-i.<domain>`.
"""

import argparse
import sys

HEADER = """fleet bench {
  namespace = "bench"
  domain = "bench.localtest.me"
}
"""

SERVICE = """
service svc-%(i)d {
  image = "registry.example.com/svc-%(i)d:1.0.%(tag)d"
  ports { http = 8080 }
  route { host = "svc-%(i)d.${fleet.domain}" }
}
"""


def generate(n, out):
    out.write(HEADER)
    for i in range(n):
        out.write(SERVICE % {"i": i, "tag": i % 10})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of services (>= 1)")
    ap.add_argument("-o", "--output", help="output file (default: stdout)")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("N must be at least 1")
    if args.output:
        with open(args.output, "w") as fh:
            generate(args.n, fh)
    else:
        generate(args.n, sys.stdout)


if __name__ == "__main__":
    main()
