#!/usr/bin/python3
"""Validate a `dsc build` output tree against the real schemas of its consumers.

Usage:
  /usr/bin/python3 tests/conformance/validate_schemas.py [--schemas tests/reference]
      [--blueprint-schema docs/blueprint.schema.json] OUT_DIR...

Run it with Debian's /usr/bin/python3 (python3-jsonschema 4.10, python3-yaml).

What is checked, per file of an output tree:

  helmfile.yaml                 SchemaStore helmfile.json (draft-07) + every key is a
                                field helmfile knows (helmfile decodes strictly) + the
                                charts and `needs` it names exist
  blueprint.json                docs/blueprint.schema.json, when that file exists
  devspace.yaml                 DevSpace v6 devspace.json (2020-12), closed objects
                                (DevSpace decodes strictly) + DevSpace's own load-time
                                rules + the selected pods/containers exist in the build
  charts/<r>/Chart.yaml         SchemaStore chart.json (draft-07) + SemVer + name == dir
  charts/<r>/values.yaml        a YAML mapping (or empty), when there is one
  charts/<r>/templates/*.yaml   manifests.yaml: one Kubernetes object per document (dsc's
                                form); any other name: one object, named after it. Each
                                after undoing the only allowed Helm escape {{ "{{" }}:
        Deployment Service Job ConfigMap Namespace
                                standalone-strict Kubernetes schemas of BOTH 1.20.0 and
                                1.32.2
        IngressRoute Middleware TraefikService
                                the Traefik CRD's openAPIV3Schema (traefik.containo.us ->
                                v2 CRDs, traefik.io -> v3 CRDs), converted to JSON Schema
                                with the apiserver's view of unknown fields
        ServiceAccount Role RoleBinding Secret
                                a structural check written here ("structural check only")
                                plus ObjectMeta from the 1.32.2 schema
        anything else           an error
      and for every object: apiserver rules the schemas do not express (names, label
      and annotation syntax, no nulls, Helm hook annotations, selector/template match...).

Every plain (unquoted) YAML scalar is resolved three ways: the YAML 1.2 core schema
(helmfile, DevSpace: go-yaml v3), go-yaml v2's YAML 1.1 rules (Helm, kubectl:
sigs.k8s.io/yaml) and the YAML 1.1 type repository (PyYAML). A scalar they read
differently (`on`, `no`, `y`, `0755`, `1_000`, `1e3`, `<<`, `12:30`, `2024-01-01`...) is
an error: the emitter must quote it. Schemas are then applied to the value the file's
real consumer sees. Duplicate keys, non-string keys and tags other than the core ones are
errors too.

Across files: helmfile `needs` and charts, IngressRoute -> Service/port/Middleware,
devspace labelSelector/container -> a Deployment of the build, one object per identity.

Output: one line per problem, `path/to/file: <json pointer>: <message>`, then
`schemas: N files valid (per-kind counts)`. Exit status 1 when anything is wrong, 2 on
bad usage.
"""

import argparse
import collections
import json
import math
import os
import re
import sys

import jsonschema
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from jsonschema.exceptions import best_match

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_SCHEMAS = os.path.join(REPO_ROOT, "tests", "reference")
DEFAULT_BLUEPRINT_SCHEMA = os.path.join(REPO_ROOT, "docs", "blueprint.schema.json")

K8S_VERSIONS = ("k8s-v1.20.0", "k8s-v1.32.2")
# (apiVersion, kind) -> schema file name in each K8S_VERSIONS directory.
K8S_SCHEMA_FILES = {
    ("apps/v1", "Deployment"): "deployment-apps-v1.json",
    ("v1", "Service"): "service-v1.json",
    ("batch/v1", "Job"): "job-batch-v1.json",
    ("v1", "ConfigMap"): "configmap-v1.json",
    ("v1", "Namespace"): "namespace-v1.json",
}
# apiVersion of a Traefik group -> CRD file.
CRD_FILES = {
    "traefik.containo.us/v1alpha1": "traefik-v2.yaml",
    "traefik.io/v1alpha1": "traefik-v3.yaml",
}
TRAEFIK_KINDS = ("IngressRoute", "Middleware", "TraefikService")
# Kinds without a schema in the reference set: checked by structural_check().
STRUCTURAL_KINDS = {
    "ServiceAccount": "v1",
    "Role": "rbac.authorization.k8s.io/v1",
    "RoleBinding": "rbac.authorization.k8s.io/v1",
    "ClusterRole": "rbac.authorization.k8s.io/v1",
    "ClusterRoleBinding": "rbac.authorization.k8s.io/v1",
    "CustomResourceDefinition": "apiextensions.k8s.io/v1",
    "Secret": "v1",
}
# `dsc platform` makes the cluster-scoped ones but Namespace (Traefik's CRDs, RBAC).
CLUSTER_SCOPED_KINDS = {"Namespace", "ClusterRole", "ClusterRoleBinding",
                        "CustomResourceDefinition"}
# Kinds whose metadata.name must be a DNS-1123 label rather than a subdomain.
LABEL_NAMED_KINDS = {"Service", "Namespace"}
# Kinds whose metadata.name is only a path segment (RBAC).
PATH_SEGMENT_NAMED_KINDS = {"Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"}

DEVSPACE_CONFIG_VERSION = "v2beta1"

# helmfile decodes helmfile.yaml strictly (unknown keys are errors), but SchemaStore's
# helmfile.json is open and lists fewer fields than helmfile has. A key is accepted when
# the schema lists it or when it is a yaml field name of helmfile's own ReleaseSetSpec /
# ReleaseSpec / HelmSpec (pkg/state/state.go, recent helmfile releases). If the emitter
# needs a real helmfile field that is missing here, add it.
HELMFILE_EXTRA_TOP = {
    "helmBinary", "kustomizeBinary", "values", "environments", "bases", "helmDefaults",
    "helmfiles", "context", "charts", "kubeContext", "namespace", "chart", "repositories",
    "commonLabels", "releases", "apiVersions", "kubeVersion", "hooks", "templates",
    "missingFileHandler", "missingFileHandlerConfig", "lockFilePath",
}
HELMFILE_EXTRA_RELEASE = {
    "chart", "chartPath", "directory", "version", "verify", "keyring", "enableDNS", "devel",
    "wait", "waitRetries", "waitForJobs", "timeout", "recreatePods", "force", "installed",
    "atomic", "cleanupOnFail", "historyMax", "condition", "createNamespace",
    "disableOpenAPIValidation", "disableValidation", "disableValidationOnInstall",
    "missingFileHandler", "needs", "hooks", "name", "namespace", "labels", "values",
    "secrets", "set", "setString", "valuesTemplate", "setTemplate", "apiVersions",
    "kubeVersion", "env", "valuesPathPrefix", "kubeContext", "insecureSkipTLSVerify",
    "plainHttp", "verifyTemplate", "waitTemplate", "installedTemplate", "dependencies",
    "jsonPatches", "strategicMergePatches", "transformers", "adopt", "forceGoGetter",
    "forceNamespace", "skipDeps", "skipRefresh", "postRenderer", "skipSchemaValidation",
    "postRendererArgs", "cascade", "suppressOutputLineRegex", "inherit", "suppressDiff",
    "deleteWait", "deleteTimeout",
}
HELMFILE_EXTRA_DEFAULTS = {
    "kubeContext", "args", "diffArgs", "syncArgs", "verify", "keyring", "enableDNS",
    "skipSchemaValidation", "devel", "wait", "waitRetries", "waitForJobs", "timeout",
    "recreatePods", "force", "atomic", "cleanupOnFail", "historyMax", "createNamespace",
    "skipDeps", "skipRefresh", "reuseValues", "postRenderer", "postRendererArgs", "cascade",
    "suppressOutputLineRegex", "disableValidation", "disableOpenAPIValidation",
    "insecureSkipTLSVerify", "plainHttp", "deleteWait", "deleteTimeout",
}

HELM_HOOKS = {"pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade",
              "post-upgrade", "pre-rollback", "post-rollback", "test", "test-success"}
HELM_HOOK_DELETE_POLICIES = {"before-hook-creation", "hook-succeeded", "hook-failed"}

MAX_MESSAGE = 400


# --------------------------------------------------------------------------- names

DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
QUALIFIED_NAME_PART = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\Z")
LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\Z")
IANA_SVC_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?\Z")
SEMVER2 = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(-((0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\Z")
DEVSPACE_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?\Z")
HELM_RELEASE_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")


def dns_label_problem(value):
    if not isinstance(value, str) or not value:
        return "must be a non-empty string"
    if len(value) > 63:
        return "must be at most 63 characters (DNS-1123 label), has %d" % len(value)
    if not DNS1123_LABEL.match(value):
        return "must be a DNS-1123 label (lowercase letters, digits, '-'; start and end alphanumeric)"
    return None


def dns_subdomain_problem(value):
    if not isinstance(value, str) or not value:
        return "must be a non-empty string"
    if len(value) > 253:
        return "must be at most 253 characters (DNS-1123 subdomain), has %d" % len(value)
    if not DNS1123_SUBDOMAIN.match(value):
        return "must be a DNS-1123 subdomain (lowercase letters, digits, '-', '.')"
    return None


def path_segment_problem(value):
    if not isinstance(value, str) or not value:
        return "must be a non-empty string"
    if value in (".", "..") or "/" in value or "%" in value:
        return "must not be '.', '..' or contain '/' or '%'"
    return None


def qualified_name_problem(key):
    """Label and annotation keys: [prefix/]name."""
    if not isinstance(key, str) or not key:
        return "key must be a non-empty string"
    prefix, _, name = key.rpartition("/")
    if "/" in prefix:
        return "key %r has more than one '/'" % key
    if prefix:
        problem = dns_subdomain_problem(prefix)
        if problem:
            return "key prefix %r %s" % (prefix, problem)
    if not name or len(name) > 63 or not QUALIFIED_NAME_PART.match(name):
        return ("key %r: the name part must be 1-63 characters of [A-Za-z0-9-_.], "
                "starting and ending alphanumeric" % key)
    return None


def iana_svc_name_problem(value):
    if len(value) > 15:
        return "must be at most 15 characters (IANA service name)"
    if not IANA_SVC_NAME.match(value) or "--" in value:
        return "must be an IANA service name (lowercase letters, digits, single '-')"
    if not re.search(r"[a-z]", value):
        return "must contain at least one letter (a digit-only string is a number written as a string)"
    return None


# --------------------------------------------------------------------------- pointers

def pointer(tokens):
    """JSON pointer (RFC 6901) of a path; the document root prints as '/'."""
    if not tokens:
        return "/"
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def short(value, limit=80):
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


# --------------------------------------------------------------------------- YAML

PLAIN_TAG = "tag:dsc.invalid,2025:plain"  # marks untagged plain scalars for our resolver
MERGE_KEY = object()
STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ComposeLoader(_BaseLoader):
    """Only composes; plain scalars keep a marker tag and are resolved by YamlReader."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            return PLAIN_TAG
        return super().resolve(kind, value, implicit)


_CORE_INT10 = re.compile(r"[-+]?[0-9]+\Z")
_CORE_INT8 = re.compile(r"0o[0-7]+\Z")
_CORE_INT16 = re.compile(r"0x[0-9a-fA-F]+\Z")
_CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_CORE_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_CORE_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


def resolve_yaml12_core(text):
    """A plain scalar under the YAML 1.2 core schema."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _CORE_INT10.match(text):
        return int(text)
    if _CORE_INT8.match(text):
        return int(text[2:], 8)
    if _CORE_INT16.match(text):
        return int(text[2:], 16)
    if _CORE_FLOAT.match(text):
        return float(text)
    if _CORE_INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _CORE_NAN.match(text):
        return float("nan")
    return text


_V2_WORDS = {}
for _words, _value in (
        (("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
        (("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
        (("", "~", "null", "Null", "NULL"), None),
        ((".nan", ".NaN", ".NAN"), float("nan")),
        ((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), float("inf")),
        (("-.inf", "-.Inf", "-.INF"), float("-inf"))):
    for _word in _words:
        _V2_WORDS[_word] = _value
_V2_WORDS["<<"] = MERGE_KEY
_GO_INT = re.compile(r"([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)\Z")
_GO_YAML_FLOAT = re.compile(r"[-+]?[0-9]*\.?[0-9]+([eE][-+][0-9]+)?\Z")
_GO_DOT_FLOAT = re.compile(r"\.[0-9]+([eE][-+]?[0-9]+)?\Z")


def _go_parse_int(text):
    """strconv.ParseInt(text, 0, 64), falling back to ParseUint; None when neither parses."""
    match = _GO_INT.match(text)
    if not match:
        return None
    sign, digits = match.groups()
    if digits[:2] in ("0x", "0X"):
        value = int(digits[2:], 16)
    elif digits[:2] in ("0b", "0B"):
        value = int(digits[2:], 2)
    elif digits[:2] in ("0o", "0O"):
        value = int(digits[2:], 8)
    elif len(digits) > 1 and digits[0] == "0":
        value = int(digits[1:], 8)
    else:
        value = int(digits)
    if sign == "-":
        value = -value
    if -(1 << 63) <= value < (1 << 63):
        return value
    if sign == "" and 0 <= value < (1 << 64):
        return value
    return None


def resolve_go_yaml_v2(text):
    """A plain scalar as gopkg.in/yaml.v2 reads it into interface{} (Helm, kubectl via
    sigs.k8s.io/yaml): YAML 1.1 booleans including y/n, base-0 integers with '_',
    floats only with a signed exponent, timestamps kept as strings."""
    if text in _V2_WORDS:
        return _V2_WORDS[text]
    first = text[0]
    if first == ".":
        return float(text) if _GO_DOT_FLOAT.match(text) else text
    if first in "+-0123456789":
        plain = text.replace("_", "")
        value = _go_parse_int(plain)
        if value is not None:
            return value
        if _GO_YAML_FLOAT.match(plain):
            return float(plain)
        return text
    return text


_SPEC11_RESOLVER = yaml.resolver.Resolver()
_SPEC11_TYPES = {"tag:yaml.org,2002:" + t: t for t in
                 ("null", "bool", "int", "float", "str", "timestamp", "merge", "value")}


SPEC11_NAMES = {"null": "null", "bool": "a boolean", "int": "an integer", "float": "a float",
                "str": "a string", "timestamp": "a timestamp", "merge": "a merge key",
                "value": "the !!value '='"}


def yaml11_spec_type(text):
    """The type the YAML 1.1 type repository gives a plain scalar (PyYAML's resolver)."""
    tag = _SPEC11_RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    return _SPEC11_TYPES.get(tag, tag)


def scalar_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "str"


def same_scalar(a, b):
    if a is MERGE_KEY or b is MERGE_KEY:
        return a is b
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def type_name(value):
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return describe_scalar(value)


def describe_scalar(value):
    if value is MERGE_KEY:
        return "a merge key"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean %s" % ("true" if value else "false")
    if isinstance(value, int):
        return "integer %d" % value
    if isinstance(value, float):
        return "float %r" % value
    return "string %r" % value


class YamlReader:
    """Builds plain Python values from composed YAML nodes, reporting anything whose
    meaning depends on the reader."""

    def __init__(self, consumer):
        # consumer: "helm" (go-yaml v2 / YAML 1.1) or "yaml12" (go-yaml v3 / YAML 1.2)
        self.consumer = consumer
        self.problems = []  # (tokens, message)

    def problem(self, tokens, node, message):
        self.problems.append((list(tokens), "%s (line %d)" % (message, node.start_mark.line + 1)))

    def documents(self, text):
        """Returns the list of non-empty documents; None entries are dropped."""
        docs = []
        try:
            for node in yaml.compose_all(text, Loader=_ComposeLoader):
                if node is None:
                    continue
                value = self.build(node, [], set())
                if value is not None:
                    docs.append(value)
        except yaml.YAMLError as err:
            self.problems.append(([], "YAML does not parse: %s" % " ".join(str(err).split())))
            return None
        return docs

    def scalar(self, node, tokens):
        tag = node.tag
        text = node.value
        if tag == PLAIN_TAG:
            yaml12 = resolve_yaml12_core(text)
            yaml11 = resolve_go_yaml_v2(text)
            if not same_scalar(yaml12, yaml11):
                self.problem(tokens, node,
                             "plain scalar %r is ambiguous: YAML 1.2 (helmfile, DevSpace) reads %s, "
                             "YAML 1.1 (Helm, kubectl) reads %s; quote it"
                             % (text, describe_scalar(yaml12), describe_scalar(yaml11)))
                value = yaml11 if self.consumer == "helm" else yaml12
                return "<<" if value is MERGE_KEY else value
            spec11 = yaml11_spec_type(text)
            if spec11 != scalar_type(yaml12):
                self.problem(tokens, node,
                             "plain scalar %r is ambiguous: YAML 1.2 and go-yaml read %s, the YAML 1.1 "
                             "spec (e.g. PyYAML) reads %s; quote it"
                             % (text, describe_scalar(yaml12), SPEC11_NAMES.get(spec11, spec11)))
            return yaml12
        if tag in (STR_TAG, "!"):
            return text
        if tag == "tag:yaml.org,2002:null":
            if resolve_yaml12_core(text) is not None:
                self.problem(tokens, node, "!!null scalar %r is not null" % text)
            return None
        if tag == "tag:yaml.org,2002:bool":
            value = resolve_yaml12_core(text)
            if not isinstance(value, bool):
                self.problem(tokens, node, "!!bool scalar %r is not a YAML 1.2 boolean" % text)
            return value
        if tag == "tag:yaml.org,2002:int":
            value = resolve_yaml12_core(text)
            if isinstance(value, bool) or not isinstance(value, int):
                self.problem(tokens, node, "!!int scalar %r is not a YAML 1.2 integer" % text)
            return value
        if tag == "tag:yaml.org,2002:float":
            value = resolve_yaml12_core(text)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.problem(tokens, node, "!!float scalar %r is not a YAML 1.2 number" % text)
                return value
            return float(value)
        self.problem(tokens, node, "unsupported YAML tag %s" % tag)
        return text

    def build(self, node, tokens, active):
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, tokens)
        if id(node) in active:
            self.problem(tokens, node, "recursive alias")
            return None
        active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != SEQ_TAG:
                    self.problem(tokens, node, "unsupported YAML tag %s" % node.tag)
                return [self.build(child, tokens + [i], active) for i, child in enumerate(node.value)]
            if node.tag != MAP_TAG:
                self.problem(tokens, node, "unsupported YAML tag %s" % node.tag)
            out = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(tokens, key_node, "mapping key is a collection")
                    continue
                before = len(self.problems)
                key = self.scalar(key_node, tokens + [key_node.value])
                if not isinstance(key, str):
                    if len(self.problems) == before:
                        self.problem(tokens + [key_node.value], key_node,
                                     "mapping key %r is read as %s, not a string; quote it"
                                     % (key_node.value, describe_scalar(key)))
                    key = key_node.value
                if key in out:
                    self.problem(tokens + [key], key_node, "duplicate mapping key %r" % key)
                out[key] = self.build(value_node, tokens + [key], active)
            return out
        finally:
            active.discard(id(node))


# --------------------------------------------------------------------------- schemas

def _extend_with_cel(base):
    """Adds the simple x-kubernetes-validations rules (self.startsWith/endsWith/contains
    of a literal); other CEL rules are counted and skipped."""

    simple = re.compile(r"\s*self\.(startsWith|endsWith|contains)\(\s*'([^'\\]*)'\s*\)\s*\Z")

    def cel(validator, rules, instance, schema):
        for rule in rules or ():
            match = simple.match(rule.get("rule", ""))
            if not match:
                validator.dsc_unevaluated_cel.add(rule.get("rule", ""))
                continue
            if not isinstance(instance, str):
                continue
            method, literal = match.groups()
            ok = {"startsWith": instance.startswith, "endsWith": instance.endswith,
                  "contains": lambda s: s in instance}[method](literal)
            if not ok:
                yield jsonschema.ValidationError(
                    "%s: %s (CEL rule %s)" % (short(instance), rule.get("message", "failed"),
                                              rule["rule"]))

    cls = jsonschema.validators.extend(base, {"x-kubernetes-validations": cel})
    cls.dsc_unevaluated_cel = set()
    return cls


CrdValidator = _extend_with_cel(Draft7Validator)


def openapi_to_jsonschema(node):
    """CRD openAPIV3Schema -> draft-07 JSON Schema, as the apiserver sees objects:
    nullable -> type may be null, x-kubernetes-int-or-string -> integer or string,
    objects that declare properties are closed unless x-kubernetes-preserve-unknown-fields."""
    if isinstance(node, list):
        return [openapi_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "properties":
            out[key] = {name: openapi_to_jsonschema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            out[key] = openapi_to_jsonschema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = openapi_to_jsonschema(value)
        elif key == "x-kubernetes-validations":
            out[key] = value
        elif key.startswith("x-kubernetes-") or key in ("nullable", "description", "example",
                                                          "externalDocs", "default"):
            continue
        else:
            out[key] = value
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out.setdefault("anyOf", [{"type": "integer"}, {"type": "string"}])
    if node.get("nullable"):
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = list(out["enum"]) + [None]
    if ("properties" in out and "additionalProperties" not in out
            and not node.get("x-kubernetes-preserve-unknown-fields")):
        out["additionalProperties"] = False
    return out


def close_objects(node):
    """Returns a copy of a JSON Schema where every subschema that declares `properties`
    and says nothing about other properties gets additionalProperties: false."""
    if isinstance(node, list):
        return [close_objects(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: close_objects(value) for key, value in node.items()}
    if ("properties" in out and not any(k in out for k in (
            "additionalProperties", "patternProperties", "unevaluatedProperties"))):
        out["additionalProperties"] = False
    return out


class Schemas:
    """Loads each schema once and caches one validator per schema."""

    def __init__(self, root, blueprint_schema):
        self.root = root
        self.blueprint_schema = blueprint_schema
        self._cache = {}

    def _json(self, *parts):
        with open(os.path.join(self.root, *parts), encoding="utf-8") as handle:
            return json.load(handle)

    def _cached(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def helmfile(self):
        return self._cached("helmfile", lambda: Draft7Validator(self._json("schemas", "helmfile.json")))

    def helmfile_raw(self):
        return self.helmfile().schema

    def chart(self):
        return self._cached("chart", lambda: Draft7Validator(self._json("schemas", "helm-chart.json")))

    def devspace(self):
        def make():
            schema = close_objects(self._json("schemas", "devspace.json"))
            # `profiles` is a real v2beta1 field (latest.Config.Profiles) that the
            # published schema leaves out.
            schema["properties"].setdefault("profiles", {"type": "array"})
            return Draft202012Validator(schema)
        return self._cached("devspace", make)

    def k8s(self, version, filename):
        return self._cached(("k8s", version, filename),
                            lambda: Draft7Validator(self._json("schemas", version, filename)))

    def object_meta(self):
        def make():
            meta = self._json("schemas", "k8s-v1.32.2", "configmap-v1.json")["properties"]["metadata"]
            meta = dict(meta)
            meta["type"] = "object"
            return meta
        return self._cached("objectmeta", make)

    def object_meta_validator(self):
        return self._cached("objectmeta-validator", lambda: Draft7Validator(self.object_meta()))

    def crds(self, api_version):
        """kind -> validator for one Traefik group version; None when unknown."""
        filename = CRD_FILES.get(api_version)
        if filename is None:
            return None

        def make():
            group, _, version = api_version.partition("/")
            with open(os.path.join(self.root, "crds", filename), encoding="utf-8") as handle:
                docs = [d for d in yaml.load_all(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) if d]
            validators = {}
            for crd in docs:
                if crd.get("kind") != "CustomResourceDefinition" or crd["spec"]["group"] != group:
                    continue
                kind = crd["spec"]["names"]["kind"]
                for entry in crd["spec"]["versions"]:
                    if entry["name"] != version:
                        continue
                    schema = openapi_to_jsonschema(entry["schema"]["openAPIV3Schema"])
                    props = schema.setdefault("properties", {})
                    props["apiVersion"] = {"type": "string", "enum": [api_version]}
                    props["kind"] = {"type": "string", "enum": [kind]}
                    # The CRD types metadata as a bare object; the apiserver applies ObjectMeta.
                    props["metadata"] = self.object_meta()
                    schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind", "metadata"})
                    schema["additionalProperties"] = False
                    validators[kind] = CrdValidator(schema)
            return validators
        return self._cached(("crd", api_version), make)

    def blueprint(self):
        def make():
            if not os.path.isfile(self.blueprint_schema):
                return None
            with open(self.blueprint_schema, encoding="utf-8") as handle:
                schema = json.load(handle)
            cls = jsonschema.validators.validator_for(schema, default=Draft202012Validator)
            cls.check_schema(schema)
            return cls(schema)
        return self._cached("blueprint", make)


def _leaf_errors(error):
    """The errors that explain `error`. For oneOf/anyOf, branches that fail only because
    the instance has another JSON type are set aside, and the errors of the first
    remaining branch are explained in turn; with no such branch, best_match decides."""
    if not error.context:
        return [(error, "")]
    branches = collections.OrderedDict()
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    applicable = [subs for subs in branches.values()
                  if not any(s.validator == "type" and not s.relative_path for s in subs)]
    note = " [in the %s branch that fits its type]" % error.validator
    if not applicable:
        deeper = best_match(error.context)
        if deeper is None:
            return [(error, "")]
        return [(leaf, " [no %s branch matched]" % error.validator) for leaf, _ in _leaf_errors(deeper)]
    return [(leaf, note) for sub in applicable[0] for leaf, _ in _leaf_errors(sub)]


def schema_errors(validator, instance, prefix=""):
    """(tokens, message) for each violation, descending into oneOf/anyOf."""
    out = []
    for error in validator.iter_errors(instance):
        for leaf, note in _leaf_errors(error):
            message = leaf.message
            if len(message) > MAX_MESSAGE:
                message = message[:MAX_MESSAGE - 3] + "..."
            out.append((list(leaf.absolute_path), prefix + message + note))
    return out


# --------------------------------------------------------------------------- results

class FileResult:
    def __init__(self, display, category):
        self.display = display
        self.category = category
        self.problems = []  # (tokens, message)
        self._seen = set()

    def add(self, tokens, message, once=False):
        """once: skip when this pointer already has a problem (a consequence of it)."""
        where = pointer(tokens)
        if once and any(where == p for p, _ in self._seen):
            return
        key = (where, message)
        if key not in self._seen:
            self._seen.add(key)
            self.problems.append((list(tokens), message))

    def extend(self, problems, skip_known_pointers=False):
        known = {p for p, _ in self._seen}
        for tokens, message in problems:
            if skip_known_pointers and pointer(tokens) in known:
                continue
            self.add(tokens, message)


class Run:
    def __init__(self, schemas):
        self.schemas = schemas
        self.results = []
        self.notes = []
        self.structural_only = collections.Counter()

    def new(self, display, category):
        result = FileResult(display, category)
        self.results.append(result)
        return result


# --------------------------------------------------------------------------- helpers

def read_text(result, path):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        result.add([], "cannot read: %s" % err)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        result.add([], "not UTF-8: %s" % err)
        return None
    if text.startswith("\ufeff"):
        result.add([], "starts with a byte order mark")
        text = text[1:]
    return text


def load_yaml(result, path, consumer, text=None):
    if text is None:
        text = read_text(result, path)
        if text is None:
            return None
    reader = YamlReader(consumer)
    docs = reader.documents(text)
    result.extend(reader.problems)
    return docs


def single_document(result, docs, what):
    if docs is None:
        return None
    if len(docs) != 1:
        result.add([], "expected exactly one YAML document (%s), found %d" % (what, len(docs)))
        return docs[0] if docs else None
    return docs[0]


def find_nulls(value, tokens, out):
    if value is None:
        out.append((list(tokens), "null value: Kubernetes treats it as absent/zero; omit the field or give it a value"))
    elif isinstance(value, dict):
        for key, sub in value.items():
            find_nulls(sub, tokens + [key], out)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            find_nulls(sub, tokens + [i], out)


def get(value, *keys):
    for key in keys:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            value = value[key]
        else:
            return None
    return value


def check_string_map(result, mapping, tokens, what, label_values=False):
    if mapping is None:
        return
    if not isinstance(mapping, dict):
        result.add(tokens, "%s must be a mapping of strings, got %s" % (what, short(mapping)))
        return
    total = 0
    for key, value in mapping.items():
        problem = qualified_name_problem(key)
        if problem:
            result.add(tokens + [key], "%s %s" % (what, problem))
        if not isinstance(value, str):
            result.add(tokens + [key], "%s value must be a string, got %s" % (what, type_name(value)), once=True)
            continue
        total += len(key) + len(value)
        if label_values:
            if len(value) > 63:
                result.add(tokens + [key], "label value must be at most 63 characters, has %d" % len(value))
            elif not LABEL_VALUE.match(value):
                result.add(tokens + [key], "label value %r must be empty or [A-Za-z0-9-_.] starting and "
                                           "ending alphanumeric" % value)
    if not label_values and total > 256 * 1024:
        result.add(tokens, "annotations total %d bytes, over the 256 KiB limit" % total)


def labels_match(selector, labels):
    return isinstance(selector, dict) and isinstance(labels, dict) and all(
        labels.get(k) == v for k, v in selector.items())


# --------------------------------------------------------------------------- objects

def check_metadata(result, obj, kind):
    meta = obj.get("metadata")
    if not isinstance(meta, dict):
        result.add(["metadata"], "metadata must be a mapping")
        return
    name = meta.get("name")
    if name is None:
        result.add(["metadata"], "metadata.name is required")
    else:
        if kind in LABEL_NAMED_KINDS:
            problem = dns_label_problem(name)
        elif kind in PATH_SEGMENT_NAMED_KINDS:
            problem = path_segment_problem(name)
        else:
            problem = dns_subdomain_problem(name)
        if problem:
            result.add(["metadata", "name"], "%s name %r %s" % (kind, name, problem))
    if "generateName" in meta:
        result.add(["metadata", "generateName"], "generateName cannot be used with Helm/helmfile (no stable name)")
    ns = meta.get("namespace")
    if kind in CLUSTER_SCOPED_KINDS:
        if ns is not None:
            result.add(["metadata", "namespace"], "%s is cluster-scoped; metadata.namespace must not be set" % kind)
    elif ns is not None:
        problem = dns_label_problem(ns)
        if problem:
            result.add(["metadata", "namespace"], "namespace %r %s" % (ns, problem))
    check_string_map(result, meta.get("labels"), ["metadata", "labels"], "label", label_values=True)
    check_string_map(result, meta.get("annotations"), ["metadata", "annotations"], "annotation")
    annotations = meta.get("annotations")
    if isinstance(annotations, dict):
        check_helm_annotations(result, annotations)


def check_helm_annotations(result, annotations):
    tokens = ["metadata", "annotations"]
    hook = annotations.get("helm.sh/hook")
    if isinstance(hook, str):
        events = [e.strip() for e in hook.split(",")]
        for event in events:
            if event not in HELM_HOOKS:
                result.add(tokens + ["helm.sh/hook"], "unknown Helm hook %r (Helm ignores it; known: %s)"
                           % (event, ", ".join(sorted(HELM_HOOKS))))
    weight = annotations.get("helm.sh/hook-weight")
    if isinstance(weight, str) and not re.fullmatch(r"[-+]?[0-9]+", weight.strip()):
        result.add(tokens + ["helm.sh/hook-weight"], "hook weight %r is not an integer (Helm would use 0)" % weight)
    policy = annotations.get("helm.sh/hook-delete-policy")
    if isinstance(policy, str):
        for item in (p.strip() for p in policy.split(",")):
            if item not in HELM_HOOK_DELETE_POLICIES:
                result.add(tokens + ["helm.sh/hook-delete-policy"], "unknown hook delete policy %r (known: %s)"
                           % (item, ", ".join(sorted(HELM_HOOK_DELETE_POLICIES))))
    if ("helm.sh/hook-weight" in annotations or "helm.sh/hook-delete-policy" in annotations) and hook is None:
        result.add(tokens, "hook weight/delete-policy annotations without helm.sh/hook")
    policy = annotations.get("helm.sh/resource-policy")
    if isinstance(policy, str) and policy != "keep":
        result.add(tokens + ["helm.sh/resource-policy"], "helm.sh/resource-policy must be 'keep'")


PORT_FIELDS = ("port", "targetPort", "containerPort")
# Maps whose keys are user data, not API fields.
FREE_FORM_MAPS = {"data", "binaryData", "stringData", "labels", "annotations", "matchLabels",
                  "selector", "customRequestHeaders", "customResponseHeaders", "plugin"}


def check_ports_as_strings(result, value, tokens):
    """int-or-string port fields given as digit-only strings are numbers the emitter
    quoted: the apiserver reads them as port *names* and rejects them."""
    if isinstance(value, dict):
        for key, sub in value.items():
            if key in PORT_FIELDS and isinstance(sub, str) and sub.strip().isdigit():
                result.add(tokens + [key], "%s %r is a string: write the port number unquoted" % (key, sub))
            elif key not in FREE_FORM_MAPS:
                check_ports_as_strings(result, sub, tokens + [key])
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            check_ports_as_strings(result, sub, tokens + [i])


def check_pod_template(result, template, tokens, kind):
    if not isinstance(template, dict):
        return
    meta = template.get("metadata")
    if isinstance(meta, dict):
        check_string_map(result, meta.get("labels"), tokens + ["metadata", "labels"], "label", label_values=True)
        check_string_map(result, meta.get("annotations"), tokens + ["metadata", "annotations"], "annotation")
    spec = template.get("spec")
    if not isinstance(spec, dict):
        return
    if kind == "Job" and spec.get("restartPolicy") not in ("Never", "OnFailure"):
        result.add(tokens + ["spec", "restartPolicy"],
                   "a Job's pod restartPolicy must be Never or OnFailure, got %s" % short(spec.get("restartPolicy")))
    for group in ("initContainers", "containers"):
        containers = spec.get(group)
        if not isinstance(containers, list):
            continue
        seen = set()
        for i, container in enumerate(containers):
            if not isinstance(container, dict):
                continue
            name = container.get("name")
            ctokens = tokens + ["spec", group, i]
            if isinstance(name, str):
                problem = dns_label_problem(name)
                if problem:
                    result.add(ctokens + ["name"], "container name %r %s" % (name, problem))
                if name in seen:
                    result.add(ctokens + ["name"], "duplicate container name %r" % name)
                seen.add(name)
            ports = container.get("ports")
            if isinstance(ports, list):
                for j, port in enumerate(ports):
                    pname = get(port, "name")
                    if isinstance(pname, str):
                        problem = iana_svc_name_problem(pname)
                        if problem:
                            result.add(ctokens + ["ports", j, "name"], "container port name %r %s" % (pname, problem))
            env = container.get("env")
            if isinstance(env, list):
                names = set()
                for j, entry in enumerate(env):
                    if isinstance(entry, dict):
                        if "value" in entry and not isinstance(entry["value"], str):
                            result.add(ctokens + ["env", j, "value"], "env value must be a string, got %s"
                                       % type_name(entry["value"]), once=True)
                        if "value" in entry and "valueFrom" in entry:
                            result.add(ctokens + ["env", j], "env entry has both value and valueFrom")
                        if entry.get("name") in names:
                            result.add(ctokens + ["env", j, "name"], "duplicate env name %r" % entry.get("name"))
                        names.add(entry.get("name"))


def check_kind_rules(result, obj, kind):
    spec = obj.get("spec")
    if kind == "Deployment" and isinstance(spec, dict):
        selector = get(spec, "selector", "matchLabels")
        labels = get(spec, "template", "metadata", "labels")
        check_string_map(result, selector, ["spec", "selector", "matchLabels"], "label", label_values=True)
        if isinstance(selector, dict) and not labels_match(selector, labels):
            result.add(["spec", "selector"], "selector does not match template labels (the apiserver rejects it)")
        if isinstance(selector, dict) and not selector and not get(spec, "selector", "matchExpressions"):
            result.add(["spec", "selector"], "empty selector (the apiserver rejects it for apps/v1)")
        check_pod_template(result, spec.get("template"), ["spec", "template"], kind)
    elif kind == "Job" and isinstance(spec, dict):
        check_pod_template(result, spec.get("template"), ["spec", "template"], kind)
    elif kind == "Service" and isinstance(spec, dict):
        check_string_map(result, spec.get("selector"), ["spec", "selector"], "label", label_values=True)
        ports = spec.get("ports")
        if isinstance(ports, list):
            names = set()
            for i, port in enumerate(ports):
                if not isinstance(port, dict):
                    continue
                name = port.get("name")
                if len(ports) > 1 and not name:
                    result.add(["spec", "ports", i], "a Service with several ports must name each port")
                if isinstance(name, str) and name:
                    problem = dns_label_problem(name)
                    if problem:
                        result.add(["spec", "ports", i, "name"], "Service port name %r %s" % (name, problem))
                    if name in names:
                        result.add(["spec", "ports", i, "name"], "duplicate Service port name %r" % name)
                    names.add(name)
    elif kind == "ConfigMap":
        for field in ("data", "binaryData"):
            data = obj.get(field)
            if isinstance(data, dict):
                for key, value in data.items():
                    if not re.fullmatch(r"[-._a-zA-Z0-9]+", key) or len(key) > 253 or key in (".", ".."):
                        result.add([field, key], "ConfigMap key %r must be [-._a-zA-Z0-9]+ (at most 253)" % key)
                    if not isinstance(value, str):
                        result.add([field, key], "ConfigMap %s value must be a string, got %s"
                                   % (field, type_name(value)), once=True)


def structural_check(result, obj, kind, schemas):
    """Kinds without a reference schema: the shape dsc emits, nothing more."""
    def allowed_keys(value, tokens, keys):
        if isinstance(value, dict):
            for key in value:
                if key not in keys:
                    result.add(tokens + [key], "unknown field %r (allowed: %s)" % (key, ", ".join(sorted(keys))))

    def string_list(value, tokens, what, required=True):
        if value is None:
            if required:
                result.add(tokens, "%s is required (a list of strings)" % what)
            return
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            result.add(tokens, "%s must be a list of strings, got %s" % (what, short(value)))
        elif required and not value:
            result.add(tokens, "%s must not be empty" % what)

    meta = obj.get("metadata")
    if isinstance(meta, dict):
        result.extend([(["metadata"] + tokens, message) for tokens, message in
                       schema_errors(schemas.object_meta_validator(), meta, prefix="ObjectMeta (k8s v1.32.2): ")],
                      skip_known_pointers=True)
        if not meta.get("namespace") and kind not in CLUSTER_SCOPED_KINDS:
            result.add(["metadata"], "metadata.namespace is required for %s" % kind)
        elif meta.get("namespace") and kind in CLUSTER_SCOPED_KINDS:
            result.add(["metadata", "namespace"], "%s is cluster-scoped: no namespace" % kind)
    name = meta.get("name") if isinstance(meta, dict) else None

    if kind == "ServiceAccount":
        allowed_keys(obj, [], {"apiVersion", "kind", "metadata", "secrets", "imagePullSecrets",
                               "automountServiceAccountToken"})
        if "automountServiceAccountToken" in obj and not isinstance(obj["automountServiceAccountToken"], bool):
            result.add(["automountServiceAccountToken"], "must be a boolean")
    elif kind == "Secret":
        allowed_keys(obj, [], {"apiVersion", "kind", "metadata", "data", "stringData", "type", "immutable"})
        for field in ("data", "stringData"):
            data = obj.get(field)
            if data is None:
                continue
            if not isinstance(data, dict):
                result.add([field], "%s must be a mapping of strings" % field)
                continue
            for key, value in data.items():
                if not re.fullmatch(r"[-._a-zA-Z0-9]+", str(key)):
                    result.add([field, key], "Secret key %r must be [-._a-zA-Z0-9]+" % key)
                if not isinstance(value, str):
                    result.add([field, key], "Secret %s value must be a string, got %s"
                               % (field, type_name(value)), once=True)
                elif field == "data" and (len(value) % 4 or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", value)):
                    result.add([field, key], "Secret data value is not base64")
        if "type" in obj and not isinstance(obj["type"], str):
            result.add(["type"], "type must be a string")
        if "immutable" in obj and not isinstance(obj["immutable"], bool):
            result.add(["immutable"], "immutable must be a boolean")
    elif kind in ("Role", "ClusterRole"):
        allowed_keys(obj, [], {"apiVersion", "kind", "metadata", "rules"})
        rules = obj.get("rules")
        if not isinstance(rules, list):
            result.add(["rules"], "rules must be a list")
        else:
            for i, rule in enumerate(rules):
                tokens = ["rules", i]
                if not isinstance(rule, dict):
                    result.add(tokens, "a rule must be a mapping")
                    continue
                allowed_keys(rule, tokens, {"apiGroups", "resources", "verbs", "resourceNames"})
                string_list(rule.get("apiGroups"), tokens + ["apiGroups"], "apiGroups")
                string_list(rule.get("resources"), tokens + ["resources"], "resources")
                string_list(rule.get("verbs"), tokens + ["verbs"], "verbs")
                string_list(rule.get("resourceNames"), tokens + ["resourceNames"], "resourceNames", required=False)
    elif kind in ("RoleBinding", "ClusterRoleBinding"):
        allowed_keys(obj, [], {"apiVersion", "kind", "metadata", "roleRef", "subjects"})
        ref = obj.get("roleRef")
        if not isinstance(ref, dict):
            result.add(["roleRef"], "roleRef is required (apiGroup, kind, name)")
        else:
            allowed_keys(ref, ["roleRef"], {"apiGroup", "kind", "name"})
            if ref.get("apiGroup") != "rbac.authorization.k8s.io":
                result.add(["roleRef", "apiGroup"], "roleRef.apiGroup must be rbac.authorization.k8s.io")
            if ref.get("kind") not in ("Role", "ClusterRole"):
                result.add(["roleRef", "kind"], "roleRef.kind must be Role or ClusterRole")
            elif kind == "ClusterRoleBinding" and ref.get("kind") != "ClusterRole":
                result.add(["roleRef", "kind"], "a ClusterRoleBinding's roleRef.kind must be ClusterRole")
            if not isinstance(ref.get("name"), str) or not ref.get("name"):
                result.add(["roleRef", "name"], "roleRef.name must be a non-empty string")
        subjects = obj.get("subjects")
        if not isinstance(subjects, list) or not subjects:
            result.add(["subjects"], "subjects must be a non-empty list")
        else:
            for i, subject in enumerate(subjects):
                tokens = ["subjects", i]
                if not isinstance(subject, dict):
                    result.add(tokens, "a subject must be a mapping")
                    continue
                allowed_keys(subject, tokens, {"kind", "name", "namespace", "apiGroup"})
                skind = subject.get("kind")
                if skind not in ("ServiceAccount", "User", "Group"):
                    result.add(tokens + ["kind"], "subject kind must be ServiceAccount, User or Group")
                for field in ("name", "namespace", "apiGroup"):
                    if field in subject and not isinstance(subject[field], str):
                        result.add(tokens + [field], "%s must be a string" % field)
                if not subject.get("name"):
                    result.add(tokens + ["name"], "subject name is required")
                if skind == "ServiceAccount":
                    if subject.get("apiGroup", ""):
                        result.add(tokens + ["apiGroup"], "a ServiceAccount subject has apiGroup \"\"")
                    problem = dns_subdomain_problem(subject.get("name"))
                    if subject.get("name") and problem:
                        result.add(tokens + ["name"], "ServiceAccount name %s" % problem)
                elif skind in ("User", "Group") and subject.get("apiGroup") != "rbac.authorization.k8s.io":
                    result.add(tokens + ["apiGroup"], "a %s subject has apiGroup rbac.authorization.k8s.io" % skind)
    elif kind == "CustomResourceDefinition":
        # Traefik's own files (`dsc platform`); the plane's dry run checks them in full.
        allowed_keys(obj, [], {"apiVersion", "kind", "metadata", "spec"})
        spec = obj.get("spec")
        if not isinstance(spec, dict):
            result.add(["spec"], "spec is required")
            return
        for field in ("group", "scope"):
            if not isinstance(spec.get(field), str) or not spec.get(field):
                result.add(["spec", field], "spec.%s must be a non-empty string" % field)
        names = spec.get("names")
        if not isinstance(names, dict) or not all(isinstance(names.get(f), str)
                                                   for f in ("kind", "plural")):
            result.add(["spec", "names"], "spec.names needs kind and plural")
        elif name != "%s.%s" % (names["plural"], spec.get("group")):
            result.add(["metadata", "name"], "a CRD's name must be <plural>.<group>")
        versions = spec.get("versions")
        if not isinstance(versions, list) or not versions:
            result.add(["spec", "versions"], "spec.versions must be a non-empty list")
        elif sum(1 for v in versions if isinstance(v, dict) and v.get("storage") is True) != 1:
            result.add(["spec", "versions"], "exactly one version must have storage: true")


def validate_object(run, result, obj):
    """One Kubernetes object from a template. Returns the category for the summary."""
    if not isinstance(obj, dict):
        result.add([], "a Kubernetes object must be a mapping, got %s" % short(obj))
        return None
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    if not isinstance(api_version, str) or not api_version:
        result.add(["apiVersion"], "apiVersion is required")
    if not isinstance(kind, str) or not kind:
        result.add(["kind"], "kind is required")
        return None
    if not isinstance(api_version, str):
        return None

    nulls = []
    find_nulls(obj, [], nulls)
    for tokens, message in nulls:
        result.add(tokens, message, once=True)
    check_metadata(result, obj, kind)
    check_ports_as_strings(result, obj, [])
    check_kind_rules(result, obj, kind)

    k8s_file = K8S_SCHEMA_FILES.get((api_version, kind))
    if k8s_file is None and any(kind == k for (_, k) in K8S_SCHEMA_FILES):
        expected = [a for (a, k) in K8S_SCHEMA_FILES if k == kind][0]
        result.add(["apiVersion"], "%s must be %s, got %r" % (kind, expected, api_version))
        return kind
    if k8s_file is not None:
        by_problem = collections.OrderedDict()
        for version in K8S_VERSIONS:
            for tokens, message in schema_errors(run.schemas.k8s(version, k8s_file), obj):
                by_problem.setdefault((pointer(tokens), message), (tokens, []))[1].append(version[4:])
        problems = [(tokens, "k8s %s: %s" % ("+".join(versions), message))
                    for (_, message), (tokens, versions) in by_problem.items()]
        result.extend(problems, skip_known_pointers=True)
        return kind

    if kind in TRAEFIK_KINDS:
        validators = run.schemas.crds(api_version)
        if validators is None:
            result.add(["apiVersion"], "no schema for %s %s (expected one of %s)"
                       % (kind, api_version, ", ".join(sorted(CRD_FILES))))
            return None
        validator = validators.get(kind)
        if validator is None:
            result.add(["kind"], "no %s CRD for %s" % (kind, api_version))
            return None
        label = "traefik %s" % ("v2" if api_version.startswith("traefik.containo.us") else "v3")
        result.extend(schema_errors(validator, obj, prefix="%s CRD: " % label), skip_known_pointers=True)
        return "%s (%s)" % (kind, api_version.split("/")[0])

    if kind in STRUCTURAL_KINDS:
        if api_version != STRUCTURAL_KINDS[kind]:
            result.add(["apiVersion"], "%s must be %s, got %r" % (kind, STRUCTURAL_KINDS[kind], api_version))
        structural_check(result, obj, kind, run.schemas)
        return "structural:" + kind

    result.add(["kind"], "no schema for %s (apiVersion %s): dsc must not emit it, or add its schema"
               % (kind, api_version))
    return None


# --------------------------------------------------------------------------- files

ESCAPE = '{{ "{{" }}'


def unescape_template(result, text):
    """Undo the one Helm escape dsc uses; any other `{{` is an error (and then the file is
    not parsed: only Helm could say what it means)."""
    out = []
    pos = 0
    stray = False
    while True:
        at = text.find("{{", pos)
        if at < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:at])
        if text.startswith(ESCAPE, at):
            out.append("{{")
            pos = at + len(ESCAPE)
            continue
        line = text.count("\n", 0, at) + 1
        end = text.find("}}", at)
        snippet = text[at:end + 2] if 0 <= end < at + 60 else text[at:at + 30]
        result.add([], "stray Helm template action %r at line %d: the only construct allowed "
                       "in a dsc template is the escape %s" % (snippet, line, ESCAPE))
        stray = True
        pos = at + 2
    return None if stray else "".join(out)


def check_helmfile(run, out_dir, display_root, state):
    path = os.path.join(out_dir, "helmfile.yaml")
    result = run.new(os.path.join(display_root, "helmfile.yaml"), "helmfile.yaml")
    if not os.path.isfile(path):
        result.add([], "missing helmfile.yaml")
        return
    docs = load_yaml(result, path, "yaml12")
    if docs is None:
        return
    if not docs:
        result.add([], "helmfile.yaml is empty")
        return
    state["helmfile_read"] = True
    schema = run.schemas.helmfile_raw()
    top_known = set(schema["properties"]) | HELMFILE_EXTRA_TOP
    release_known = set(schema["definitions"]["release"]["properties"]) | HELMFILE_EXTRA_RELEASE
    defaults_known = set(schema["definitions"]["helmDefaults"]["properties"]) | HELMFILE_EXTRA_DEFAULTS
    releases = []
    # helmfile merges its documents; pointers are relative to each document.
    for doc in docs:
        result.extend(schema_errors(run.schemas.helmfile(), doc))
        if not isinstance(doc, dict):
            continue
        for key in doc:
            if key not in top_known:
                result.add([key], "unknown helmfile field %r (helmfile decodes strictly and rejects it)" % key)
        defaults = doc.get("helmDefaults")
        if isinstance(defaults, dict):
            for key in defaults:
                if key not in defaults_known:
                    result.add(["helmDefaults", key], "unknown helmDefaults field %r" % key)
        for i, release in enumerate(doc.get("releases") or []):
            if not isinstance(release, dict):
                continue
            for key in release:
                if key not in release_known:
                    result.add(["releases", i, key], "unknown release field %r (helmfile decodes strictly and rejects it)" % key)
            labels = release.get("labels")
            if isinstance(labels, dict):
                for key, value in labels.items():
                    if not isinstance(value, str):
                        result.add(["releases", i, "labels", key], "release label value must be a string, got %s"
                                   % type_name(value), once=True)
            releases.append((i, release))

    ids = {}
    for i, release in releases:
        name, ns = release.get("name"), release.get("namespace") or ""
        if isinstance(name, str):
            if len(name) > 53 or not HELM_RELEASE_NAME.match(name):
                result.add(["releases", i, "name"], "Helm release name %r must be at most 53 characters of "
                                                    "lowercase letters, digits, '-', '.'" % name)
            if (ns, name) in ids:
                result.add(["releases", i, "name"], "duplicate release %s/%s" % (ns, name))
            ids[(ns, name)] = i
        chart = release.get("chart")
        if isinstance(chart, str) and (chart.startswith("./") or chart.startswith("charts/")):
            chart_dir = os.path.normpath(os.path.join(out_dir, chart))
            if not os.path.isfile(os.path.join(chart_dir, "Chart.yaml")):
                result.add(["releases", i, "chart"], "chart %r has no Chart.yaml in the output" % chart)
            else:
                state["chart_release"][os.path.relpath(chart_dir, out_dir)] = (name, ns)
    for i, release in releases:
        ns = release.get("namespace") or ""
        for j, need in enumerate(release.get("needs") or []):
            if not isinstance(need, str):
                continue
            parts = need.split("/")
            need_name = parts[-1]
            need_ns = parts[-2] if len(parts) > 1 else ns
            if (need_ns, need_name) not in ids:
                result.add(["releases", i, "needs", j], "needs %r names no release of this helmfile" % need)
            elif need_ns == ns and need_name == release.get("name"):
                result.add(["releases", i, "needs", j], "a release cannot need itself")


def check_chart(run, out_dir, display_root, chart_rel, state):
    chart_dir = os.path.join(out_dir, chart_rel)
    dir_name = os.path.basename(chart_rel)
    # Chart.yaml
    result = run.new(os.path.join(display_root, chart_rel, "Chart.yaml"), "Chart.yaml")
    path = os.path.join(chart_dir, "Chart.yaml")
    if not os.path.isfile(path):
        result.add([], "missing Chart.yaml")
    else:
        chart = single_document(result, load_yaml(result, path, "helm"), "Chart.yaml")
        if chart is not None:
            result.extend(schema_errors(run.schemas.chart(), chart), skip_known_pointers=True)
            if isinstance(chart, dict):
                version = chart.get("version")
                if isinstance(version, str) and not SEMVER2.match(version):
                    result.add(["version"], "version %r is not SemVer 2" % version)
                if isinstance(chart.get("name"), str) and chart["name"] != dir_name:
                    result.add(["name"], "chart name %r differs from its directory %r" % (chart["name"], dir_name))
    if state["helmfile_read"] and chart_rel not in state["chart_release"]:
        result.add([], "no helmfile.yaml release uses this chart")

    # values.yaml: optional (Helm 3 needs none; dsc writes none), checked when present
    path = os.path.join(chart_dir, "values.yaml")
    if os.path.exists(path):
        result = run.new(os.path.join(display_root, chart_rel, "values.yaml"), "values.yaml")
        docs = load_yaml(result, path, "helm")
        if docs is not None:
            if len(docs) > 1:
                result.add([], "values.yaml must hold one document, found %d" % len(docs))
            elif docs and not isinstance(docs[0], dict):
                result.add([], "values.yaml must be a mapping, got %s" % short(docs[0]))

    for entry in sorted(os.listdir(chart_dir)):
        if entry not in ("Chart.yaml", "values.yaml", "templates"):
            other = run.new(os.path.join(display_root, chart_rel, entry), "unexpected")
            other.add([], "unexpected file in a chart: nothing validates it")

    # templates
    templates = os.path.join(chart_dir, "templates")
    if not os.path.isdir(templates):
        result = run.new(os.path.join(display_root, chart_rel, "templates"), "unexpected")
        result.add([], "missing templates/ directory")
        return
    _, release_ns = state["chart_release"].get(chart_rel, (dir_name, ""))
    for entry in sorted(os.listdir(templates)):
        file_path = os.path.join(templates, entry)
        display = os.path.join(display_root, chart_rel, "templates", entry)
        result = run.new(display, "template")
        if not entry.endswith(".yaml") or entry.startswith("_") or not os.path.isfile(file_path):
            result.add([], "unexpected template file: dsc emits manifests.yaml (or <kind>-<name>.yaml)")
            continue
        text = read_text(result, file_path)
        if text is None:
            continue
        text = unescape_template(result, text)
        if text is None:
            continue
        docs = load_yaml(result, file_path, "helm", text=text)
        if docs is None:
            continue
        if entry == "manifests.yaml":
            # dsc's form: every object of the chart, one document each, in one file.
            objects = [doc for doc in docs if doc is not None]
            if not objects:
                result.add([], "manifests.yaml holds no object")
            for i, obj in enumerate(objects):
                doc_result = result if i == 0 else run.new("%s#%d" % (display, i + 1), "template")
                check_template_object(run, doc_result, obj, None, display, release_ns, state)
        else:
            # One object per file, named after it (hand-made trees, older builds).
            obj = single_document(result, docs, "one Kubernetes object per template")
            if obj is not None:
                check_template_object(run, result, obj, entry, display, release_ns, state)


def check_template_object(run, result, obj, entry, display, release_ns, state):
    """One object of a template; `entry`, when given, is its file's name, which must name it."""
    category = validate_object(run, result, obj)
    if category:
        result.category = category
    if (isinstance(obj, dict) and obj.get("kind") == "Namespace" and release_ns
            and get(obj, "metadata", "name") == release_ns):
        result.add(["metadata", "name"],
                   "a chart must not create the namespace of its own release (%s): Helm stores the "
                   "release there before it creates objects, and helmfile's createNamespace makes "
                   "it unowned, so this object conflicts; create it in an earlier release" % release_ns)
    if isinstance(obj, dict) and isinstance(obj.get("kind"), str):
        name = get(obj, "metadata", "name")
        ns = get(obj, "metadata", "namespace")
        if obj["kind"] in CLUSTER_SCOPED_KINDS:
            effective_ns = ""
        else:
            effective_ns = ns if isinstance(ns, str) and ns else release_ns
        if entry is not None:
            kind_lower = obj["kind"].lower()
            expected = {"%s-%s.yaml" % (kind_lower, name)}
            if isinstance(ns, str):
                expected.add("%s-%s.%s.yaml" % (kind_lower, ns, name))
            if entry not in expected:
                result.add([], "file name does not match the object: expected %s"
                           % " or ".join(sorted(expected)))
        api_version = str(obj.get("apiVersion", ""))
        group = api_version.split("/")[0] if "/" in api_version else ""
        identity = (group, obj["kind"], effective_ns, name)
        if identity in state["objects"]:
            result.add([], "duplicate object %s %s/%s, also in %s"
                       % (obj["kind"], effective_ns, name, state["objects"][identity]))
        else:
            state["objects"][identity] = display
        state["object_list"].append((obj, effective_ns, display))


def check_routes(run, state):
    """IngressRoute references that Traefik resolves at run time: each Service (and its
    port, by number or name) and each Middleware must exist in this build. Middlewares
    are matched by namespace/name in either Traefik group."""
    services, middlewares = {}, set()
    for obj, ns, _ in state["object_list"]:
        name = get(obj, "metadata", "name")
        if obj.get("kind") == "Service" and obj.get("apiVersion") == "v1":
            services[(ns, name)] = obj
        elif obj.get("kind") == "Middleware":
            middlewares.add((ns, name))
    by_display = {r.display: r for r in run.results}
    for obj, ns, display in state["object_list"]:
        if obj.get("kind") != "IngressRoute":
            continue
        result = by_display[display]
        for i, route in enumerate(get(obj, "spec", "routes") or []):
            if not isinstance(route, dict):
                continue
            for j, ref in enumerate(route.get("middlewares") or []):
                name = get(ref, "name")
                if not isinstance(name, str) or "@" in name:
                    continue  # provider references (name@file) live outside Kubernetes
                ref_ns = get(ref, "namespace") or ns
                if (ref_ns, name) not in middlewares:
                    result.add(["spec", "routes", i, "middlewares", j],
                               "Middleware %s/%s is not in this build" % (ref_ns, name))
            for j, ref in enumerate(route.get("services") or []):
                if not isinstance(ref, dict) or ref.get("kind", "Service") != "Service":
                    continue
                name, port = ref.get("name"), ref.get("port")
                ref_ns = ref.get("namespace") or ns
                service = services.get((ref_ns, name))
                if service is None:
                    result.add(["spec", "routes", i, "services", j],
                               "Service %s/%s is not in this build" % (ref_ns, name))
                    continue
                ports = get(service, "spec", "ports") or []
                if port is not None and not any(
                        isinstance(p, dict) and (p.get("port") == port or (isinstance(port, str) and p.get("name") == port))
                        for p in ports):
                    result.add(["spec", "routes", i, "services", j, "port"],
                               "Service %s/%s has no port %s (has %s)" % (
                                   ref_ns, name, short(port), ", ".join(
                                       "%s%s" % (p.get("port"), "/" + p["name"] if p.get("name") else "")
                                       for p in ports if isinstance(p, dict))))


def check_devspace(run, out_dir, display_root, state):
    path = os.path.join(out_dir, "devspace.yaml")
    if not os.path.exists(path):
        return
    result = run.new(os.path.join(display_root, "devspace.yaml"), "devspace.yaml")
    config = single_document(result, load_yaml(result, path, "yaml12"), "devspace.yaml")
    if config is None:
        return
    result.extend(schema_errors(run.schemas.devspace(), config, prefix="devspace.json (closed): "),
                  skip_known_pointers=True)
    if not isinstance(config, dict):
        return
    version = config.get("version")
    if version != DEVSPACE_CONFIG_VERSION:
        result.add(["version"], "DevSpace 6 config version is %r, got %s" % (DEVSPACE_CONFIG_VERSION, short(version)))
    name = config.get("name")
    if isinstance(name, str) and not DEVSPACE_NAME.match(name):
        result.add(["name"], "DevSpace rejects name %r (lowercase letters, digits, '-')" % name)
    dev = config.get("dev")
    if not isinstance(dev, dict):
        return
    deployments = [(o, ns) for o, ns, _ in state["object_list"] if o.get("kind") == "Deployment"]
    for dev_name, entry in dev.items():
        tokens = ["dev", dev_name]
        if not DEVSPACE_NAME.match(dev_name.strip()):
            result.add(tokens, "DevSpace rejects dev name %r (lowercase letters, digits, '-')" % dev_name)
        if not isinstance(entry, dict):
            continue
        selector = entry.get("labelSelector")
        image = entry.get("imageSelector")
        if not selector and not image:
            result.add(tokens, "DevSpace needs labelSelector or imageSelector")
        if selector and image:
            result.add(tokens, "DevSpace rejects labelSelector together with imageSelector")
        syncs = entry.get("sync")
        for i, sync in enumerate(syncs if isinstance(syncs, list) else []):
            excludes = sync.get("excludePaths") if isinstance(sync, dict) else None
            if isinstance(excludes, list):
                for j, exclude in enumerate(excludes):
                    if exclude == "":
                        result.add(tokens + ["sync", i, "excludePaths", j], "empty exclude path")
        if isinstance(selector, dict) and selector:
            namespace = entry.get("namespace")
            matches = [o for o, ns in deployments
                       if (namespace is None or ns == namespace)
                       and labels_match(selector, get(o, "spec", "template", "metadata", "labels"))]
            if not matches:
                result.add(tokens + ["labelSelector"], "no Deployment%s in this build has pod labels matching it"
                           % (" in namespace %r" % namespace if namespace else ""))
            container = entry.get("container")
            if matches and isinstance(container, str):
                names = {c.get("name") for o in matches
                         for c in (get(o, "spec", "template", "spec", "containers") or []) if isinstance(c, dict)}
                if container not in names:
                    result.add(tokens + ["container"], "no container %r in the selected Deployment(s) (has %s)"
                               % (container, ", ".join(sorted(n for n in names if isinstance(n, str)))))


def check_blueprint(run, out_dir, display_root):
    path = os.path.join(out_dir, "blueprint.json")
    result = run.new(os.path.join(display_root, "blueprint.json"), "blueprint.json")
    if not os.path.isfile(path):
        result.add([], "missing blueprint.json")
        return
    text = read_text(result, path)
    if text is None:
        return

    def pairs(items):
        out = {}
        for key, value in items:
            if key in out:
                raise ValueError("duplicate key %r" % key)
            out[key] = value
        return out

    def bad_constant(name):
        raise ValueError("%s is not JSON" % name)

    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=bad_constant)
    except ValueError as err:
        result.add([], "not valid JSON: %s" % err)
        return
    try:
        validator = run.schemas.blueprint()
    except (ValueError, jsonschema.SchemaError) as err:
        result.add([], "cannot use %s: %s" % (run.schemas.blueprint_schema, str(err).splitlines()[0]))
        return
    if validator is None:
        note = "blueprint.json: parsed as JSON only; %s does not exist yet" % os.path.relpath(
            run.schemas.blueprint_schema)
        if note not in run.notes:
            run.notes.append(note)
        result.category = "blueprint.json (JSON only)"
        return
    result.extend(schema_errors(validator, doc))


KNOWN_TOP = {".dsc-build", "helmfile.yaml", "blueprint.json", "devspace.yaml", "charts"}


def check_tree(run, out_dir):
    display_root = out_dir.rstrip("/") or "/"
    if not os.path.isdir(out_dir):
        result = run.new(display_root, "unexpected")
        result.add([], "not a directory")
        return
    state = {"chart_release": {}, "objects": {}, "object_list": [], "helmfile_read": False}
    for entry in sorted(os.listdir(out_dir)):
        if entry not in KNOWN_TOP:
            result = run.new(os.path.join(display_root, entry), "unexpected")
            result.add([], "unexpected file in a dsc build: nothing validates it")
    check_helmfile(run, out_dir, display_root, state)
    check_blueprint(run, out_dir, display_root)
    charts = os.path.join(out_dir, "charts")
    if os.path.isdir(charts):
        for entry in sorted(os.listdir(charts)):
            if os.path.isdir(os.path.join(charts, entry)):
                check_chart(run, out_dir, display_root, os.path.join("charts", entry), state)
            else:
                result = run.new(os.path.join(display_root, "charts", entry), "unexpected")
                result.add([], "unexpected file in charts/")
    check_routes(run, state)
    check_devspace(run, out_dir, display_root, state)


# --------------------------------------------------------------------------- main

def main(argv):
    parser = argparse.ArgumentParser(description="Validate dsc build output trees against their schemas.")
    parser.add_argument("--schemas", default=DEFAULT_SCHEMAS,
                        help="reference data folder with schemas/ and crds/ (default: %(default)s)")
    parser.add_argument("--blueprint-schema", default=DEFAULT_BLUEPRINT_SCHEMA,
                        help="JSON Schema for blueprint.json; skipped with a note when absent (default: %(default)s)")
    parser.add_argument("out_dirs", nargs="+", metavar="OUT_DIR")
    args = parser.parse_args(argv)
    for sub in ("schemas", "crds"):
        if not os.path.isdir(os.path.join(args.schemas, sub)):
            parser.error("%s has no %s/ folder" % (args.schemas, sub))

    run = Run(Schemas(args.schemas, args.blueprint_schema))
    for out_dir in args.out_dirs:
        check_tree(run, out_dir)

    errors = 0
    valid = collections.Counter()
    invalid_files = 0
    for result in run.results:
        if result.problems:
            invalid_files += 1
            for tokens, message in result.problems:
                errors += 1
                print("%s: %s: %s" % (result.display, pointer(tokens), message))
        else:
            valid[result.category] += 1
    for note in run.notes:
        print("note: %s" % note)
    if CrdValidator.dsc_unevaluated_cel:
        print("note: CEL rules not evaluated: %s" % "; ".join(sorted(CrdValidator.dsc_unevaluated_cel)))

    order = ["helmfile.yaml", "blueprint.json", "blueprint.json (JSON only)", "devspace.yaml",
             "Chart.yaml", "values.yaml"]
    parts = ["%s %d" % (c, valid[c]) for c in order if valid[c]]
    kinds = sorted(c for c in valid if c not in order and not c.startswith("structural:"))
    parts += ["%s %d" % (c, valid[c]) for c in kinds]
    structural = sorted(c for c in valid if c.startswith("structural:"))
    if structural:
        parts.append("structural check only: " + ", ".join(
            "%s %d" % (c.split(":", 1)[1], valid[c]) for c in structural))
    total = sum(valid.values())
    line = "schemas: %d files valid (%s)" % (total, "; ".join(parts) if parts else "none")
    if errors:
        line += "; %d file%s invalid, %d error%s" % (invalid_files, "" if invalid_files == 1 else "s",
                                                     errors, "" if errors == 1 else "s")
    print(line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
