#include "compiler/syntax/token_screen.h"

#include "DsLexer.h"

namespace dsc {

using dsc_grammar::DsLexer;

std::unique_ptr<antlr4::Token> TokenScreen::NextNonComment() {
  for (;;) {
    std::unique_ptr<antlr4::Token> token = lookahead_ ? std::move(lookahead_) : lexer_.nextToken();
    if (token->getChannel() == DsLexer::COMMENTS) {
      auto begin = static_cast<uint32_t>(token->getStartIndex());
      auto end = static_cast<uint32_t>(token->getStopIndex() + 1);
      comments_->push_back({{file_, begin, end}, std::string(text_.substr(begin, end - begin))});
      continue;
    }
    size_t type = token->getType();
    if (type == DsLexer::ERROR_CHAR || type == DsLexer::UNTERMINATED_STRING) {
      outcome_ = Outcome::kLexicalError;
      return nullptr;
    }
    return token;
  }
}

std::unique_ptr<antlr4::Token> TokenScreen::nextToken() {
  auto eof = [] { return std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF); };
  if (outcome_ != Outcome::kClean) return eof();
  std::unique_ptr<antlr4::Token> token = NextNonComment();
  if (!token) return eof();
  if (token->getType() == antlr4::Token::EOF) return token;
  auto next = [this]() -> antlr4::Token* {
    lookahead_ = NextNonComment();
    return lookahead_.get();
  };
  if (!limits_.Admit(*token, next)) {
    outcome_ = Outcome::kLimitCrossed;
    return eof();
  }
  return token;
}

}  // namespace dsc
