#!/usr/bin/env bash
# How many requests `dsc apply` sends while it waits for a fleet to become ready.
#
#   bench/wait_requests.sh                          # N=500, build/dsc
#   N=500 DSC=build/dsc OTHER_DSC=/tmp/old/dsc bench/wait_requests.sh
#
# Why: readiness used to be a GET per Deployment per poll (500 services: ~38,700 requests,
# 300-500 a second, while the apiserver rolled them out); it is now one LIST per kind and
# namespace that every waiting release shares. This counts both kinds of request.
#
# What: a private control plane (scripts/envtest/up.sh) and the stand-in kubelet
# (tests/runtime/kubelet.py, which makes pods ready as they are scheduled); a generated
# fleet of N independent services (bench/gen_apply_fleet.py); `dsc apply` with waiting on,
# DSC_TRACE_HTTP=1; then the requests counted by method, and for GET, split into single
# objects and lists. With OTHER_DSC, that binary is measured the same way in a second
# namespace (for a before/after in one run). Prints a Markdown table.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3
N="${N:-500}"
DSC="${DSC:-$ROOT/build/dsc}"
WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/wait-requests.XXXXXX")}"
STATE="$WORK/envtest"
mkdir -p "$WORK"

cleanup() {
  [[ -n "${KUBELET_PID:-}" ]] && kill "$KUBELET_PID" 2>/dev/null || true
  "$ROOT/scripts/envtest/down.sh" "$STATE" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$ROOT/scripts/envtest/up.sh" "$STATE" >&2
# shellcheck source=/dev/null
source "$STATE/env"
"$PY" "$ROOT/tests/runtime/kubelet.py" --log "$WORK/kubelet.log" &
KUBELET_PID=$!

# measure LABEL BINARY NAMESPACE: one waited apply, its requests counted
measure() {
  local label=$1 bin=$2 ns=$3 t0 t1
  "$PY" "$ROOT/bench/gen_apply_fleet.py" "$N" --namespace "$ns" -o "$WORK/$ns.ds"
  "$bin" build "$WORK/$ns.ds" -o "$WORK/$ns" >"$WORK/$ns.build.log" 2>&1 \
    || { cat "$WORK/$ns.build.log" >&2; exit 1; }
  t0=$(date +%s%N)
  DSC_TRACE_HTTP=1 "$bin" apply "$WORK/$ns" --kubeconfig "$KUBECONFIG" --timeout 600s \
    >"$WORK/$ns.out" 2>"$WORK/$ns.trace" || { tail "$WORK/$ns.out" >&2; exit 1; }
  t1=$(date +%s%N)
  "$PY" - "$WORK/$ns.trace" "$label" "$(((t1 - t0) / 1000000))" <<'PYEOF'
import re, sys
path, label, ms = sys.argv[1], sys.argv[2], sys.argv[3]
counts = {}
for line in open(path):
    m = re.match(r"http\s+\S+\s+(\S+)\s+(\S+)\s+->", line)
    if not m:
        continue
    method, url = m.groups()
    if method == "GET":
        parts = url.strip("/").split("/")
        rest = parts[2:] if parts[0] == "api" else parts[3:]  # after the group-version
        if rest[:1] == ["namespaces"] and len(rest) >= 3:
            rest = rest[2:]  # a namespaced resource
        kind = {0: "discovery", 1: "list"}.get(len(rest), "one object")
        method = "GET (%s)" % kind
    counts[method] = counts.get(method, 0) + 1
total = sum(counts.values())
detail = ", ".join("%s %d" % kv for kv in sorted(counts.items()))
print("| %s | %s | %d | %s |" % (label, ms, total, detail))
PYEOF
}

echo "## wait_requests: $N services, waited to ready"
echo
echo "| dsc | apply (ms) | requests | by kind |"
echo "|---|---:|---:|---|"
measure "$("$DSC" --version | head -1)" "$DSC" "wait-a"
if [[ -n "${OTHER_DSC:-}" ]]; then
  measure "$("$OTHER_DSC" --version | head -1) (OTHER_DSC)" "$OTHER_DSC" "wait-b"
fi
