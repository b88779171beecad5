// The lint config file: rule severities kept beside the fleet (or given with
// --config), in YAML:
//
//   # .dsc-lint.yaml
//   rules:
//     DL101: error            # by code …
//     image-not-pinned: info  # … or by name
//
// Input: the file, added to the SourceManager so that its errors can point into it.
// Output: the severities applied, or a DS1012 diagnostic saying what is wrong.
#pragma once

#include <string_view>

#include "compiler/diag/diagnostic.h"
#include "compiler/lint/severities.h"
#include "compiler/source/source_file.h"

namespace dsc::lint {

inline constexpr std::string_view kConfigFileName = ".dsc-lint.yaml";

// Applies every setting of the file to `severities`, or none: on error, reports it to
// `diags`, leaves `severities` as it was and returns false.
bool ApplyConfigFile(const SourceFile& file, RuleSeverities* severities, DiagnosticSink& diags);

}  // namespace dsc::lint
