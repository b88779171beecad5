#include "compiler/syntax/token_limits.h"

#include "DsLexer.h"

namespace dsc {

using dsc_grammar::DsLexer;

int BracketDelta(const antlr4::Token& token) {
  if (token.getChannel() != antlr4::Token::DEFAULT_CHANNEL) return 0;
  return BracketDelta(token.getType());
}

int BracketDelta(size_t type) {
  switch (type) {
    case DsLexer::LBRACE:
    case DsLexer::LBRACKET:
    case DsLexer::LPAREN:
    case DsLexer::LANGLE:
      return 1;
    case DsLexer::RBRACE:
    case DsLexer::RBRACKET:
    case DsLexer::RPAREN:
    case DsLexer::RANGLE:
      return -1;
    default:
      return 0;
  }
}

bool DeclaresEntity(size_t type, size_t previous) {
  return type == DsLexer::SERVICE || type == DsLexer::FORK ||
         (type == DsLexer::INFRA && previous != DsLexer::COLON);
}

const size_t TokenLimits::kIdent = DsLexer::IDENT;

namespace {
LimitToken LimitTokenOf(const antlr4::Token* token, FileId file) {
  if (!token) return {};
  // Token indexes are byte offsets (the lexer reads a ByteCharStream).
  return {token->getType(),
          {file, static_cast<uint32_t>(token->getStartIndex()),
           static_cast<uint32_t>(token->getStopIndex() + 1)}};
}
}  // namespace

bool TokenLimits::Admit(const antlr4::Token& token, const std::function<antlr4::Token*()>& next) {
  return Admit(LimitTokenOf(&token, source_.id()),
               [&] { return LimitTokenOf(next(), source_.id()); });
}

bool TokenLimits::RefuseNesting(Span bracket) {
  diags_
      .Report(DiagKind::kNestingTooDeep, {source_.id(), bracket.begin, bracket.begin + 1},
              limits_.max_nesting)
      .Help("flatten the structure; fleets never need this much nesting");
  return false;
}

bool TokenLimits::RefuseEntities(Span name) {
  diags_.Report(DiagKind::kTooManyEntities, name, limits_.max_entities)
      .Help("split the fleet, or pass --max-entities");
  return false;
}

}  // namespace dsc
