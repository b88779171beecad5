// The lint rules as data (rules.def) and their severities. Input: nothing;
// output: the registry, looked up by code (`DL101`) or name (`image-latest-tag`).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace dsc::lint {

// Ordered: a finding fails the run from `kError` (or `kWarning` with
// --deny-warnings); `kOff` disables the rule.
enum class LintSeverity { kOff, kInfo, kWarning, kError };

enum class RuleId {
#define LINT_RULE(Name, Code, RuleName, Sev, Summary, Help) k##Name,
#include "compiler/diag/lint_rules.def"
#undef LINT_RULE
};

struct RuleInfo {
  RuleId id;
  std::string_view code;  // "DL101"
  std::string_view name;  // "image-latest-tag"
  LintSeverity default_severity;
  std::string_view summary;
  std::string_view help;
};

const std::vector<RuleInfo>& AllRules();
const RuleInfo& InfoFor(RuleId id);
// By code or by name; null when there is no such rule.
const RuleInfo* FindRule(std::string_view code_or_name);

// "error", "warning", "info", "off".
std::string_view SeverityName(LintSeverity severity);
std::optional<LintSeverity> ParseSeverity(std::string_view word);

// The diagnostic kind a rule's findings are reported as.
DiagKind KindOf(RuleId rule);
// The severity of a finding at `severity`, which is not kOff.
Severity DiagnosticSeverity(LintSeverity severity);

}  // namespace dsc::lint
