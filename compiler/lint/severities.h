// The effective severity of each rule: its default, then the fleet's
// `lint { … }` block, then a config file (`.dsc-lint.yaml` or --config), each
// overriding the one before. See docs/lint.md.
#pragma once

#include <string>
#include <vector>

#include "compiler/lint/rules.h"
#include "compiler/sema/model.h"

namespace dsc::lint {

class RuleSeverities {
 public:
  RuleSeverities();  // every rule at its default
  LintSeverity Get(RuleId rule) const { return severities_[static_cast<size_t>(rule)]; }
  void Set(RuleId rule, LintSeverity severity) {
    severities_[static_cast<size_t>(rule)] = severity;
  }
  // The fleet's `lint { … }` block. Sema has reported entries it does not
  // know; they are skipped here.
  void Apply(const std::vector<model::LintSetting>& settings);

 private:
  std::vector<LintSeverity> severities_;
};

}  // namespace dsc::lint
