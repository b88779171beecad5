// Lint findings for people (text, like `dsc check`), for tools (JSON) and for
// code hosts (SARIF 2.1.0). Input: the findings, the `dsc check` diagnostics of
// fleets that did not type-check (already sorted), and the SourceManager.
// Output: a string. Paths are shown as they were given.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/lint/lint.h"
#include "compiler/source/source_file.h"

namespace dsc::lint {

struct FindingCounts {
  int errors = 0, warnings = 0, infos = 0;
};
FindingCounts Count(const std::vector<Finding>& findings);

// `path:line:col: warning[DL101]: message [rule-name]`, the source line, a
// note and the rule's help; then a summary line. Empty when there is nothing.
std::string RenderText(const std::vector<Finding>& findings, const SourceManager& sources,
                       bool color);
// {"findings": […], "diagnostics": […as `dsc check --format json`…], "errors",
// "warnings", "infos"}; counts include the diagnostics.
std::string RenderJson(const std::vector<Finding>& findings, const DiagnosticSink& check,
                       const SourceManager& sources);
// One run of tool `dsc`: every lint rule in tool.driver.rules, findings and
// `dsc check` diagnostics (rule ids DSxxxx) as results.
std::string RenderSarif(const std::vector<Finding>& findings, const DiagnosticSink& check,
                        const SourceManager& sources);
// `dsc lint --list-rules`: a table, or JSON.
std::string RenderRuleList(bool json);

}  // namespace dsc::lint
