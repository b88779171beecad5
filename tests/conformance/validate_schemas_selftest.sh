#!/usr/bin/env bash
# Proves that validate_schemas.py can fail: it must accept fixtures/schema-valid/ and
# reject every tree under fixtures/schema-invalid/ with the expected messages and the
# expected number of errors. Exits non-zero on any mismatch.
#
#   tests/conformance/validate_schemas_selftest.sh
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
VALIDATOR="$HERE/validate_schemas.py"
VALID="$HERE/fixtures/schema-valid"
INVALID="$HERE/fixtures/schema-invalid"
# The fixtures' blueprint.json files are placeholders: validate them against a stub
# (an object) instead of docs/blueprint.schema.json, whose format evolves.
BLUEPRINT_STUB="$HERE/fixtures/blueprint-stub.schema.json"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run_validator OUT_DIR... -> $TMP/out, $rc
run_validator() {
  "$PY" "$VALIDATOR" --blueprint-schema "$BLUEPRINT_STUB" "$@" >"$TMP/out" 2>&1
  rc=$?
}

error_lines() {  # the problem lines (not notes, not the summary)
  grep -v -e '^note: ' -e '^schemas: ' "$TMP/out"
}

# ---------------------------------------------------------------- the valid tree
run_validator "$VALID"
if [ "$rc" -ne 0 ]; then
  fail "schema-valid: exit $rc, expected 0"
  sed 's/^/    /' "$TMP/out"
else
  for want in "helmfile.yaml 1" "blueprint.json 1" "devspace.yaml 1" "Chart.yaml 3" "values.yaml 3" \
              "ConfigMap 1" "Deployment 1" "Job 1" "Namespace 1" "Service 1" \
              "IngressRoute (traefik.io) 1" "Middleware (traefik.containo.us) 1" \
              "structural check only: Role 1, RoleBinding 1, ServiceAccount 1"; do
    grep -q -F -- "$want" "$TMP/out" || fail "schema-valid: summary lacks '$want': $(tail -1 "$TMP/out")"
  done
  echo "ok   schema-valid: $(tail -1 "$TMP/out")"
fi

# ---------------------------------------------------------------- invalid trees
# case | number of errors | messages that must appear (fixed strings, separated by |)
CASES=$(cat <<'EOF'
deployment-replica-typo|1|/spec: k8s v1.20.0+v1.32.2: Additional properties are not allowed ('replica' was unexpected)
deployment-grpc-probe-1.20|1|readinessProbe: k8s v1.20.0: Additional properties are not allowed ('grpc' was unexpected)
chart-without-version|1|Chart.yaml: /: 'version' is a required property
ingressroute-v2-without-match|1|/spec/routes/0: traefik v2 CRD: 'match' is a required property
ingressroute-dangling-refs|2|/spec/routes/0/middlewares/0: Middleware demo/strip-prefix is not in this build|/spec/routes/0/services/0/port: Service demo/web has no port 'http' (has 80)
middleware-v3-unknown-field|2|/spec/headers: traefik v3 CRD: Additional properties are not allowed ('customRequestHeader' was unexpected)|/spec/addPrefix/prefix: traefik v3 CRD: 'api': must start with a '/'
label-value-bool|5|devstack.dev~1debug: plain scalar 'on' is ambiguous|devstack.dev~1public: plain scalar 'no' is ambiguous|devstack.dev~1enabled: label value must be a string, got boolean true|devstack.dev~1replicas: label value must be a string, got integer 3|devstack.dev~1owner: null value
annotation-int|2|helm.sh~1hook-weight: annotation value must be a string, got integer 5|/env/0/value: null value
stray-template-action|1|stray Helm template action '{{ .Values.x }}' at line 8
service-port-as-string|1|/spec/ports/0/targetPort: targetPort '8080' is a string
unknown-kind|1|/kind: no schema for Ingress
role-without-verbs|2|/rules/0/verb: unknown field 'verb'|/rules/0/verbs: verbs is required
helmfile-typo-and-needs|3|/releases/0/need: unknown release field 'need'|/releases/0/needs/0: needs 'demo/db' names no release|/releases/0/labels/team: plain scalar 'y' is ambiguous
devspace-unknown-field|2|devspace.yaml: /: devspace.json (closed): Additional properties are not allowed ('devImages' was unexpected)|/dev/web/sync/0: devspace.json (closed): Additional properties are not allowed ('excludePath' was unexpected)
blueprint-not-object|1|blueprint.json: /: [] is not of type 'object'
devspace-no-selector|4|/dev/web: DevSpace needs labelSelector or imageSelector|/version: DevSpace 6 config version is 'v2beta1'|/name: DevSpace rejects name 'App'|/dev/web/command: devspace.json (closed): 'npm run dev' does not match
EOF
)

total_expected=0
declare -A seen=()
while IFS='|' read -r name count rest; do
  [ -n "$name" ] || continue
  seen[$name]=1
  total_expected=$((total_expected + count))
  dir="$INVALID/$name"
  if [ ! -d "$dir" ]; then
    fail "$name: fixture $dir is missing"
    continue
  fi
  run_validator "$dir"
  ok=1
  if [ "$rc" -ne 1 ]; then
    fail "$name: exit $rc, expected 1"
    ok=0
  fi
  got=$(error_lines | wc -l)
  if [ "$got" -ne "$count" ]; then
    fail "$name: $got errors, expected $count"
    ok=0
  fi
  IFS='|' read -r -a wants <<<"$rest"
  for want in "${wants[@]}"; do
    if ! grep -q -F -- "$want" "$TMP/out"; then
      fail "$name: no line contains: $want"
      ok=0
    fi
  done
  if [ "$ok" -eq 1 ]; then
    echo "ok   $name: $count error(s) as expected"
  else
    sed 's/^/    /' "$TMP/out"
  fi
done <<<"$CASES"

for dir in "$INVALID"/*/; do
  name=$(basename "$dir")
  [ -n "${seen[$name]:-}" ] || fail "$name: fixture has no expectation in this script"
done

# All trees in one run: every error still reported, exit 1.
run_validator "$VALID" "$INVALID"/*/
got=$(error_lines | wc -l)
if [ "$rc" -ne 1 ] || [ "$got" -ne "$total_expected" ]; then
  fail "all trees at once: exit $rc with $got errors, expected exit 1 with $total_expected"
else
  echo "ok   all trees in one run: exit 1, $got errors"
fi

# The published devspace.json leaves objects open; the validator closes them because
# DevSpace decodes devspace.yaml with unknown fields as errors. Guard that premise.
"$PY" - "$HERE/../reference/schemas/devspace.json" <<'EOF' >"$TMP/out" 2>&1
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
errors = list(Draft202012Validator(schema).iter_errors({"version": "v2beta1", "name": "x", "devImages": {}}))
print("open" if not errors else "closed")
EOF
if grep -qx open "$TMP/out"; then
  echo "ok   devspace.json as published accepts unknown fields (hence the closed overlay)"
else
  fail "devspace.json as published now rejects unknown fields: $(cat "$TMP/out"); revisit close_objects()"
fi

# The real blueprint schema, when there is one, must at least be a valid JSON Schema.
REAL_BLUEPRINT="$HERE/../../docs/blueprint.schema.json"
if [ -f "$REAL_BLUEPRINT" ]; then
  if "$PY" -c '
import json, sys
from jsonschema.validators import validator_for
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
validator_for(schema, default=Draft202012Validator).check_schema(schema)
' "$REAL_BLUEPRINT" >"$TMP/out" 2>&1; then
    echo "ok   docs/blueprint.schema.json is a valid JSON Schema"
  else
    fail "docs/blueprint.schema.json is not a valid JSON Schema: $(tail -3 "$TMP/out")"
  fi
else
  echo "skip docs/blueprint.schema.json does not exist"
fi

# Bad usage exits 2.
"$PY" "$VALIDATOR" --schemas "$TMP/nowhere" "$VALID" >"$TMP/out" 2>&1
rc=$?
if [ "$rc" -eq 2 ]; then
  echo "ok   bad --schemas: exit 2"
else
  fail "bad --schemas: exit $rc, expected 2"
fi

if [ "$failures" -ne 0 ]; then
  echo "validate_schemas selftest: $failures failure(s)"
  exit 1
fi
echo "validate_schemas selftest: all passed"
