// Stage: checked model -> lint findings (`dsc lint`).
//
// Input: a fleet that `dsc check` accepts (its model and, for exact spans and for
// what was written rather than defaulted, the modules' ASTs) and the effective
// severity of every rule. Output: findings, diagnostics of the rules' kinds at their
// configured severities, sorted by file, position and code, without the rules that
// are off. Reports nothing that sema already reports.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/lint/rules.h"
#include "compiler/lint/severities.h"
#include "compiler/sema/model.h"
#include "compiler/sema/modules.h"

namespace dsc::lint {

std::vector<Diagnostic> Lint(const model::Model& model, const sema::ModuleSet& modules,
                             const RuleSeverities& severities);

}  // namespace dsc::lint
