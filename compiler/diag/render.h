// Renders diagnostics, `dsc check`'s and `dsc lint`'s alike, for people (clang/rustc-style
// text), for tools (JSON) and for code hosts (SARIF 2.1.0). Input: the sink's diagnostics
// and the SourceManager; output: a string. Paths are shown as they were given.
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
// {"diagnostics": […], "errors": N, "warnings": N}, and "infos" with `count_infos`
// (`dsc lint`, whose rules may be set to `info`).
std::string RenderJson(const DiagnosticSink& sink, const SourceManager& sources,
                       bool count_infos = false);
// One run of tool `dsc`: every lint rule in tool.driver.rules, then a descriptor for each
// `dsc check` code that occurs; one result per diagnostic.
std::string RenderSarif(const DiagnosticSink& sink, const SourceManager& sources);
// "2 errors, 1 warning" (and "3 info" from lint rules set so); empty when there is nothing.
std::string RenderSummary(const DiagnosticSink& sink);

}  // namespace dsc
