// `dsc lint` for one fleet file, as a pipeline: source -> modules -> checked
// model -> dependency graph (as `dsc check`), then the rule severities (defaults,
// the fleet's `lint` block, the config file) -> findings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/lint/lint.h"
#include "compiler/sema/analyze.h"
#include "compiler/source/file_system.h"
#include "compiler/syntax/parse.h"

namespace dsc::lint {

struct ConfigText {
  std::string path;  // as shown in messages
  std::string text;
};

struct LintedFleet {
  // False when the fleet does not type-check: `diags` holds why, and there are
  // no findings (rules assume a valid fleet).
  bool checked = false;
  std::vector<Finding> findings;
  // `path:line:col: …` when the config file is wrong; no findings then.
  std::string config_error;
};

// `config`: the config file to use; nullopt to use `.dsc-lint.yaml` beside the
// fleet file when there is one.
LintedFleet LintFleet(const std::string& path, FileSystem& fs, SourceManager& sources,
                      DiagnosticSink& diags, const std::optional<ConfigText>& config,
                      const InputLimits& limits = {}, sema::AnalyzeAs as = sema::AnalyzeAs::kFleet);

}  // namespace dsc::lint
