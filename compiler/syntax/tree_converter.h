// ANTLR's parse tree -> the AST (ast.h), one top-level declaration at a time, so that
// parse.cpp can free each declaration's parse tree and tokens as soon as it is converted.
// Internal to compiler/syntax/.
#pragma once

#include <memory>

#include "DsParser.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"
#include "compiler/syntax/ast.h"

namespace dsc {

// Converts one declaration of an error-free parse tree whose tokens index `source`'s bytes
// (ByteCharStream). Strings and numbers are decoded here: their errors (DS1001–DS1003, …)
// go to `diags`.
std::unique_ptr<ast::Decl> ConvertItem(const SourceFile& source, DiagnosticSink& diags,
                                       dsc_grammar::DsParser::ItemContext* item);

}  // namespace dsc
