// Stage 1: source text -> AST.
//
// Input: one SourceFile. Output: an ast::File (possibly partial) and
// diagnostics DS1xxx (and DS2022) in the sink. Checks UTF-8, size and nesting limits before
// either parser (fast_parser.h's or ANTLR's) recurses, so hostile input never reaches deep
// recursion.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/input_limits.h"
#include "compiler/source/source_file.h"
#include "compiler/syntax/ast.h"

namespace dsc {

// `entities`, when given, counts the service, infra and fork declarations of every file
// of a fleet: the file that takes it past `limits.max_entities` is refused (DS2022).
ast::File Parse(const SourceFile& source, DiagnosticSink& diags, const InputLimits& limits = {},
                uint64_t* entities = nullptr);

// The same parse by ANTLR alone, without the fast path (fast_parser.h): the reference the
// fast path is tested against.
ast::File ParseWithAntlr(const SourceFile& source, DiagnosticSink& diags,
                         const InputLimits& limits = {}, uint64_t* entities = nullptr);

// Whether the text has the `fleet` keyword, lexed only as far as the first one (a fleet
// file's header comes early): how `dsc check` tells a fleet file from a team's member
// file without parsing it twice. Text that is not UTF-8 counts as no fleet file.
bool MentionsFleetKeyword(std::string_view text);

}  // namespace dsc
