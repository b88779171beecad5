#!/usr/bin/env bash
# Self-test of the real-apiserver conformance harness (scripts/envtest/*, kube_dry_run.py):
#   1. a valid hand-written output tree (fixtures/minimal) must be accepted;
#   2. every object of fixtures/invalid must be rejected BY THE SERVER, with the apiserver's
#      own message in the output (proves the check can fail, so a pass means something),
#      including a Traefik field the server silently prunes;
#   3. leftover Helm template syntax must be reported without reaching the server.
# Builds the binaries first if they are not cached (several minutes, once per machine).
# The control plane lives in a temp dir and is stopped on every exit path.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3 # Debian's python with python3-yaml, not pyenv's
DRY_RUN=("$PY" "$HERE/kube_dry_run.py")

"$REPO/scripts/envtest/build.sh"

STATE=$(mktemp -d "${TMPDIR:-/tmp}/dsc-envtest-selftest.XXXXXX")
PLANE="$STATE/plane"
cleanup() {
  "$REPO/scripts/envtest/down.sh" "$PLANE" || true
  rm -rf "$STATE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$REPO/scripts/envtest/up.sh" "$PLANE"
DRY_RUN+=(--state "$PLANE")

failed=0
check() { # check DESCRIPTION EXPECTED_RC OUTPUT_FILE ACTUAL_RC PATTERN...: all must match
  local what=$1 want=$2 out=$3 got=$4; shift 4
  local ok=1 pat
  [[ "$got" == "$want" ]] || ok=0
  for pat in "$@"; do grep -qF -- "$pat" "$out" || { ok=0; echo "  missing: $pat"; }; done
  if ((ok)); then
    echo "ok: $what"
  else
    echo "FAIL: $what (exit $got, wanted $want); output:"
    sed 's/^/  | /' "$out"
    failed=1
  fi
}

# 1. The valid tree is accepted (4 objects: Deployment, Service, v3 IngressRoute, v2 Middleware).
rc=0; "${DRY_RUN[@]}" "$HERE/fixtures/minimal" >"$STATE/minimal.out" 2>&1 || rc=$?
check "valid fixture accepted" 0 "$STATE/minimal.out" "$rc" \
  "dry-run: 4 objects accepted in 4 files"

# 2a. The invalid tree fails, and each rejection carries the apiserver's message.
rc=0; "${DRY_RUN[@]}" "$HERE/fixtures/invalid" >"$STATE/invalid.out" 2>&1 || rc=$?
check "invalid fixture rejected with the apiserver's messages" 1 "$STATE/invalid.out" "$rc" \
  'configmap-bad-name.yaml: ConfigMap dsc-invalid/Bad_Name: 422 ConfigMap "Bad_Name" is invalid' \
  'deployment-unknown-field.yaml: Deployment dsc-invalid/unknown-field: 500 failed to create typed patch object: .spec.replicaz: field not declared in schema' \
  'ingressroute-bad-kind.yaml: IngressRoute dsc-invalid/bad-kind: 422' \
  'spec.routes.kind: Unsupported value: "Bogus": supported values: "Rule"' \
  'service-no-protocol.yaml: Service dsc-invalid/no-protocol: 500 failed to create typed patch object: .spec.ports: element 0: associative list with keys has an element that omits key field "protocol"' \
  'middleware-unknown-field.yaml: Middleware dsc-invalid/unknown-field: 201 accepted, but the server pruned fields the CRD schema does not declare: spec.headerz' \
  "dry-run: 5 failures, 5 objects sent in 5 files"

# 2b. The --expect-reject mode agrees: the server rejected every object.
rc=0; "${DRY_RUN[@]}" --expect-reject "$HERE/fixtures/invalid" >"$STATE/reject.out" 2>&1 || rc=$?
check "--expect-reject on the invalid fixture" 0 "$STATE/reject.out" "$rc" \
  "expect-reject: all 5 objects rejected in 5 files"
# ... and fails when given objects the server accepts.
rc=0; "${DRY_RUN[@]}" --expect-reject "$HERE/fixtures/minimal" >"$STATE/reject2.out" 2>&1 || rc=$?
check "--expect-reject on the valid fixture fails" 1 "$STATE/reject2.out" "$rc" \
  "expect-reject: 4 of 4 objects were NOT rejected by the server"

# 3. Template syntax other than Helm's `{{ "{{" }}` escape is reported (a copy of the valid
#    tree with one real template action added).
cp -r "$HERE/fixtures/minimal" "$STATE/templated"
echo '# {{ .Values.note }} (Helm evaluates actions in comments too)' \
  >>"$STATE/templated/charts/demo/templates/service-demo.yaml"
rc=0; "${DRY_RUN[@]}" "$STATE/templated" >"$STATE/templated.out" 2>&1 || rc=$?
check "leftover template syntax reported" 1 "$STATE/templated.out" "$rc" \
  'service-demo.yaml: unexpected Helm template syntax "{{"'

exit "$failed"
