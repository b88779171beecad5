// Stage 1: source text -> AST.
//
// Input: one SourceFile. Output: an ast::File (possibly partial) and
// diagnostics DS1xxx in the sink. Checks UTF-8, size and nesting limits before
// ANTLR sees the text, so hostile input never reaches deep recursion.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"
#include "compiler/syntax/ast.h"

namespace dsc {

// What the compiler accepts from its sources, so that no input can exhaust the memory
// or the stack: a file's size and bracket nesting (checked here), and how deep imports
// nest and how many files a fleet reads (checked by sema/modules.h).
struct ParseLimits {
  uint32_t max_file_bytes = 32u << 20;
  uint32_t max_nesting = 100;
  uint32_t max_import_depth = 64;
  uint32_t max_files = 1000;
};

ast::File Parse(const SourceFile& source, DiagnosticSink& diags, const ParseLimits& limits = {});

}  // namespace dsc
