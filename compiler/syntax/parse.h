// Stage 1: source text -> AST.
//
// Input: one SourceFile. Output: an ast::File (possibly partial) and
// diagnostics DS1xxx in the sink. Checks UTF-8, size and nesting limits before
// ANTLR sees the text, so hostile input never reaches deep recursion.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/input_limits.h"
#include "compiler/source/source_file.h"
#include "compiler/syntax/ast.h"

namespace dsc {

ast::File Parse(const SourceFile& source, DiagnosticSink& diags, const InputLimits& limits = {});

}  // namespace dsc
