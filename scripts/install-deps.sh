#!/usr/bin/env bash
# Installs the Debian packages dsc needs to build and test. Idempotent: it checks each
# package with `dpkg -s` and calls apt-get only for the missing ones, and prints
# nothing when everything is already installed.
set -euo pipefail

REQUIRED=(
  antlr4 libantlr4-runtime-dev libyaml-cpp-dev nlohmann-json3-dev libfmt-dev doctest-dev
  libcxxopts-dev libcurl4-openssl-dev libssl-dev libutf8proc-dev libmimalloc-dev cmake ninja-build g++ ccache
  python3
  # Conformance tests: schema validation of the emitted files (Debian python3, not pyenv).
  python3-yaml python3-jsonschema
  # Conformance tests: Go's text/template (Helm's template engine) renders the charts.
  golang-go
  # Completion and man page tests: the generated scripts are syntax-checked by the shells
  # they are for, the man page by groff.
  bash zsh fish groff
  # Hook script tests: an emitted Job's script runs under dash with jq, as in its image.
  dash jq
  # Language server tests: Neovim's built-in LSP client, headless, as a real editor.
  neovim
)
# Nice to have (benchmarks, format check): installed when the archive has them.
OPTIONAL=(hyperfine clang-format)

if ! command -v dpkg >/dev/null 2>&1; then
  echo "install-deps: not a Debian system; make sure these are installed:" >&2
  echo "  ${REQUIRED[*]}" >&2
  exit 0
fi

installed() {
  dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

# Whether apt knows a version of the package it could install.
available() {
  local candidate
  candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
  [[ -n "$candidate" && "$candidate" != "(none)" ]]
}

missing_required=()
for pkg in "${REQUIRED[@]}"; do
  installed "$pkg" || missing_required+=("$pkg")
done
missing_optional=()
for pkg in "${OPTIONAL[@]}"; do
  installed "$pkg" || missing_optional+=("$pkg")
done

# An optional package apt cannot install is skipped silently, so that re-runs stay quiet.
wanted_optional() {
  local pkg
  for pkg in "${missing_optional[@]}"; do
    if available "$pkg"; then echo "$pkg"; fi
  done
}

if [[ ${#missing_required[@]} -eq 0 && -z "$(wanted_optional)" ]]; then
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: missing packages and no sudo; as root run:" >&2
    echo "  apt-get install ${missing_required[*]} ${missing_optional[*]}" >&2
    exit 1
  fi
  SUDO=(sudo)
fi
apt_get() {
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}

echo "install-deps: installing ${missing_required[*]} ${missing_optional[*]}"
if [[ ${#missing_required[@]} -gt 0 ]]; then
  apt_get update -q
  apt_get install -y -q --no-install-recommends "${missing_required[@]}"
fi
mapfile -t optional < <(wanted_optional)
if [[ ${#optional[@]} -gt 0 ]]; then
  apt_get install -y -q --no-install-recommends "${optional[@]}" ||
    echo "install-deps: could not install ${optional[*]} (optional); continuing" >&2
fi
