#!/usr/bin/env bash
# Benchmark `dsc apply` against `kubectl apply --server-side` on a generated 100-service fleet.
#
#   bench/apply_bench.sh                        # build dsc if needed, then benchmark
#   N=50 RUNS=3 bench/apply_bench.sh
#   DSC=/path/to/dsc MIN_SPEEDUP=2 bench/apply_bench.sh
#
# Why: the requirement is that dsc applies a 100-service fleet (Deployment + Service +
# IngressRoute per service = 300 objects) at least 2x faster end to end than
# `kubectl apply --server-side` applies the same manifests, both measured in the same run
# against the same control plane. This script is that measurement.
#
# What: it starts its own private control plane (scripts/envtest/up.sh: etcd +
# kube-apiserver + kube-controller-manager v1.20.2 on loopback, Traefik CRDs; stopped by
# down.sh on exit), then for each of RUNS runs, in a fresh namespace per tool and run
# (bench-kubectl-I, bench-dsc-I: the fleet is generated and built per namespace, untimed):
#   kubectl: create the namespace (untimed), time `kubectl apply --server-side -f all.yaml`
#            (all.yaml = the rendered chart templates concatenated), let the controllers
#            settle, time the same apply again (unchanged re-apply);
#   dsc:     time `dsc apply DIR --no-wait` (dsc creates its own namespace: part of its
#            work), settle, time it again (unchanged re-apply).
#   floors:  for each mode in FLOOR ("apply create"), create the namespace (untimed), then
#            time bench/apply_floor.py: the objects as server-side applies (kubectl's
#            requests) or as creates (dsc's), FLOOR_PARALLEL (32) at a time from one curl,
#            and nothing else: what the control plane needs for them.
# After each create it checks that the namespace holds N Deployments, N Services and
# N IngressRoutes (a tool that skipped work would otherwise look fast), and after each
# re-apply it counts objects whose resourceVersion changed (writes a no-op apply caused).
# The namespace is deleted (and waited for) before the next run so every create starts
# from the same cluster state; the tool going first alternates between runs. kubectl gets
# a warm discovery cache (one untimed `kubectl api-resources`). No kubelet runs, so the
# pods stay Pending: neither tool waits for rollout (kubectl never does; dsc: --no-wait).
#
# Prints a Markdown table (median and every run, in ms) and the speedups; exits 1 if dsc's
# create median is not at least MIN_SPEEDUP times faster than kubectl's, or if `dsc apply`
# is not available (after still measuring and printing the kubectl half).
#
# Settings (environment): N (100 services), RUNS (5), MIN_SPEEDUP (2), SETTLE (2 s: pause
# after the controllers caught up, before a re-apply), FLOOR ("apply create"), FLOOR_PARALLEL (32), DSC (binary; default: build
# BUILD_DIR's dsc), BUILD_DIR (build), WORK (new mktemp dir: fleets, manifests, logs, report).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3 # Debian's python (python3-yaml), as scripts/envtest/ uses
N="${N:-100}"
RUNS="${RUNS:-5}"
MIN_SPEEDUP="${MIN_SPEEDUP:-2}"
SETTLE="${SETTLE:-2}"
FLOOR="${FLOOR:-apply create}" # the floors to time (apply_floor.py): SSA, POST; "" for none
FLOOR_PARALLEL="${FLOOR_PARALLEL:-32}" # dsc apply's --concurrency default
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

die() { echo "apply_bench.sh: $*" >&2; exit 1; }
[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
command -v kubectl >/dev/null || die "kubectl not found"

# --- the binary ----------------------------------------------------------------------
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
ensure_dsc "$ROOT" "$BUILD_DIR"
[[ -x "$DSC" ]] || die "$DSC is not executable"
DSC_APPLY=1
if ! "$DSC" apply --help >/dev/null 2>&1; then
  DSC_APPLY=0
  echo "apply_bench.sh: WARNING: dsc apply not available in $DSC; measuring kubectl only," \
    "then failing" >&2
fi

# --- work dir, control plane -----------------------------------------------------------
WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/apply-bench.XXXXXX")}"
mkdir -p "$WORK/logs"
STATE="$WORK/envtest"
KCACHE="$WORK/kube-cache" # kubectl's discovery cache: private, warmed once below
echo "== work dir: $WORK" >&2

cleanup() {
  local rc=$?
  "$ROOT/scripts/envtest/down.sh" "$STATE" >/dev/null 2>&1 || true
  ((rc == 0)) || echo "apply_bench.sh: failed (exit $rc); logs in $WORK/logs, $STATE/logs" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== starting the control plane" >&2
"$ROOT/scripts/envtest/up.sh" "$STATE" >&2
# shellcheck source=/dev/null
source "$STATE/env" # KUBECONFIG (and DSC_ENVTEST_*) for kubectl and dsc
KC=(kubectl --cache-dir "$KCACHE")

# --- fleets: generated and built per namespace, untimed ---------------------------------
# render NAMESPACE: WORK/NAMESPACE.ds -> WORK/NAMESPACE/ (dsc build output)
render() {
  local ns=$1
  "$PY" "$ROOT/bench/gen_apply_fleet.py" "$N" --namespace "$ns" -o "$WORK/$ns.ds"
  # Past 5,000 services the build's entity limit (DS2022) must be raised explicitly.
  local limit=()
  ((N <= 5000)) || limit=(--max-entities "$N")
  "$DSC" build "$WORK/$ns.ds" -o "$WORK/$ns" "${limit[@]}" >"$WORK/logs/build-$ns.log" 2>&1 \
    || { cat "$WORK/logs/build-$ns.log" >&2; die "dsc build failed for $ns"; }
}

# manifest DIR OUT: concatenate DIR's rendered chart templates into one multi-document
# file for kubectl. Templates hold plain YAML except Helm's escape for a literal `{{`,
# written `{{ "{{" }}`, which is undone here; any other template directive means the
# charts need helm to render, and this comparison would be wrong: refuse.
manifest() {
  "$PY" - "$1" "$2" "$((3 * N))" <<'PYEOF'
import glob, os, sys
import yaml
src, out, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
ESC = '{{ "{{" }}'
files = sorted(glob.glob(os.path.join(src, "charts", "*", "templates", "*.yaml")))
docs = []
for f in files:
    with open(f) as fh:
        text = fh.read()
    if "{{" in text.replace(ESC, ""):
        sys.exit("apply_bench.sh: %s holds Helm template directives; cannot render without helm" % f)
    text = text.replace(ESC, "{{")
    docs.append(text if text.endswith("\n") else text + "\n")
joined = "---\n".join(docs)
n = sum(1 for d in yaml.safe_load_all(joined) if d)
if n != want:
    sys.exit("apply_bench.sh: %s: %d objects in the templates, want %d" % (src, n, want))
with open(out, "w") as fh:
    fh.write(joined)
PYEOF
}

# --- helpers -----------------------------------------------------------------------------
now_ns() { date +%s%N; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }

# count NS RESOURCE: objects of RESOURCE in NS
count() { "${KC[@]}" -n "$1" get "$2" -o name 2>/dev/null | wc -l; }

# verify NS TOOL: the namespace holds exactly N of each emitted kind
verify() {
  local ns=$1 tool=$2 r c
  for r in deployments.apps services ingressroutes.traefik.io; do
    c=$(count "$ns" "$r")
    ((c == N)) || die "$tool: namespace $ns holds $c $r after the apply, want $N"
  done
}

# settle NS: wait until the controllers created the N pods (ReplicaSets, then pods), then
# SETTLE more seconds, so their writes do not overlap the next timed apply.
settle() {
  # The controllers make ~20 pods a second here: 2 minutes, plus a second per 5 services.
  local ns=$1 limit=$((120 + N / 5))
  local deadline=$((SECONDS + limit))
  until (($(count "$ns" pods) >= N)); do
    ((SECONDS < deadline)) || die "controllers did not create $N pods in $ns within $limit s"
    sleep 0.5
  done
  sleep "$SETTLE"
}

# rvs NS: "kind/name resourceVersion" for the emitted kinds, sorted
rvs() {
  "${KC[@]}" -n "$1" get deployments.apps,services,ingressroutes.traefik.io \
    -o jsonpath='{range .items[*]}{.kind}/{.metadata.name} {.metadata.resourceVersion}{"\n"}{end}' | sort
}

# writes BEFORE AFTER: how many objects' resourceVersion changed
writes() { comm -13 "$1" "$2" | wc -l; }

drop_ns() { # delete a namespace and wait until it is gone (untimed)
  "${KC[@]}" delete namespace "$1" --wait=false >/dev/null
  # The namespace controller deletes ~20 objects a second here, pods included.
  local limit=$((180 + N / 5))
  "${KC[@]}" wait --for=delete "namespace/$1" --timeout="${limit}s" >/dev/null 2>&1 \
    || die "namespace $1 not deleted within $limit s"
}

declare -a K_CREATE=() K_REAPPLY=() K_WRITES=() K_DESTROY=()
declare -a D_CREATE=() D_REAPPLY=() D_WRITES=() D_SENT=() D_DESTROY=()
declare -A F_CREATE=() # floor mode -> its create times, comma-separated

# The control plane's floors (apply_floor.py): the objects kubectl applies, sent
# FLOOR_PARALLEL at a time from one curl process, and nothing else: as the server-side
# applies kubectl sends (`apply`), or as the creates (POST) dsc sends for objects that do
# not exist yet (`create`). A client that sends those requests cannot create faster.
run_floor() { # run_floor I MODE
  local i=$1 mode=$2 ns="bench-floor-$1" ms flag=()
  [[ "$mode" == create ]] && flag=(--create)
  "${KC[@]}" create namespace "$ns" >/dev/null
  ms=$("$PY" "$ROOT/bench/apply_floor.py" "$WORK/$ns.yaml" "$ns" --kubeconfig "$KUBECONFIG" \
    --parallel "$FLOOR_PARALLEL" "${flag[@]}" --work "$WORK/floor-$i-$mode" \
    2>"$WORK/logs/floor-$mode-$i.log") \
    || { tail -5 "$WORK/logs/floor-$mode-$i.log" >&2; die "the $mode floor's run $i failed"; }
  F_CREATE[$mode]+="${F_CREATE[$mode]:+,}$ms"
  verify "$ns" "$mode floor"
  echo "   $mode floor run $i: create $ms ms" >&2
  settle "$ns"
  drop_ns "$ns"
}

run_kubectl() { # run_kubectl I
  local i=$1 ns="bench-kubectl-$1" t
  "${KC[@]}" create namespace "$ns" >/dev/null
  t=$(now_ns)
  "${KC[@]}" apply --server-side -f "$WORK/$ns.yaml" >"$WORK/logs/kubectl-create-$i.log" 2>&1 \
    || { tail -20 "$WORK/logs/kubectl-create-$i.log" >&2; die "kubectl create run $i failed"; }
  K_CREATE+=("$(ms_since "$t")")
  verify "$ns" kubectl
  settle "$ns"
  rvs "$ns" >"$WORK/logs/kubectl-rv-before-$i"
  t=$(now_ns)
  "${KC[@]}" apply --server-side -f "$WORK/$ns.yaml" >"$WORK/logs/kubectl-reapply-$i.log" 2>&1 \
    || { tail -20 "$WORK/logs/kubectl-reapply-$i.log" >&2; die "kubectl re-apply run $i failed"; }
  K_REAPPLY+=("$(ms_since "$t")")
  rvs "$ns" >"$WORK/logs/kubectl-rv-after-$i"
  K_WRITES+=("$(writes "$WORK/logs/kubectl-rv-before-$i" "$WORK/logs/kubectl-rv-after-$i")")
  # Deletion requests sent (not waited for: neither tool waits for garbage collection).
  t=$(now_ns)
  "${KC[@]}" delete --wait=false -f "$WORK/$ns.yaml" >"$WORK/logs/kubectl-delete-$i.log" 2>&1 \
    || { tail -20 "$WORK/logs/kubectl-delete-$i.log" >&2; die "kubectl delete run $i failed"; }
  K_DESTROY+=("$(ms_since "$t")")
  echo "   kubectl run $i: create ${K_CREATE[-1]} ms, re-apply ${K_REAPPLY[-1]} ms, delete ${K_DESTROY[-1]} ms" >&2
  drop_ns "$ns"
}

run_dsc() { # run_dsc I
  local i=$1 ns="bench-dsc-$1" t rc
  t=$(now_ns)
  rc=0
  "$DSC" apply "$WORK/$ns" --kubeconfig "$KUBECONFIG" --no-wait \
    >"$WORK/logs/dsc-create-$i.log" 2>&1 || rc=$?
  ((rc == 0)) || { tail -20 "$WORK/logs/dsc-create-$i.log" >&2; die "dsc apply create run $i failed (exit $rc)"; }
  D_CREATE+=("$(ms_since "$t")")
  verify "$ns" dsc
  settle "$ns"
  rvs "$ns" >"$WORK/logs/dsc-rv-before-$i"
  t=$(now_ns)
  # DSC_TRACE_HTTP=1: one stderr line per request dsc sends, to count its writes.
  DSC_TRACE_HTTP=1 "$DSC" apply "$WORK/$ns" --kubeconfig "$KUBECONFIG" --no-wait \
    >"$WORK/logs/dsc-reapply-$i.log" 2>"$WORK/logs/dsc-reapply-$i.trace" || rc=$?
  ((rc == 0)) || { tail -20 "$WORK/logs/dsc-reapply-$i.log" >&2; die "dsc apply re-apply run $i failed (exit $rc)"; }
  D_REAPPLY+=("$(ms_since "$t")")
  D_SENT+=("$(grep '^http ' "$WORK/logs/dsc-reapply-$i.trace" | grep -cv ' GET ' || true)")
  rvs "$ns" >"$WORK/logs/dsc-rv-after-$i"
  D_WRITES+=("$(writes "$WORK/logs/dsc-rv-before-$i" "$WORK/logs/dsc-rv-after-$i")")
  # Its objects, its records and the namespace it created (deletion not waited for).
  t=$(now_ns)
  "$DSC" destroy "$WORK/$ns" --kubeconfig "$KUBECONFIG" >"$WORK/logs/dsc-destroy-$i.log" 2>&1 \
    || { tail -20 "$WORK/logs/dsc-destroy-$i.log" >&2; die "dsc destroy run $i failed"; }
  D_DESTROY+=("$(ms_since "$t")")
  local left
  left=$("${KC[@]}" -n "$ns" get configmaps -l devstack.io/inventory=true -o name | wc -l)
  ((left == 0)) || die "dsc destroy run $i left $left record ConfigMaps in $ns"
  echo "   dsc run $i: create ${D_CREATE[-1]} ms, re-apply ${D_REAPPLY[-1]} ms, delete ${D_DESTROY[-1]} ms" >&2
  drop_ns "$ns"
}

median() { # median V...: of integers
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
join_by() { local IFS=$1; shift; echo "$*"; }

# --- prepare -----------------------------------------------------------------------------
echo "== generating and building $RUNS x 2 fleets of $N services" >&2
for ((i = 1; i <= RUNS; i++)); do
  render "bench-kubectl-$i"
  manifest "$WORK/bench-kubectl-$i" "$WORK/bench-kubectl-$i.yaml"
  render "bench-dsc-$i"
  if [[ -n "$FLOOR" ]]; then
    render "bench-floor-$i"
    manifest "$WORK/bench-floor-$i" "$WORK/bench-floor-$i.yaml"
  fi
done
"${KC[@]}" api-resources >/dev/null # warm kubectl's discovery cache (untimed)

# --- measure -----------------------------------------------------------------------------
for ((i = 1; i <= RUNS; i++)); do
  if ((DSC_APPLY == 0)); then
    echo "== run $i/$RUNS: kubectl" >&2
    run_kubectl "$i"
  elif ((i % 2)); then
    echo "== run $i/$RUNS: kubectl, then dsc" >&2
    run_kubectl "$i"; run_dsc "$i"
  else
    echo "== run $i/$RUNS: dsc, then kubectl" >&2
    run_dsc "$i"; run_kubectl "$i"
  fi
  for mode in $FLOOR; do run_floor "$i" "$mode"; done
done

# --- report ------------------------------------------------------------------------------
KCM=$(median "${K_CREATE[@]}") KRM=$(median "${K_REAPPLY[@]}") KDM=$(median "${K_DESTROY[@]}")
DCM="" DRM="" DDM=""
if ((DSC_APPLY)); then
  DCM=$(median "${D_CREATE[@]}") DRM=$(median "${D_REAPPLY[@]}") DDM=$(median "${D_DESTROY[@]}")
fi
{
  echo "## apply_bench: $N services ($((3 * N)) objects), $RUNS runs"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sm);" \
    "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Control plane: envtest kube-apiserver v1.20.2 (loopback). $(kubectl version --client 2>/dev/null | head -1)." \
    "dsc: $("$DSC" --version 2>/dev/null | head -1)."
  echo
  echo "| tool | create median (ms) | create runs (ms) | re-apply median (ms) | re-apply runs (ms) | re-apply writes | delete median (ms) | delete runs (ms) |"
  echo "|---|---:|---|---:|---|---|---:|---|"
  echo "| \`kubectl apply --server-side\` / \`kubectl delete -f\` | $KCM | $(join_by , "${K_CREATE[@]}") | $KRM | $(join_by , "${K_REAPPLY[@]}") | $(join_by , "${K_WRITES[@]}") | $KDM | $(join_by , "${K_DESTROY[@]}") |"
  if ((DSC_APPLY)); then
    echo "| \`dsc apply --no-wait\` / \`dsc destroy\` | $DCM | $(join_by , "${D_CREATE[@]}") | $DRM | $(join_by , "${D_REAPPLY[@]}") | $(join_by , "${D_WRITES[@]}") | $DDM | $(join_by , "${D_DESTROY[@]}") |"
    echo
    echo "Speedup of dsc over kubectl (median kubectl / median dsc): create **$(ratio "$KCM" "$DCM")x**," \
      "unchanged re-apply **$(ratio "$KRM" "$DRM")x**, delete **$(ratio "$KDM" "$DDM")x** (required: create >= ${MIN_SPEEDUP}x)."
  else
    echo "| \`dsc apply --no-wait\` | n/a | dsc apply not available | n/a | | |"
  fi
  for mode in $FLOOR; do
    IFS=, read -r -a runs <<<"${F_CREATE[$mode]}"
    FCM=$(median "${runs[@]}")
    if [[ "$mode" == apply ]]; then what="server-side applies"; else what="creates (POST)"; fi
    echo
    echo "Control plane floor, $mode (bench/apply_floor.py: the $((3 * N)) objects as $what," \
      "$FLOOR_PARALLEL at a time from one curl, nothing else): create median **$FCM** ms" \
      "(runs ${F_CREATE[$mode]}); kubectl over it: **$(ratio "$KCM" "$FCM")x**, dsc over it:" \
      "$(ratio "${DCM:-0}" "$FCM")x."
  done
  echo
  echo "re-apply writes: objects (of the $((3 * N)) applied) whose resourceVersion the unchanged re-apply changed"
  echo "(the controllers keep updating Deployment status while pods are created, so this counts their writes too)."
  if ((${#D_SENT[@]})); then
    echo "Requests other than GET that dsc's unchanged re-apply sent (DSC_TRACE_HTTP): $(join_by , "${D_SENT[@]}")."
  fi
} | tee "$WORK/report.md"
echo >&2
echo "report: $WORK/report.md" >&2

((DSC_APPLY)) || die "dsc apply not available ($DSC apply --help fails): only kubectl was measured"
ok=$(awk -v k="$KCM" -v d="$DCM" -v m="$MIN_SPEEDUP" 'BEGIN { print (d > 0 && k / d >= m) ? 1 : 0 }')
((ok)) || die "dsc create median ${DCM} ms is not ${MIN_SPEEDUP}x faster than kubectl's ${KCM} ms"
