#!/usr/bin/env bash
# Runs one conformance check on every output tree: the examples built by
# build_examples.sh (in EXAMPLES_DIR) and every build golden's expected tree.
#   tests/conformance/trees.sh EXAMPLES_DIR COMMAND [ARGS...]
# runs `COMMAND ARGS... TREE...` once with all trees.
set -euo pipefail
EXAMPLES=$1
shift
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

trees=("$EXAMPLES"/*/)
trees+=("$REPO"/tests/golden/build/*/expected/)
if [[ ! -f "${trees[0]}/helmfile.yaml" ]]; then
  echo "no built examples in $EXAMPLES: run build_examples.sh first" >&2
  exit 1
fi
exec "$@" "${trees[@]}"
