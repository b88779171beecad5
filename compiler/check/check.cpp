#include "compiler/check/check.h"

#include "compiler/sema/analyze.h"
#include "compiler/sema/modules.h"

namespace dsc::check {

std::optional<CheckedFleet> CheckFleet(const std::string& path, FileSystem& fs,
                                       SourceManager& sources, DiagnosticSink& diags,
                                       const InputLimits& limits, sema::AnalyzeAs as) {
  sema::ModuleSet modules = sema::LoadModules(path, fs, sources, diags, limits);
  if (!modules.ok || modules.any_syntax_errors) return std::nullopt;
  CheckedFleet fleet;
  fleet.model = sema::Analyze(modules, diags, limits, as);
  // The graph is built even when sema reported errors: cycles are independent
  // of them and worth reporting in the same run.
  fleet.graph = graph::BuildGraph(fleet.model, diags);
  fleet.modules = std::move(modules);
  return fleet;
}

}  // namespace dsc::check
