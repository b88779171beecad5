// The input limits that are counted token by token (source/input_limits.h): bracket
// nesting (DS1006) and the fleet's entity declarations (DS2022).
//
// Brackets nested past the limit would make the recursive-descent parser (and every
// later stage) recurse too deep, so they are refused before the parser sees them.
// Entity declarations are counted against the whole fleet's limit (`*entities` holds the
// files read before this one): a fleet over it is refused before a parse tree, an AST or
// a model takes the memory it would. The lexer stops where a limit is crossed: the rest
// of a hostile file is never lexed.
#pragma once

#include <cstdint>
#include <functional>

#include "antlr4-runtime.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/source/input_limits.h"
#include "compiler/source/source_file.h"

namespace dsc {

// +1 for an opening bracket the parser sees, -1 for a closing one, else 0. A type's `<`
// and `>` are brackets too: `list<list<…>>` recurses as deep as `[[…]]`.
int BracketDelta(const antlr4::Token& token);
int BracketDelta(size_t type);

// Whether a token of `type` after one of `previous` declares an entity the limit counts:
// `service NAME`, `infra NAME: KIND`, `fork NAME`; not the `infra` of `kind k: infra`.
bool DeclaresEntity(size_t type, size_t previous);

// A token as the limits see it: its type and bytes.
struct LimitToken {
  size_t type = antlr4::Token::INVALID_TYPE;
  Span span;
};

class TokenLimits {
 public:
  TokenLimits(const SourceFile& source, const InputLimits& limits, uint64_t* entities,
              DiagnosticSink& diags)
      : source_(source), limits_(limits), entities_(entities), diags_(diags) {}

  // Counts `token`, one the parser reads (comments are not). False, with the diagnostic
  // reported, when it crosses a limit; DS2022 only in the file that crossed it. `next()`
  // gives the token after it (a LimitToken), which names the entity that crossed the limit;
  // it is called only then. A template: the fast parser calls this for every token.
  template <class Next>
  bool Admit(LimitToken token, Next next) {
    int delta = BracketDelta(token.type);
    if (delta < 0 && depth_ > 0) --depth_;
    if (delta > 0 && ++depth_ > limits_.max_nesting) return RefuseNesting(token.span);
    bool declares = DeclaresEntity(token.type, previous_);
    previous_ = token.type;
    if (!entities_ || !declares || ++*entities_ <= limits_.max_entities) return true;
    if (*entities_ > uint64_t{limits_.max_entities} + 1) return false;  // reported in a file before
    LimitToken name = next();
    return RefuseEntities(name.type == kIdent ? name.span : token.span);
  }

  // The same for an ANTLR token.
  bool Admit(const antlr4::Token& token, const std::function<antlr4::Token*()>& next);

 private:
  static const size_t kIdent;  // DsLexer::IDENT, without DsLexer.h here
  bool RefuseNesting(Span bracket);
  bool RefuseEntities(Span name);

  const SourceFile& source_;
  const InputLimits& limits_;
  uint64_t* entities_;
  DiagnosticSink& diags_;
  uint32_t depth_ = 0;
  size_t previous_ = antlr4::Token::INVALID_TYPE;
};

}  // namespace dsc
