#!/usr/bin/env python3
"""Runs the Secret-cloning hook Job that `dsc build` emits, as the cluster would run it.

The Job's own script and arguments are taken from the built chart and run under dash
(POSIX sh, as the image's /bin/sh) with the real jq and a stand-in `kubectl` on PATH that
serves Secrets from a directory and records what is applied. Checked: a feature's clone
(`clone_secrets`) is created as `<name>-<label>` in its namespace with the baseline's data,
the feature's labels and its TTL, and kept when it exists (the developer's edits survive an
upgrade); a feature in its own namespace gets same-name copies, refreshed on every run; a
missing Secret is reported and skipped.

    tests/hooks/secret_cloner_test.py --dsc build/dsc
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

FLEET = """
fleet shop { namespace = "shop", ttl = 2d }
service api {
  image = "acme/api:1"
  ports { http = 8080 }
  env {
    DB_PASSWORD = secret("db-credentials", "password")
    STRIPE_KEY = secret("stripe", "key")
    GONE = secret("missing", "key")
  }
}
feature beta {
  ttl = 6h
  clone_secrets = ["db-credentials"]
  fork api {}
}
feature own {
  namespace = "shop-own"
  clone_secrets = ["stripe"]
  fork api {}
}
"""

# Answers `get secret` from $SECRETS/<namespace>/<name>.json and records each `apply`
# (the manifest read from stdin) in $SECRETS/applied.jsonl; applied Secrets then exist.
KUBECTL = r"""#!/bin/sh
set -eu
ns=""; name=""; output=""; verb="$1"; shift
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) ns="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --) name="$2"; shift 2 ;;
    *) shift ;;
  esac
done
if [ "$verb" = get ]; then
  file="$SECRETS/$ns/$name.json"
  [ -f "$file" ] || { echo "Error from server (NotFound): secrets \"$name\" not found" >&2; exit 1; }
  [ "$output" = json ] && cat "$file"
  exit 0
fi
if [ "$verb" = apply ]; then
  manifest=$(cat)
  printf '%s\n' "$manifest" | jq -c . >> "$SECRETS/applied.jsonl"
  ns=$(printf '%s\n' "$manifest" | jq -r .metadata.namespace)
  name=$(printf '%s\n' "$manifest" | jq -r .metadata.name)
  mkdir -p "$SECRETS/$ns"
  printf '%s\n' "$manifest" > "$SECRETS/$ns/$name.json"
  echo "secret/$name serverside-applied"
  exit 0
fi
echo "stand-in kubectl: unexpected $verb" >&2
exit 2
"""


def secret(ns, name, value):
    return {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": {"name": name, "namespace": ns, "uid": "x", "resourceVersion": "1"},
            "data": {"key": base64.b64encode(value.encode()).decode()}}


class SecretClonerTest(unittest.TestCase):
    dsc = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dsc-cloner-")
        self.addCleanup(shutil.rmtree, self.dir)
        fleet = os.path.join(self.dir, "shop.ds")
        with open(fleet, "w") as f:
            f.write(FLEET)
        out = self.out = os.path.join(self.dir, "out")
        subprocess.run([self.dsc, "build", fleet, "-o", out], check=True, capture_output=True)
        self.jobs = {}
        for feature in ("beta", "own"):
            path = os.path.join(out, "charts", "feature-" + feature, "templates", "manifests.yaml")
            with open(path) as f:
                for doc in yaml.safe_load_all(f):
                    if doc and doc["kind"] == "Job":
                        self.jobs[feature] = doc
        self.secrets = os.path.join(self.dir, "secrets")
        os.makedirs(os.path.join(self.secrets, "shop"))
        for name, value in (("db-credentials", "hunter2"), ("stripe", "sk_test")):
            with open(os.path.join(self.secrets, "shop", name + ".json"), "w") as f:
                json.dump(secret("shop", name, value), f)
        bin_dir = os.path.join(self.dir, "bin")
        os.makedirs(bin_dir)
        with open(os.path.join(bin_dir, "kubectl"), "w") as f:
            f.write(KUBECTL)
        os.chmod(os.path.join(bin_dir, "kubectl"), 0o755)
        self.path = bin_dir + os.pathsep + os.environ["PATH"]

    def run_job(self, feature):
        """Runs the Job's container as the kubelet would: command + args, its env."""
        container = self.jobs[feature]["spec"]["template"]["spec"]["containers"][0]
        command, args = container["command"], container["args"]
        self.assertEqual(command[:2], ["/bin/sh", "-c"])
        env = {"PATH": self.path, "SECRETS": self.secrets}
        env.update({e["name"]: e["value"] for e in container["env"]})
        return subprocess.run(["dash", "-c", command[2]] + args, env=env, text=True,
                              capture_output=True)

    def secret_refs(self, release):
        """The Secrets the Deployment of `release` reads in its env."""
        path = os.path.join(self.out, "charts", release, "templates", "manifests.yaml")
        with open(path) as f:
            for doc in yaml.safe_load_all(f):
                if doc and doc["kind"] == "Deployment":
                    env = doc["spec"]["template"]["spec"]["containers"][0]["env"]
                    return {e["valueFrom"]["secretKeyRef"]["name"] for e in env
                            if "secretKeyRef" in e.get("valueFrom", {})}
        return set()

    def applied(self):
        path = os.path.join(self.secrets, "applied.jsonl")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]

    def test_clone_in_the_fleet_namespace_is_created_once(self):
        run = self.run_job("beta")
        self.assertEqual(run.returncode, 0, run.stderr)
        applied = self.applied()
        self.assertEqual([(s["metadata"]["namespace"], s["metadata"]["name"]) for s in applied],
                         [("shop", "db-credentials-beta")])
        clone = applied[0]
        self.assertEqual(base64.b64decode(clone["data"]["key"]).decode(), "hunter2")
        self.assertEqual(clone["metadata"]["labels"]["devstack.io/feature"], "beta")
        self.assertEqual(clone["metadata"]["annotations"], {"janitor/ttl": "6h"})
        self.assertNotIn("uid", clone["metadata"])  # a new object, not the baseline's
        # The fork reads the clone; the baseline keeps its Secret.
        self.assertEqual(self.secret_refs("api-beta"), {"db-credentials-beta", "stripe", "missing"})
        self.assertEqual(self.secret_refs("api"), {"db-credentials", "stripe", "missing"})
        # Upgrade: the clone exists (maybe edited by the developer) and is kept.
        again = self.run_job("beta")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("Secret db-credentials-beta exists in shop: kept", again.stdout)
        self.assertEqual(len(self.applied()), 1)

    def test_own_namespace_gets_copies_and_its_clone(self):
        run = self.run_job("own")
        self.assertEqual(run.returncode, 0, run.stderr)
        names = sorted((s["metadata"]["namespace"], s["metadata"]["name"]) for s in self.applied())
        self.assertEqual(names, [("shop-own", "db-credentials"), ("shop-own", "stripe-own")])
        self.assertIn("Secret missing not found in shop: not copied", run.stderr)
        # A copy is refreshed on every run; the clone is not.
        again = self.run_job("own")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(len(self.applied()), 3)
        self.assertEqual(self.applied()[-1]["metadata"]["name"], "db-credentials")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsc", required=True)
    args, rest = parser.parse_known_args()
    SecretClonerTest.dsc = os.path.abspath(args.dsc)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
