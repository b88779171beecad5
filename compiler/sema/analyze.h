// Stage 2: modules -> checked model.
//
// Input: a ModuleSet without syntax errors. Output: a model::Model whose every
// value is evaluated and checked, and diagnostics DS2xxx, DS3xxx and DS5xxx.
// Dependency edges are recorded in the model; compiler/graph checks them.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/model.h"
#include "compiler/sema/modules.h"

namespace dsc::sema {

model::Model Analyze(ModuleSet& modules, DiagnosticSink& diags);

}  // namespace dsc::sema
