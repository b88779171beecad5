// The pipeline, as one function per command. Each runs the stages in order
// and stops at the first stage that reported errors, so later stages never
// see (or cascade from) a broken input.
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/graph/dependency_graph.h"
#include "compiler/sema/analyze.h"
#include "compiler/sema/model.h"
#include "compiler/sema/modules.h"
#include "compiler/source/file_system.h"
#include "compiler/syntax/parse.h"

namespace dsc::check {

struct CheckedFleet {
  model::Model model;
  graph::DependencyGraph graph;
  // The parsed files: `dsc lint` reads them to tell a written field from a defaulted one.
  sema::ModuleSet modules;
};

// source -> AST -> modules -> checked model -> dependency graph. `as`: kModule checks a
// file without a `fleet` header on its own (sema/analyze.h).
std::optional<CheckedFleet> CheckFleet(const std::string& path, FileSystem& fs,
                                       SourceManager& sources, DiagnosticSink& diags,
                                       const InputLimits& limits = {},
                                       sema::AnalyzeAs as = sema::AnalyzeAs::kFleet);

}  // namespace dsc::check
