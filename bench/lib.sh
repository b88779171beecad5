# Shared by the bench scripts; sourced, not run.

# ensure_dsc ROOT BUILD_DIR: unless DSC is set, builds BUILD_DIR's dsc (configuring a
# Release build there first if there is none; incremental otherwise) and sets DSC to it.
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
  DSC="$build_dir/dsc"
}
