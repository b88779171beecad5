// The hash blueprint.json records for a chart: `dsc build` writes it
// (compiler/emit/blueprint.cpp) and `dsc apply` checks it (runtime/apply/blueprint.cpp),
// so both sides of the blueprint contract compute it here, with one piece of code.
#pragma once

#include <map>
#include <string>

namespace dsc::base {

// "sha256:<hex>" over every file under `chart` (e.g. "charts/orders") in `files`
// (relative path -> content), each with its path: a change to any manifest changes it,
// and nothing else does.
std::string ChartHash(const std::map<std::string, std::string>& files, const std::string& chart);

}  // namespace dsc::base
