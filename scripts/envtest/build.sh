#!/usr/bin/env bash
# Builds (once) the real kube-apiserver and kube-controller-manager v1.20.2 that the
# conformance tests run against, from Debian's own `kubernetes` source package with Debian's
# Go, and caches them in ${DSC_ENVTEST_CACHE:-$HOME/.cache/dsc-envtest}/v1.20.2/.
#
# WHY build from source: no container runtime or upstream download is assumed on these
# machines; Debian's archive (already configured for apt) is the one trusted source we have.
#
# Quiet and fast (exit 0) when both binaries are already cached. Idempotent and safe to
# interrupt: the build happens in a temp dir outside the repo that is always deleted, and
# each binary is copied to a temp name in the cache and renamed into place.
set -euo pipefail

VERSION=1.20.2
CACHE_DIR="${DSC_ENVTEST_CACHE:-$HOME/.cache/dsc-envtest}/v$VERSION"
BINS=(kube-apiserver kube-controller-manager)

cached() {
  local b
  for b in "${BINS[@]}"; do [[ -x "$CACHE_DIR/$b" ]] || return 1; done
}

# --- Debian packages, checked even when the binaries are cached: up.sh needs etcd-server,
# openssl and curl, kube_dry_run.py python3-yaml (the cache may outlive a package). ---
PACKAGES=(golang-go rsync jq etcd-server dpkg-dev golang-github-modern-go-reflect2-dev
  openssl curl python3-yaml)
installed=" $(dpkg-query -W -f='${Package}=${Status} ' "${PACKAGES[@]}" 2>/dev/null || true)"
missing=()
for p in "${PACKAGES[@]}"; do
  [[ "$installed" == *" $p=install ok installed "* ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "envtest/build: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Only refresh the index when the plain install fails (stale or empty lists).
  apt-get install -y -qq "${missing[@]}" >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi
cached && exit 0

mkdir -p "$CACHE_DIR"
# One build at a time: a second caller waits, then finds the binaries cached.
exec 9>"$CACHE_DIR/.build.lock"
flock 9
cached && exit 0

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dsc-envtest-build.XXXXXX")
cleanup() {
  # Go's module cache is written read-only; make it deletable first.
  chmod -R u+w "$WORK" 2>/dev/null || true
  rm -rf "$WORK"
  rm -f "$CACHE_DIR"/.*.tmp.$$
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Fetch the source without touching the system's apt configuration ---
# No deb-src line is configured here: write a private sources file whose mirror is read at
# run time from the system's deb822 sources (no hard-coded host), with private lists.
SOURCES=/etc/apt/sources.list.d/debian.sources
# shellcheck source=/dev/null
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
# First stanza whose Suites include the bare codename (not -security / -updates).
read -r mirror keyring < <(awk -v cn="$codename" '
  function flush() { if (!done && uri != "" && (" " suites " ") ~ (" " cn " ")) {
                       print uri, (key == "" ? "-" : key); done = 1 }
                     uri = ""; suites = ""; key = "" }
  /^[[:space:]]*$/ { flush(); next }
  /^URIs:/        { uri = $2 }
  /^Suites:/      { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
  /^Signed-By:/   { key = $2 }
  END { flush() }' "$SOURCES")
[[ -n "${mirror:-}" ]] || { echo "envtest/build: no $codename mirror in $SOURCES" >&2; exit 1; }
[[ "$keyring" != "-" ]] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg

mkdir -p "$WORK/lists/partial" "$WORK/src"
echo "deb-src [signed-by=$keyring] $mirror $codename main" >"$WORK/sources.list"
APT_OPTS=(-o "Dir::Etc::SourceList=$WORK/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$WORK/lists"
  # The private dirs are root-only (mktemp); do not drop to the _apt user to download.
  -o APT::Sandbox::User=root)
echo "envtest/build: fetching kubernetes source from $mirror ($codename)" >&2
apt-get "${APT_OPTS[@]}" update -qq >/dev/null
(cd "$WORK/src" && apt-get "${APT_OPTS[@]}" source --download-only -qq kubernetes >/dev/null)
dsc=$(ls "$WORK"/src/kubernetes_*.dsc)
# Debian's version looks like 1.20.5+really1.20.2-1: the part after "really" (or the plain
# upstream version) must be the one we cache under.
upstream=$(awk '/^Version:/ { print $2 }' "$dsc" | sed -e 's/-[^-]*$//' -e 's/.*really//')
if [[ "$upstream" != "$VERSION" ]]; then
  echo "envtest/build: archive has kubernetes $upstream, expected $VERSION" >&2
  exit 1
fi
dpkg-source --no-check -x "$dsc" "$WORK/k8s" >/dev/null
SRC="$WORK/k8s"

# --- Must-do patch: vendored reflect2 v1.0.1 segfaults under Go >= 1.18 (seen as
# `fatal error: fault` in UnsafeMapType.UnsafeIterate under load). Use Debian's v1.0.2. ---
# Replace, not overlay: v1.0.2 dropped files (go_above_17.go, ...) that would collide.
R2=/usr/share/gocode/src/github.com/modern-go/reflect2
VR2="$SRC/vendor/github.com/modern-go/reflect2"
rm -f "$VR2"/*.go "$VR2"/*.s
for f in "$R2"/*.go "$R2"/*.s; do
  [[ "$f" == *_test.go ]] || cp "$f" "$VR2/"
done

# --- Build the way Debian's rules do: GOPATH with k8s.io/kubernetes pointing at the tree,
# static binaries. `nice` because this machine has 2 cores and other work on them. ---
mkdir -p "$SRC/.go/src/k8s.io"
ln -s ../../.. "$SRC/.go/src/k8s.io/kubernetes"
mkdir -p "$WORK/gotmp" # Go's scratch dir too, so an interrupted build leaves nothing behind
export GOPATH="$SRC/.go" GOCACHE="$WORK/gocache" GOTMPDIR="$WORK/gotmp" GOFLAGS=-mod=vendor CGO_ENABLED=0
# No .git in a source package: tell hack/lib/version.sh what we are, so /version says v1.20.2.
export KUBE_GIT_VERSION="v$VERSION" KUBE_GIT_TREE_STATE=clean KUBE_GIT_MAJOR=1 KUBE_GIT_MINOR=20
echo "envtest/build: building ${BINS[*]} v$VERSION (several minutes)" >&2
# One make for both, as Debian's rules do: the shared packages compile once.
rc=0
(cd "$SRC/.go/src/k8s.io/kubernetes" &&
  nice -n 19 make WHAT="${BINS[*]/#/cmd/}" >"$WORK/make.log" 2>&1) || rc=$?
if ((rc)); then
  cp "$WORK/make.log" "$CACHE_DIR/build-failed.log" # the build tree is about to be deleted
  tail -n 60 "$WORK/make.log" >&2
  echo "envtest/build: make failed (exit $rc); full log: $CACHE_DIR/build-failed.log" >&2
  exit 1
fi

for b in "${BINS[@]}"; do
  out=$(ls "$SRC"/_output/bin/"$b" "$SRC"/_output/local/bin/*/*/"$b" 2>/dev/null | head -n 1)
  [[ -x "$out" ]] || { echo "envtest/build: $b not produced" >&2; exit 1; }
  "$out" --version | grep -q "v$VERSION" || { echo "envtest/build: $b is not v$VERSION" >&2; exit 1; }
  cp "$out" "$CACHE_DIR/.$b.tmp.$$"
  mv -f "$CACHE_DIR/.$b.tmp.$$" "$CACHE_DIR/$b"
done
rm -f "$CACHE_DIR/build-failed.log"
echo "envtest/build: cached in $CACHE_DIR" >&2
