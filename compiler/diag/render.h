// Renders diagnostics for people (clang/rustc-style text) and for tools (JSON).
// Input: the sink's diagnostics and the SourceManager; output: a string.
#pragma once

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace dsc {

struct RenderOptions {
  bool color = false;
};

std::string RenderText(const DiagnosticSink& sink, const SourceManager& sources,
                       const RenderOptions& options);
std::string RenderJson(const DiagnosticSink& sink, const SourceManager& sources);
// "2 errors, 1 warning generated" style summary; empty when there is nothing.
std::string RenderSummary(const DiagnosticSink& sink);

}  // namespace dsc
