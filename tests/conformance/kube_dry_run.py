#!/usr/bin/python3
"""Proves that `dsc build` output trees are accepted by a real kube-apiserver.

Usage:
  /usr/bin/python3 tests/conformance/kube_dry_run.py --state STATE_DIR OUT_DIR...
  /usr/bin/python3 tests/conformance/kube_dry_run.py --state STATE_DIR --expect-reject OUT_DIR...

STATE_DIR is a control plane started by scripts/envtest/up.sh. For each OUT_DIR it creates
the namespaces listed in blueprint.json (for real: namespaced dry runs need them), then sends
every object of charts/*/templates/*.yaml as a server-side apply with dryRun=All, which runs
the server's full decoding, schema, defaulting, validation and admission without storing.

Normal mode: exit 0 when every object is accepted, else print one line per failure
  FILE: <kind> <ns>/<name>: <HTTP status> <apiserver message>
and exit 1. A custom resource (Traefik) whose fields the server silently pruned, because
its CRD schema does not declare them, is a failure too (the server reports no error there). --expect-reject inverts the verdict for a self-test that proves the check can
fail: exit 0 only when the server rejected EVERY object (the rejections are printed);
local problems (bad YAML, unknown kind) do not count as a server rejection.
Exit 2 when the apiserver cannot be reached (refused, TLS verification failed, ...).

Run with Debian's /usr/bin/python3 (stdlib + python3-yaml); nothing else is needed.
"""
import argparse
import glob
import http.client
import json
import os
import shlex
import ssl
import sys
import urllib.parse

import yaml

# Helm's only template construct in dsc output: `{{ "{{" }}` renders as a literal `{{`.
HELM_ESCAPE = '{{ "{{" }}'


# libyaml's parser when present (Debian's python3-yaml has it): 3x faster on big trees.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StringDatesLoader(_BaseLoader):
    """Safe loader that keeps timestamp-looking scalars as strings, as Helm's Go YAML
    decoder does for untyped values (PyYAML would turn them into datetime objects, which
    are not JSON)."""


StringDatesLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def read_env(state):
    """Parses STATE/env (lines `export KEY=VALUE`, values shell-quoted by up.sh)."""
    env = {}
    with open(os.path.join(state, "env")) as fh:
        for line in fh:
            words = shlex.split(line)
            if len(words) == 2 and words[0] == "export" and "=" in words[1]:
                key, value = words[1].split("=", 1)
                env[key] = value
    return env


class Client:
    """One persistent, TLS-verified HTTPS connection to the apiserver."""

    def __init__(self, server, token, ca):
        url = urllib.parse.urlsplit(server)
        self.host, self.port = url.hostname, url.port or 443
        self.ctx = ssl.create_default_context(cafile=ca)
        self.headers = {"Authorization": "Bearer " + token, "Accept": "application/json"}
        self.conn = None
        self.discovery = {}  # "group/version" -> {kind: (resource, namespaced)}
        self.crd_kinds = None  # {(group, kind)} of custom resources

    def call(self, method, path, body=None, ctype="application/json"):
        """Returns (status, parsed JSON or None, raw text). Reconnects once if the server
        closed the idle keep-alive connection."""
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = ctype
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPSConnection(
                    self.host, self.port, context=self.ctx, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                raw = resp.read().decode("utf-8", errors="replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        return resp.status, data, raw

    def is_custom(self, api_version, kind):
        """Whether apiVersion+kind is served by a CustomResourceDefinition (listed once)."""
        if self.crd_kinds is None:
            status, data, raw = self.call(
                "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
            self.crd_kinds = set()
            for crd in (data or {}).get("items", []) if status == 200 else []:
                self.crd_kinds.add((crd["spec"]["group"], crd["spec"]["names"]["kind"]))
        return (api_version.rsplit("/", 1)[0], kind) in self.crd_kinds

    def resource_for(self, api_version, kind):
        """Maps apiVersion+kind to (REST path prefix, resource, namespaced) via discovery."""
        if api_version not in self.discovery:
            prefix = "/api/" if "/" not in api_version else "/apis/"
            status, data, raw = self.call("GET", prefix + api_version)
            kinds = {}
            if status == 200 and data:
                for r in data.get("resources", []):
                    if "/" not in r["name"]:  # skip subresources such as deployments/status
                        kinds[r["kind"]] = (r["name"], r["namespaced"])
            self.discovery[api_version] = kinds
        found = self.discovery[api_version].get(kind)
        if not found:
            return None
        prefix = "/api/v1" if api_version == "v1" else "/apis/" + api_version
        return prefix, found[0], found[1]


def message_of(status, data, raw):
    if isinstance(data, dict) and data.get("message"):
        return "%d %s" % (status, data["message"])
    return "%d %s" % (status, raw.strip()[:500])


def pruned_fields(sent, got, path=""):
    """Paths present in the object we sent but absent from the server's answer. Used for
    custom resources only: the apiserver silently PRUNES fields a CRD's structural schema does
    not declare (no error, unlike built-in kinds), so a misspelled Traefik field would pass
    unnoticed. Built-in kinds are skipped because the server legitimately drops empty
    values there (omitempty), and unknown fields already fail server-side apply."""
    if isinstance(sent, dict) and isinstance(got, dict):
        out = []
        for key, value in sent.items():
            sub = "%s.%s" % (path, key) if path else key
            if key not in got:
                out.append(sub)
            else:
                out += pruned_fields(value, got[key], sub)
        return out
    if isinstance(sent, list) and isinstance(got, list):
        if len(sent) != len(got):
            return [path]
        out = []
        for i, (a, b) in enumerate(zip(sent, got)):
            out += pruned_fields(a, b, "%s[%d]" % (path, i))
        return out
    return []


def ensure_namespace(client, name):
    """Creates the namespace for real; server-side apply makes this idempotent."""
    obj = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}
    status, data, raw = client.call(
        "PATCH", "/api/v1/namespaces/%s?fieldManager=dsc-conformance&force=true"
        % urllib.parse.quote(name, safe=""), json.dumps(obj), "application/apply-patch+yaml")
    return None if status < 300 else message_of(status, data, raw)


def load_objects(path):
    """Returns (objects, error): the file's non-empty YAML documents after undoing Helm's
    escape, or an error string if other template syntax remains or the YAML is invalid."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if "{{" in text.replace(HELM_ESCAPE, ""):
        return [], 'unexpected Helm template syntax "{{" (only %s is allowed)' % HELM_ESCAPE
    text = text.replace(HELM_ESCAPE, "{{")
    try:
        docs = [d for d in yaml.load_all(text, Loader=StringDatesLoader) if d is not None]
    except yaml.YAMLError as e:
        return [], "invalid YAML: %s" % str(e).replace("\n", " ")
    if not docs:
        return [], "no Kubernetes object in file"
    for d in docs:
        if not isinstance(d, dict):
            return [], "document is not a mapping"
    return docs, None


def strip_cel(node):
    """Drops `x-kubernetes-validations` (CEL rules) from a CRD schema, in place."""
    if isinstance(node, dict):
        node.pop("x-kubernetes-validations", None)
        for value in node.values():
            strip_cel(value)
    elif isinstance(node, list):
        for value in node:
            strip_cel(value)


def server_minor(client):
    status, data, _ = client.call("GET", "/version")
    try:
        return int(str(data.get("minor", "0")).rstrip("+")) if status == 200 else 0
    except (AttributeError, ValueError):
        return 0


def dry_run_tree(client, out_dir, failures, rejections):
    """Dry-runs one OUT_DIR. Appends failure lines; returns (objects sent, files)."""
    try:
        with open(os.path.join(out_dir, "blueprint.json"), encoding="utf-8") as fh:
            namespaces = json.load(fh).get("namespaces", [])
    except (OSError, ValueError) as e:
        failures.append("%s: cannot read blueprint.json: %s" % (out_dir, e))
        return 0, 0
    for ns in namespaces:
        err = ensure_namespace(client, ns)
        if err:
            failures.append("%s: cannot create namespace %s: %s" % (out_dir, ns, err))

    files = sorted(glob.glob(os.path.join(out_dir, "charts", "*", "templates", "*.yaml")))
    if not files:
        failures.append("%s: no charts/*/templates/*.yaml files" % out_dir)
    objects = 0
    for path in files:
        docs, err = load_objects(path)
        if err:
            failures.append("%s: %s" % (path, err))
            continue
        for obj in docs:
            kind = obj.get("kind", "?")
            meta = obj.get("metadata") or {}
            name, ns = meta.get("name"), meta.get("namespace")
            where = "%s: %s %s/%s" % (path, kind, ns or "-", name or "?")
            if not name or not obj.get("apiVersion"):
                failures.append("%s: missing apiVersion or metadata.name" % where)
                continue
            mapping = client.resource_for(obj["apiVersion"], kind)
            if mapping is None:
                failures.append("%s: the server does not serve %s %s"
                                % (where, obj["apiVersion"], kind))
                continue
            prefix, resource, namespaced = mapping
            # Traefik v3's CRDs (`dsc platform --traefik v3`) carry CEL rules, a field
            # Kubernetes serves from 1.23; the plane is older (`dsc platform` refuses v3
            # there, so on it only the rest of each CRD can be checked).
            if kind == "CustomResourceDefinition" and client.minor < 23:
                strip_cel(obj)
            if namespaced and not ns:
                failures.append("%s: metadata.namespace is not set" % where)
                continue
            url = prefix + ("/namespaces/" + urllib.parse.quote(ns, safe="") if namespaced else "")
            url += "/%s/%s?dryRun=All&fieldManager=dsc-conformance&force=true" % (
                resource, urllib.parse.quote(name, safe=""))
            status, data, raw = client.call("PATCH", url, json.dumps(obj),
                                            "application/apply-patch+yaml")
            objects += 1
            if status >= 300:
                line = "%s: %s" % (where, message_of(status, data, raw))
                failures.append(line)
                # Any HTTP error is the server's verdict on the object. (1.20 answers 500,
                # not 4xx, when server-side apply cannot type the object against the schema.)
                rejections.append(line)
            elif client.is_custom(obj["apiVersion"], kind):
                pruned = pruned_fields(obj, data if isinstance(data, dict) else {})
                if pruned:
                    line = "%s: %d accepted, but the server pruned fields the CRD schema does " \
                           "not declare: %s" % (where, status, ", ".join(pruned))
                    failures.append(line)
                    rejections.append(line)  # the server's verdict too, just a quiet one
    return objects, len(files)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--state", required=True, help="STATE_DIR of scripts/envtest/up.sh")
    ap.add_argument("--expect-reject", action="store_true",
                    help="succeed only if the server rejects every object")
    ap.add_argument("out_dirs", nargs="+", metavar="OUT_DIR")
    args = ap.parse_args()

    env = read_env(args.state)
    client = Client(env["DSC_ENVTEST_SERVER"], env["DSC_ENVTEST_TOKEN"], env["DSC_ENVTEST_CA"])
    client.minor = server_minor(client)
    failures, rejections = [], []
    objects = files = 0
    try:
        for out in args.out_dirs:
            o, f = dry_run_tree(client, out, failures, rejections)
            objects += o
            files += f
    except (OSError, http.client.HTTPException) as e:  # TLS failure, refused, timeout...
        print("kube_dry_run: cannot talk to the apiserver at %s: %s"
              % (env["DSC_ENVTEST_SERVER"], e))
        return 2

    if args.expect_reject:
        for line in rejections:
            print("rejected as expected: " + line)
        unexpected = [f for f in failures if f not in rejections]
        accepted = objects - len(rejections)
        for line in unexpected:
            print(line)
        if accepted or unexpected or not objects:
            print("expect-reject: %d of %d objects were NOT rejected by the server"
                  % (objects - len(rejections), objects))
            return 1
        print("expect-reject: all %d objects rejected in %d files" % (objects, files))
        return 0

    for line in failures:
        print(line)
    if failures:
        print("dry-run: %d failures, %d objects sent in %d files"
              % (len(failures), objects, files))
        return 1
    print("dry-run: %d objects accepted in %d files" % (objects, files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
