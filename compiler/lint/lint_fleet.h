// `dsc lint` for one fleet file: the fleet as `dsc check` checks it (check::CheckFleet,
// keeping the parsed files), then the rule severities (defaults, the fleet's `lint`
// block, the config file) -> findings.
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
  // False when the fleet does not type-check or its config file is wrong: `diags`
  // holds why, and there are no findings (rules assume a valid fleet).
  bool checked = false;
  bool config_ok = true;  // false: `diags` holds the config file's error (DS1012)
  std::vector<Diagnostic> findings;
};

// `config`: the config file to use; nullopt to use `.dsc-lint.yaml` beside the
// fleet file when there is one.
LintedFleet LintFleet(const std::string& path, FileSystem& fs, SourceManager& sources,
                      DiagnosticSink& diags, const std::optional<ConfigText>& config,
                      const InputLimits& limits = {}, sema::AnalyzeAs as = sema::AnalyzeAs::kFleet);

}  // namespace dsc::lint
