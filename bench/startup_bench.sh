#!/usr/bin/env bash
# Start-up benchmark: what a pre-commit hook pays for one `dsc check` of a small fleet,
# against a process that does nothing.
#
#   bench/startup_bench.sh                 # build/dsc (built first)
#   RUNS=50 DSC=/path/to/dsc bench/startup_bench.sh
#
# Times, with hyperfine -N (one core, `taskset -c 0`), interleaved in one run:
#   floor          a C++ program that prints one line (g++ -O2, libstdc++ only)
#   dsc --version  `dsc --version`: loading dsc and its libraries, nothing else
#   check 20       `dsc check` of gen_workload.py's 20-service fleet
#   check example  `dsc check examples/marketplace/marketplace.ds` (a fleet and its team files)
# and prints a Markdown table of medians. Issue 17 asks for `dsc check` of a 20-service
# fleet under 50 ms as a whole process. See bench/README.md, "Start-up".
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUNS="${RUNS:-30}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

die() { echo "startup_bench.sh: $*" >&2; exit 1; }
command -v hyperfine >/dev/null || die "hyperfine is needed (apt-get install hyperfine)"
command -v g++ >/dev/null || die "g++ is needed to compile the floor"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
ensure_dsc "$ROOT" "$BUILD_DIR"
DSC="$(cd "$(dirname "$DSC")" && pwd)/$(basename "$DSC")"

WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/dsc-startup.XXXXXX")}"
mkdir -p "$WORK"
printf '#include <cstdio>\nint main() { std::puts("floor"); }\n' >"$WORK/floor.cpp"
g++ -O2 "$WORK/floor.cpp" -o "$WORK/floor"
python3 "$ROOT/bench/scale/gen_workload.py" 20 -o "$WORK/fleet-20.ds"
"$DSC" check "$WORK/fleet-20.ds" >/dev/null || die "dsc check fails on the 20-service fleet"
EXAMPLE="$ROOT/examples/marketplace/marketplace.ds"

taskset -c 0 true 2>/dev/null && PIN=(taskset -c 0) || PIN=()
"${PIN[@]}" hyperfine -N -w 5 -r "$RUNS" --export-json "$WORK/startup.json" \
  -n floor "$WORK/floor" \
  -n "dsc --version" "$DSC --version" \
  -n "check 20" "$DSC check $WORK/fleet-20.ds" \
  -n "check example" "$DSC check $EXAMPLE" >&2

python3 - "$WORK/startup.json" <<'EOF'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
print("| command | median (ms) | min (ms) |")
print("|---|---:|---:|")
for r in results:
    print(f"| {r['command']} | {statistics.median(r['times']) * 1000:.1f} | {min(r['times']) * 1000:.1f} |")
EOF
