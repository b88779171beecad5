#include "compiler/syntax/token_limits.h"

#include "DsLexer.h"

namespace dsc {

using dsc_grammar::DsLexer;

int BracketDelta(const antlr4::Token& token) {
  if (token.getChannel() != antlr4::Token::DEFAULT_CHANNEL) return 0;
  switch (token.getType()) {
    case DsLexer::LBRACE:
    case DsLexer::LBRACKET:
    case DsLexer::LPAREN:
      return 1;
    case DsLexer::RBRACE:
    case DsLexer::RBRACKET:
    case DsLexer::RPAREN:
      return -1;
    default:
      return 0;
  }
}

bool TokenLimits::Admit(const antlr4::Token& token, const std::function<antlr4::Token*()>& next) {
  // Token indexes are byte offsets (the lexer reads a ByteCharStream).
  auto begin = static_cast<uint32_t>(token.getStartIndex());
  int delta = BracketDelta(token);
  if (delta < 0 && depth_ > 0) --depth_;
  if (delta > 0 && ++depth_ > limits_.max_nesting) {
    diags_.Report(DiagKind::kNestingTooDeep, {source_.id(), begin, begin + 1}, limits_.max_nesting)
        .Help("flatten the structure; fleets never need this much nesting");
    return false;
  }
  // `service NAME`, `infra NAME: KIND`, `fork NAME`; not the `infra` of `kind k: infra`.
  size_t type = token.getType();
  bool declares = type == DsLexer::SERVICE || type == DsLexer::FORK ||
                  (type == DsLexer::INFRA && previous_ != DsLexer::COLON);
  previous_ = type;
  if (!entities_ || !declares || ++*entities_ <= limits_.max_entities) return true;
  if (*entities_ > uint64_t{limits_.max_entities} + 1) return false;  // reported in a file before
  const antlr4::Token* name = next();
  const antlr4::Token& at = name && name->getType() == DsLexer::IDENT ? *name : token;
  Span span{source_.id(), static_cast<uint32_t>(at.getStartIndex()),
            static_cast<uint32_t>(at.getStopIndex() + 1)};
  diags_.Report(DiagKind::kTooManyEntities, span, limits_.max_entities)
      .Help("split the fleet, or pass --max-entities");
  return false;
}

}  // namespace dsc
