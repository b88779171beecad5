// Decoding of literal tokens: string escapes and `${…}`
// interpolation, numbers with unit suffixes. Used by parse.cpp; separate so
// the decoding rules are testable without ANTLR.
#pragma once

#include <string_view>

#include "compiler/diag/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace dsc {

// Decodes a string token (with its quotes; the closing one may be missing)
// that starts at byte `begin` of `file` into `expr->parts`.
void DecodeString(std::string_view token, FileId file, uint32_t begin, ast::Expr* expr,
                  DiagnosticSink& diags);

// Decodes a NUMBER token into magnitude and unit.
void DecodeNumber(std::string_view token, Span span, ast::Expr* expr, DiagnosticSink& diags);

// True for the unit suffixes the language knows (durations and quantities).
bool IsKnownUnit(std::string_view unit);

}  // namespace dsc
