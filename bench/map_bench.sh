#!/usr/bin/env bash
# Benchmark `dsc check` on one service with N env entries (and a fork overriding half of
# them, and N labels), and the peak memory of a fleet of 100,000 entities with and without
# the entity limit — issue 14's "maps are linear" and "memory is bounded" in numbers.
#
#   bench/map_bench.sh                       # N = 100000 and 1000000
#   SIZES="100000 200000 400000" bench/map_bench.sh
#   MAX_RATIO=15 bench/map_bench.sh          # exit 1 when time(largest)/time(smallest) is
#                                            # more than MAX_RATIO times the size ratio's
#                                            # linear share (default: 2x linear)
#
# Prints, per N: wall seconds and peak RSS (GNU time), and the scaling against the
# smallest N. Then the 100k-entity fleet: refused by the default limit (DS2022) and
# checked with --max-entities 200000.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${SIZES:-100000 1000000}"
SLACK="${SLACK:-2}"  # how far above linear the largest size may be
DSC="${DSC:-$ROOT/build/dsc}"
[[ -x "$DSC" ]] || { echo "map_bench.sh: build dsc first ($DSC)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "map_bench.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dsc-map-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

gen_env() {  # N FILE: one service, N env entries referencing an infra, a fork, N/2 labels
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    w = f.write
    w('import "std/aws"\nfleet shop {}\ninfra q: aws.sqs {}\nservice api {\n')
    w('  image = "ghcr.io/acme/api:1"\n  env {\n')
    for i in range(n):
        w('    V%d = q.url\n' % i)
    w('  }\n  labels {\n')
    for i in range(n // 2):
        w('    l%d = "x"\n' % i)
    w('  }\n}\nfeature f {\n  fork api {\n    env {\n')
    for i in range(0, n, 2):
        w('      V%d = "y"\n' % i)
    w('    }\n  }\n}\n')
PY
}

gen_entities() {  # N FILE: N services
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write("fleet shop {}\n")
    for i in range(n):
        f.write('service s%d { image = "ghcr.io/acme/s:1" }\n' % i)
PY
}

measure() {  # ARGS... -> "seconds kilobytes exit"
  local rc=0
  /usr/bin/time -o "$WORK/time" -f "%e %M" "$DSC" "$@" >/dev/null 2>&1 || rc=$?
  echo "$(tail -1 "$WORK/time") $rc"
}

echo "dsc check, one service with N env entries (+ a fork overriding N/2, N/2 labels)"
printf '%10s %10s %10s %12s %8s\n' N bytes seconds "peak RSS" scaling
first_n="" first_s=""
status=0
for n in $SIZES; do
  file="$WORK/env-$n.ds"
  gen_env "$n" "$file"
  read -r secs kb rc < <(measure check --max-file-bytes 1000000000 "$file")
  [[ "$rc" == 0 ]] || { echo "map_bench.sh: dsc check failed on N=$n (exit $rc)" >&2; exit 1; }
  scaling="-"
  if [[ -z "$first_n" ]]; then
    first_n=$n first_s=$secs
  else
    scaling=$(python3 -c "print('%.2fx time for %.0fx entries' % ($secs / max($first_s, 0.01), $n / $first_n))")
    if python3 -c "import sys; sys.exit(0 if $secs / max($first_s, 0.01) <= $SLACK * $n / $first_n else 1)"; then :; else
      echo "map_bench.sh: N=$n took more than $SLACK x linear" >&2
      status=1
    fi
  fi
  printf '%10s %10s %10s %9s MB %s\n' "$n" "$(stat -c %s "$file")" "$secs" "$((kb / 1024))" "$scaling"
done

echo
echo "a fleet of 100,000 services"
gen_entities 100000 "$WORK/entities.ds"
read -r secs kb rc < <(measure check "$WORK/entities.ds")
printf '  default limit (5000):      exit %s (DS2022 expected: 1), %s s, peak RSS %s MB\n' "$rc" "$secs" "$((kb / 1024))"
read -r secs kb rc < <(measure check --max-entities 200000 "$WORK/entities.ds")
printf '  --max-entities 200000:     exit %s, %s s, peak RSS %s MB\n' "$rc" "$secs" "$((kb / 1024))"
exit "$status"
