#!/usr/bin/env bash
# Benchmark `dsc check` on generated fleets of 100, 1000 and 10000 services.
#
#   bench/check_bench.sh                    # build if needed, then benchmark
#   SIZES="100 500" RUNS=3 bench/check_bench.sh
#   DSC=/path/to/dsc bench/check_bench.sh   # benchmark another binary
#   SIZES=20 RUNS=30 MAX_MS=50 bench/check_bench.sh   # the pre-commit budget (exit 1 if over)
#
# Prints a table of services vs. mean wall time and time per service. Uses
# hyperfine when installed (its Markdown reports are kept in the work dir),
# else a loop timed with `date +%s%N`. Pinned to one core with `taskset -c 0`
# when taskset exists, so numbers are comparable between machines and runs.
# NO_HYPERFINE=1 forces the bash loop.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${SIZES:-100 1000 10000}"
RUNS="${RUNS:-5}"
MAX_MS="${MAX_MS:-}"  # when set: exit 1 if any size's mean is above it
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
HYPERFINE=0
if [[ "${NO_HYPERFINE:-0}" != 1 ]] && command -v hyperfine >/dev/null; then HYPERFINE=1; fi

# --- the binary ----------------------------------------------------------------
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
ensure_dsc "$ROOT" "$BUILD_DIR"
[[ -x "$DSC" ]] || { echo "check_bench.sh: $DSC is not executable" >&2; exit 1; }

# Pin this shell to CPU 0 (`taskset -c 0`); everything it starts inherits that,
# so each timed command runs on one core without a taskset exec of its own.
PINNED=""
if command -v taskset >/dev/null && taskset -cp 0 $$ >/dev/null 2>&1; then
  PINNED=", pinned to CPU 0"
else
  echo "check_bench.sh: cannot pin to CPU 0 with taskset; running unpinned" >&2
fi

WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/dsc-bench.XXXXXX")}"
mkdir -p "$WORK"
echo "== work dir: $WORK" >&2

# --- generate and sanity-check ------------------------------------------------
for n in $SIZES; do
  f="$WORK/fleet-$n.ds"
  python3 "$ROOT/bench/gen_fleet.py" "$n" -o "$f"
  # A benchmark of a failing check measures the wrong thing: insist on a clean one.
  if ! out="$("$DSC" check "$f" 2>&1)"; then
    echo "check_bench.sh: dsc check fails on the generated $n-service fleet:" >&2
    echo "$out" | head -20 >&2
    exit 1
  fi
  if [[ -n "$out" ]]; then
    echo "check_bench.sh: warning: dsc check printed diagnostics for $n services:" >&2
    echo "$out" | head -10 >&2
  fi
done

# --- time ----------------------------------------------------------------------
# mean_ms N: mean wall time of `dsc check` on the N-service fleet, in ms.
mean_ms() {
  local n="$1" f="$WORK/fleet-$1.ds"
  if ((HYPERFINE)); then
    hyperfine --style basic --warmup 1 --runs "$RUNS" -N \
      --export-markdown "$WORK/bench-$n.md" --export-json "$WORK/bench-$n.json" \
      "$DSC check $f" >&2
    python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]))["results"][0]["mean"] * 1000))' \
      "$WORK/bench-$n.json"
  else
    "$DSC" check "$f" >/dev/null 2>&1  # warm-up
    local total=0 i start end
    for ((i = 0; i < RUNS; i++)); do
      start=$(date +%s%N)
      "$DSC" check "$f" >/dev/null 2>&1
      end=$(date +%s%N)
      total=$((total + end - start))
    done
    awk -v t="$total" -v r="$RUNS" 'BEGIN { printf "%.3f\n", t / r / 1e6 }'
  fi
}

declare -A MEAN
for n in $SIZES; do
  echo "== $n services" >&2
  MEAN[$n]="$(mean_ms "$n")"
done

echo
echo "dsc check, mean of $RUNS runs$PINNED:"
printf '| %8s | %10s | %12s | %16s |\n' "services" "file (KiB)" "time (ms)" "per service (us)"
printf '|%s|%s|%s|%s|\n' "----------" "------------" "--------------" "------------------"
for n in $SIZES; do
  size_kib=$(( $(wc -c <"$WORK/fleet-$n.ds") / 1024 ))
  per=$(awk -v t="${MEAN[$n]}" -v n="$n" 'BEGIN { printf "%.1f", t * 1000 / n }')
  printf '| %8s | %10s | %12s | %16s |\n' "$n" "$size_kib" "${MEAN[$n]}" "$per"
done
if ((HYPERFINE)); then
  echo
  echo "hyperfine reports: $WORK/bench-*.md"
fi
if [[ -n "$MAX_MS" ]]; then
  over=0
  for n in $SIZES; do
    if awk -v t="${MEAN[$n]}" -v m="$MAX_MS" 'BEGIN { exit !(t > m) }'; then
      echo "check_bench.sh: $n services: ${MEAN[$n]} ms is over the budget of $MAX_MS ms" >&2
      over=1
    fi
  done
  ((over == 0)) && echo && echo "Every size within the budget of $MAX_MS ms."
  exit "$over"
fi
