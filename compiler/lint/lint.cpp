#include "compiler/lint/lint.h"

#include <algorithm>
#include <tuple>

#include "compiler/lint/checks.h"

namespace dsc::lint {

std::vector<Finding> Lint(const model::Model& model, const sema::ModuleSet& modules,
                          const RuleSeverities& severities) {
  SyntaxIndex syntax(modules);
  LintContext ctx{model, syntax, {}};
  CheckImages(ctx);
  CheckResources(ctx);
  CheckProbes(ctx);
  CheckFeatures(ctx);
  CheckDependencies(ctx);
  CheckRoutes(ctx);
  CheckEnv(ctx);
  std::vector<Finding> out;
  for (Finding& finding : ctx.findings) {
    finding.severity = severities.Get(finding.rule);
    if (finding.severity != LintSeverity::kOff) out.push_back(std::move(finding));
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.span.file, a.span.begin, a.rule) <
           std::tie(b.span.file, b.span.begin, b.rule);
  });
  return out;
}

}  // namespace dsc::lint
