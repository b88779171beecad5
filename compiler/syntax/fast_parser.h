// The parser of parse.cpp's fast path: grammar/DsParser.g4 by recursive descent over
// FastLexer's tokens, building the AST as it reads, for a file without errors.
//
// ANTLR's generated parser, in the 4.9 runtime, spends ~450 instructions per byte of a fleet
// file: a token object per token, a context object per rule, dynamic_casts as it enters
// and leaves each rule, adaptive prediction, and a parse tree the AST is then converted
// from. That was two thirds of `dsc check` on a large fleet. The grammar is small and
// LL(2) (a member's key is followed by `=` or `{`; a name by `(` for a call or `{` for an
// instance), so a loop per rule reads it directly.
//
// ANTLR stays the grammar's authority and the parser of every file with an error: its
// diagnostics and recovery are what the user sees. The contract: on any text, ParseFast
// either declines or yields exactly the AST, comments and literal diagnostics (strings,
// numbers) that ANTLR's parse and tree converter yield for it (ParseWithAntlr, parse.h).
// It declines at the first token the grammar does not allow there and at a lexical error;
// the full parse then reports them. Where an input limit (bracket nesting, the fleet's
// entity count) is crossed, it refuses the file with the diagnostic ANTLR's parse reports.
// ParsedLikeAntlr() checks the contract; fast_parser_test.cpp and tests/fuzz/fuzz_fast_parser.cpp
// run it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/input_limits.h"
#include "compiler/source/source_file.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/token_limits.h"

namespace dsc {

enum class FastParse {
  kParsed,    // `file` holds the AST
  kDeclined,  // the full parse must read the file
  kRefused,   // a limit was crossed: `limits` reported it
};

// Parses `lexed` (the text of `source`, a leading byte order mark blanked) into `file`,
// counting its tokens against `limits`, and reports the literals' diagnostics into
// `diags`. Unless it returns kParsed, `file`, `diags` and the entities counted hold
// partial results the caller drops.
FastParse ParseFast(const SourceFile& source, std::string_view lexed, TokenLimits& limits,
                    DiagnosticSink& diags, ast::File* file);

// Empty when ParseFast and ANTLR agree on `text` (the contract above), else what differs,
// for a test's message. A file ANTLR parses without a syntax or lexical error and within
// the limits must not be declined either.
std::string ParsedLikeAntlr(std::string_view text, const InputLimits& limits = {});

}  // namespace dsc
