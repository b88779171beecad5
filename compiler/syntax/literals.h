// Decoding of literal tokens: string escapes and `${…}`
// interpolation, numbers with unit suffixes. Used by parse.cpp; separate so
// the decoding rules are testable without ANTLR.
#pragma once

#include <string_view>

#include "base/ascii.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace dsc {

// The characters of the grammar's IDENT (DsLexer.g4: [a-zA-Z_] [a-zA-Z0-9_-]*): the lexer
// (fast_lexer.cpp) and the `${…}` references inside strings read names alike.
constexpr bool IsNameStart(char c) { return base::IsAsciiLetter(c) || c == '_'; }
constexpr bool IsNameChar(char c) { return base::IsAsciiAlnum(c) || c == '_' || c == '-'; }

// Decodes a string token (with its quotes; the closing one may be missing)
// that starts at byte `begin` of `file` into `expr->parts`.
void DecodeString(std::string_view token, FileId file, uint32_t begin, ast::Expr* expr,
                  DiagnosticSink& diags);

// The two parsers' shared pieces of the AST (tree_converter.cpp, fast_parser.cpp):
// a quoted member key (a STRING token at `span` of `text`) as the key's name, decoded;
ast::Name DecodeQuotedKey(std::string_view text, Span span, DiagnosticSink& diags);
// and an import's path (a STRING token at `span`): `decl`'s path, decoded, and the alias it
// has without `as`, the file's stem ("std/aws" -> aws, "./a/b-c.ds" -> b-c).
void DecodeImportPath(std::string_view text, Span span, ast::Decl* decl, DiagnosticSink& diags);

// Decodes a NUMBER token into magnitude and unit.
void DecodeNumber(std::string_view token, Span span, ast::Expr* expr, DiagnosticSink& diags);

// True for the unit suffixes the language knows (durations and quantities).
bool IsKnownUnit(std::string_view unit);

}  // namespace dsc
