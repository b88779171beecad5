#include "compiler/pipeline/build_fleet.h"

#include "base/free_at_exit.h"

namespace dsc::pipeline {

std::optional<check::CheckedFleet> BuildFleet(
    const std::string& path, FileSystem& fs, SourceManager& sources, DiagnosticSink& diags,
    const InputLimits& limits, const emit::EmitOptions& options, emit::OutputTree* tree,
    contract::ChartObjects* objects, const emit::StreamWriter& stream,
    const std::function<bool(const SourceManager&)>& up_to_date) {
  std::optional<check::CheckedFleet> fleet = check::CheckFleet(path, fs, sources, diags, limits);
  if (!fleet || diags.has_errors()) return std::nullopt;
  // Nothing past the check reads the syntax trees (`dsc lint` does, through CheckFleet).
  // A directory build frees them before the emit, whose output tree then reuses their
  // memory (its peak is the build's); the stream, which holds no tree, leaves them to
  // the exit when the command allows it (base/free_at_exit.h).
  if (stream) {
    base::Free(std::move(fleet->modules));
  } else {
    fleet->modules = {};
  }
  if (up_to_date && up_to_date(sources)) return fleet;
  bool emitted = stream ? emit::EmitStream(*fleet, sources, options, diags, stream)
                        : emit::EmitBlueprint(*fleet, sources, options, diags, tree, objects);
  if (!emitted) return std::nullopt;
  return fleet;
}

}  // namespace dsc::pipeline
