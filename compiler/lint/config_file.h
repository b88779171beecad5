// The lint config file: rule severities kept beside the fleet (or given with
// --config), in YAML:
//
//   # .dsc-lint.yaml
//   rules:
//     DL101: error            # by code …
//     image-not-pinned: info  # … or by name
//
// Input: the file's text and its path (for messages). Output: the severities
// applied, or a message `path:line:col: …` saying what is wrong.
#pragma once

#include <string>
#include <string_view>

#include "compiler/lint/severities.h"

namespace dsc::lint {

inline constexpr std::string_view kConfigFileName = ".dsc-lint.yaml";

// Applies every setting of the file to `severities`, or none: on error, returns
// the message and leaves `severities` as it was.
std::string ApplyConfigFile(const std::string& text, const std::string& path,
                            RuleSeverities* severities);

}  // namespace dsc::lint
