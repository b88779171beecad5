# Shared by the bench scripts; sourced, not run.

# ensure_dsc ROOT BUILD_DIR: unless DSC is set, builds BUILD_DIR's dsc (configuring a
# Release build there first if there is none; incremental otherwise) and sets DSC to a
# copy of it, BUILD_DIR/dsc-bench.
# Progress goes to stderr.
ensure_dsc() {
  local root="$1" build_dir="$2"
  [[ -n "${DSC:-}" ]] && return 0
  if [[ ! -f "$build_dir/build.ninja" && ! -f "$build_dir/Makefile" ]]; then
    echo "== configuring $build_dir (Release)" >&2
    local generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >&2
  fi
  echo "== building dsc" >&2
  cmake --build "$build_dir" --target dsc >&2
  # A copy: a benchmark runs for up to an hour, and a rebuild meanwhile relinks build/dsc
  # in place (a run that starts it then fails with "Permission denied", or times two
  # binaries). One copy per build directory, replaced by the next benchmark.
  DSC="$build_dir/dsc-bench"
  cp "$build_dir/dsc" "$DSC.tmp" && mv -f "$DSC.tmp" "$DSC"
}
