// The rule implementations, grouped by subject, each adding findings to a
// LintContext. Internal to lint: Lint() (lint.cpp) runs them all.
#pragma once

#include <string>
#include <vector>

#include "compiler/lint/lint.h"
#include "compiler/lint/syntax_index.h"

namespace dsc::lint {

struct LintContext {
  const model::Model& model;
  const SyntaxIndex& syntax;
  // Severities are set from the configuration afterwards (Lint()).
  std::vector<std::pair<RuleId, Diagnostic>> findings;

  Diagnostic& Report(RuleId rule, Span span, std::string message, std::string note = "") {
    Diagnostic finding;
    finding.kind = KindOf(rule);
    finding.severity = Severity::kWarning;
    finding.span = span;
    finding.message = std::move(message);
    if (!note.empty()) finding.Note(std::move(note));
    finding.Help(std::string(InfoFor(rule).help));
    return findings.emplace_back(rule, std::move(finding)).second;
  }
  // Services deployed by this fleet: not another team's.
  bool Linted(const model::Service& service) const { return !service.external; }
};

// check_workload.cpp: DL1xx images, DL2xx resources, DL3xx probes, DL7xx env.
void CheckImages(LintContext& ctx);
void CheckResources(LintContext& ctx);
void CheckProbes(LintContext& ctx);
void CheckEnv(LintContext& ctx);
// check_fleet.cpp: DL4xx features, DL5xx dependencies, DL6xx routes.
void CheckFeatures(LintContext& ctx);
void CheckForkedInfra(LintContext& ctx);
void CheckLabelPropagation(LintContext& ctx);
void CheckDependencies(LintContext& ctx);
void CheckRoutes(LintContext& ctx);

}  // namespace dsc::lint
