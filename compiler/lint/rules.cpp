#include "compiler/lint/rules.h"

namespace dsc::lint {
namespace {

constexpr LintSeverity Error = LintSeverity::kError;
constexpr LintSeverity Warning = LintSeverity::kWarning;
constexpr LintSeverity Info = LintSeverity::kInfo;
constexpr LintSeverity Off = LintSeverity::kOff;

const std::vector<RuleInfo> kRules = {
#define LINT_RULE(Name, Code, RuleName, Sev, Summary, Help) \
  {RuleId::k##Name, Code, RuleName, Sev, Summary, Help},
#include "compiler/diag/lint_rules.def"
#undef LINT_RULE
};

}  // namespace

const std::vector<RuleInfo>& AllRules() { return kRules; }

const RuleInfo& InfoFor(RuleId id) { return kRules[static_cast<size_t>(id)]; }

const RuleInfo* FindRule(std::string_view code_or_name) {
  for (const RuleInfo& rule : kRules) {
    if (rule.code == code_or_name || rule.name == code_or_name) return &rule;
  }
  return nullptr;
}

std::string_view SeverityName(LintSeverity severity) {
  switch (severity) {
    case LintSeverity::kOff:
      return "off";
    case LintSeverity::kInfo:
      return "info";
    case LintSeverity::kWarning:
      return "warning";
    case LintSeverity::kError:
      return "error";
  }
  return "warning";
}

std::optional<LintSeverity> ParseSeverity(std::string_view word) {
  for (LintSeverity s :
       {LintSeverity::kOff, LintSeverity::kInfo, LintSeverity::kWarning, LintSeverity::kError}) {
    if (SeverityName(s) == word) return s;
  }
  return std::nullopt;
}

DiagKind KindOf(RuleId rule) {
  switch (rule) {
#define LINT_RULE(Name, Code, RuleName, Sev, Summary, Help) \
  case RuleId::k##Name:                                     \
    return DiagKind::kLint##Name;
#include "compiler/diag/lint_rules.def"
#undef LINT_RULE
  }
  return DiagKind::kLintImageLatestTag;
}

Severity DiagnosticSeverity(LintSeverity severity) {
  switch (severity) {
    case LintSeverity::kError:
      return Severity::kError;
    case LintSeverity::kWarning:
      return Severity::kWarning;
    case LintSeverity::kInfo:
    case LintSeverity::kOff:
      return Severity::kInfo;
  }
  return Severity::kInfo;
}

}  // namespace dsc::lint
