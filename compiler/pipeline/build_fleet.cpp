#include "compiler/pipeline/build_fleet.h"

namespace dsc::pipeline {

std::optional<check::CheckedFleet> BuildFleet(
    const std::string& path, FileSystem& fs, SourceManager& sources, DiagnosticSink& diags,
    const InputLimits& limits, const emit::EmitOptions& options, emit::OutputTree* tree,
    contract::ChartObjects* objects, std::string* stream) {
  std::optional<check::CheckedFleet> fleet = check::CheckFleet(path, fs, sources, diags, limits);
  if (!fleet || diags.has_errors()) return std::nullopt;
  bool emitted = stream ? emit::EmitStream(*fleet, sources, options, diags, stream)
                        : emit::EmitBlueprint(*fleet, sources, options, diags, tree, objects);
  if (!emitted) return std::nullopt;
  return fleet;
}

}  // namespace dsc::pipeline
