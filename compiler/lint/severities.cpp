#include "compiler/lint/severities.h"

namespace dsc::lint {

RuleSeverities::RuleSeverities() {
  for (const RuleInfo& rule : AllRules()) severities_.push_back(rule.default_severity);
}

void RuleSeverities::Apply(const std::vector<model::LintSetting>& settings) {
  for (const model::LintSetting& setting : settings) {
    const RuleInfo* rule = FindRule(setting.rule);
    std::optional<LintSeverity> severity = ParseSeverity(setting.severity);
    if (rule && severity) Set(rule->id, *severity);
  }
}

}  // namespace dsc::lint
