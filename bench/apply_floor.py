#!/usr/bin/python3
"""The control plane's floor for a create: the same server-side applies, nothing else.

    apply_floor.py MANIFEST NAMESPACE --kubeconfig FILE [--parallel 32] [--create] [--work DIR]

Sends one server-side apply (PATCH, application/apply-patch+yaml, force), or with
--create one create (POST), per object of MANIFEST (a multi-document YAML file, as apply_bench.sh gives kubectl) into NAMESPACE,
all of them through one `curl --parallel` process (HTTP/2, up to --parallel at a time):
no discovery, no records, no readiness, no client-side work beyond reading the file. What
this takes is what the control plane needs for those writes; a client that sends them
cannot be faster. Prints the elapsed milliseconds on stdout; exits 1 unless every request
got a 2xx answer.

Only the kinds apply_bench.sh's fleets hold are mapped (RESOURCES below); any other kind
stops the script.
"""
import argparse
import base64
import os
import subprocess
import sys
import tempfile
import time

import yaml

# kind -> (API path prefix, resource)
RESOURCES = {
    "Deployment": ("/apis/apps/v1", "deployments"),
    "Service": ("/api/v1", "services"),
    "ConfigMap": ("/api/v1", "configmaps"),
    "IngressRoute": ("/apis/traefik.io/v1alpha1", "ingressroutes"),
}


def cluster(kubeconfig):
    """(server URL, CA file contents, bearer token) of the kubeconfig's current context."""
    config = yaml.safe_load(open(kubeconfig))
    context = next(c["context"] for c in config["contexts"]
                   if c["name"] == config["current-context"])
    server = next(c["cluster"] for c in config["clusters"] if c["name"] == context["cluster"])
    user = next(u["user"] for u in config["users"] if u["name"] == context["user"])
    return (server["server"], base64.b64decode(server["certificate-authority-data"]),
            user["token"])


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("manifest")
    p.add_argument("namespace")
    p.add_argument("--kubeconfig", required=True)
    p.add_argument("--parallel", type=int, default=32)
    p.add_argument("--create", action="store_true",
                   help="POST each object to its collection instead (what dsc sends for an "
                        "object that does not exist yet)")
    p.add_argument("--work", default=None, help="where the request bodies go (a new temp dir)")
    args = p.parse_args()

    server, ca, token = cluster(args.kubeconfig)
    work = args.work or tempfile.mkdtemp(prefix="apply-floor.")
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "ca.crt"), "wb") as f:
        f.write(ca)
    # `next` in a curl config resets every option: these go before each URL.
    common = ['cacert = %s' % quote(os.path.join(work, "ca.crt")),
              'header = %s' % quote("Authorization: Bearer " + token),
              'header = "Content-Type: %s"' % (
                  "application/yaml" if args.create else "application/apply-patch+yaml"),
              'request = "%s"' % ("POST" if args.create else "PATCH"), 'http2', 'silent', 'show-error',
              'write-out = "%{http_code}\\n"', 'output = "/dev/null"']
    lines = []
    count = 0
    for doc in yaml.safe_load_all(open(args.manifest)):
        if not doc:
            continue
        kind = doc.get("kind")
        if kind not in RESOURCES:
            sys.exit("apply_floor.py: no resource known for kind %r" % kind)
        prefix, resource = RESOURCES[kind]
        doc.setdefault("metadata", {})["namespace"] = args.namespace
        body = os.path.join(work, "%d.yaml" % count)
        with open(body, "w") as f:
            yaml.safe_dump(doc, f)
        url = "%s%s/namespaces/%s/%s" % (server, prefix, args.namespace, resource)
        if args.create:
            url += "?fieldManager=apply-floor"
        else:
            url += "/%s?fieldManager=apply-floor&force=true" % doc["metadata"]["name"]
        if count:
            lines.append("next")
        lines += common + ['url = %s' % quote(url), 'data-binary = %s' % quote("@" + body)]
        count += 1
    config = os.path.join(work, "curl.config")
    with open(config, "w") as f:
        os.fchmod(f.fileno(), 0o600)  # it holds the token
        f.write("\n".join(lines) + "\n")

    start = time.monotonic()
    # --silent here too: the config's `silent` does not quiet --parallel's progress meter.
    done = subprocess.run(["curl", "--silent", "--show-error", "--parallel", "--parallel-max",
                           str(args.parallel), "-K", config], stdout=subprocess.PIPE, text=True)
    elapsed_ms = (time.monotonic() - start) * 1000
    codes = done.stdout.split()
    bad = [c for c in codes if not c.startswith("2")]
    if done.returncode != 0 or len(codes) != count or bad:
        sys.exit("apply_floor.py: curl exit %d, %d answers for %d requests, %d not 2xx (%s)" % (
            done.returncode, len(codes), count, len(bad), " ".join(sorted(set(bad))[:5])))
    print("%.0f" % elapsed_ms)


if __name__ == "__main__":
    main()
