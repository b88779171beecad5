#!/usr/bin/env bash
# Builds every example fleet with the dsc under test into OUT_DIR/<example>, so
# the conformance checks (schemas, Helm rendering, server-side dry run) can run
# on them beside the build goldens' expected trees.
#   tests/conformance/build_examples.sh DSC OUT_DIR
set -euo pipefail
DSC=$1
OUT=$2
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

mkdir -p "$OUT"
for fleet in crud/crud sqs/sqs marketplace/marketplace; do
  name=$(basename "$fleet")
  "$DSC" build --color=never -o "$OUT/$name" "$REPO/examples/$fleet.ds"
done
# The cluster platform (`dsc platform`), with each Traefik: its CRDs, RBAC and Deployments
# go through the same checks.
for traefik in v2 v3; do
  "$DSC" build --platform --traefik "$traefik" -o "$OUT/platform-$traefik"
done
