// Stage 2: modules -> checked model.
//
// Input: a ModuleSet without syntax errors. Output: a model::Model whose every
// value is evaluated and checked, and diagnostics DS2xxx, DS3xxx and DS5xxx. The
// limits bound what a hostile fleet can ask for: the number of entities (DS2022,
// checked before any is analysed) and the bytes of every value evaluated (DS3017).
// Dependency edges are recorded in the model; compiler/graph checks them.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/model.h"
#include "compiler/sema/modules.h"
#include "compiler/source/input_limits.h"

namespace dsc::sema {

// kFleet: the entry file is a fleet file (a `fleet` header, else DS2008). kModule: it is
// checked on its own, as a file no fleet imports (a team's member file, a library of
// kinds): no header is needed, and what it declares for others to use is not "unused".
enum class AnalyzeAs { kFleet, kModule };

model::Model Analyze(ModuleSet& modules, DiagnosticSink& diags, const InputLimits& limits = {},
                     AnalyzeAs as = AnalyzeAs::kFleet);

}  // namespace dsc::sema
