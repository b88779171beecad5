#include "compiler/lint/lint.h"

#include <algorithm>
#include <tuple>

#include "compiler/lint/checks.h"

namespace dsc::lint {

std::vector<Diagnostic> Lint(const model::Model& model, const sema::ModuleSet& modules,
                             const RuleSeverities& severities) {
  SyntaxIndex syntax(modules);
  LintContext ctx{model, syntax, {}};
  CheckImages(ctx);
  CheckResources(ctx);
  CheckProbes(ctx);
  CheckFeatures(ctx);
  CheckForkedInfra(ctx);
  CheckLabelPropagation(ctx);
  CheckDependencies(ctx);
  CheckRoutes(ctx);
  CheckEnv(ctx);
  std::stable_sort(ctx.findings.begin(), ctx.findings.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second.span.file, a.second.span.begin, a.first) <
           std::tie(b.second.span.file, b.second.span.begin, b.first);
  });
  std::vector<Diagnostic> out;
  for (auto& [rule, finding] : ctx.findings) {
    LintSeverity severity = severities.Get(rule);
    if (severity == LintSeverity::kOff) continue;
    finding.severity = DiagnosticSeverity(severity);
    out.push_back(std::move(finding));
  }
  return out;
}

}  // namespace dsc::lint
