#!/usr/bin/env bash
# Usage: scripts/envtest/down.sh STATE_DIR
#
# Stops the control plane that up.sh started in STATE_DIR, by the pids it recorded (never by
# process name: other planes or other users' etcd may run on the same machine), and removes
# STATE_DIR/data. Logs stay for post-mortems. Safe to run twice or on a half-started plane.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
STATE=$(cd "$1" 2>/dev/null && pwd) || exit 0 # nothing was ever started there
PIDS="$STATE/pids"

# Ours = the pid is alive AND its command line mentions this state dir (all three processes
# get paths under it). Guards against a recycled pid after a reboot or a crash.
ours() {
  [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$STATE/"
}

if [[ -f "$PIDS" ]]; then
  # Reverse start order: controller manager, then apiserver, then etcd under them.
  mapfile -t pids < <(tac "$PIDS" | awk '{ print $2 }')
  for pid in "${pids[@]}"; do
    if ours "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do ours "$pid" || break; sleep 0.1; done # up to 5 s to exit
      ! ours "$pid" || kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$PIDS"
fi
rm -rf "$STATE/data"
