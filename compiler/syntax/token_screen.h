// The token source of parse.cpp's fast path: the lexer's tokens as the parser reads them.
//
// Comments are taken out (into the AST's comment list, for `dsc fmt`), the input limits
// are counted (token_limits.h), and a lexical error (a stray character, an unterminated
// string) ends the stream: the fast path then gives way to the full parse, which reports
// it with every other error in the file. What the parser reads is the tokens of one
// channel, so TokenWindow need not filter them.
#pragma once

#include <memory>
#include <vector>

#include "antlr4-runtime.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/token_limits.h"

namespace dsc {

class TokenScreen : public antlr4::TokenSource {
 public:
  enum class Outcome { kClean, kLexicalError, kLimitCrossed };

  // `text` is what the lexer reads (its token indexes are byte offsets into it).
  TokenScreen(antlr4::TokenSource& lexer, TokenLimits& limits, std::string_view text, FileId file,
              std::vector<ast::Comment>* comments)
      : lexer_(lexer), limits_(limits), text_(text), file_(file), comments_(comments) {}

  // kClean until a lexical error or a crossed limit (reported by TokenLimits) ends it.
  Outcome outcome() const { return outcome_; }

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return lexer_.getLine(); }
  size_t getCharPositionInLine() override { return lexer_.getCharPositionInLine(); }
  antlr4::CharStream* getInputStream() override { return lexer_.getInputStream(); }
  std::string getSourceName() override { return lexer_.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return lexer_.getTokenFactory();
  }

 private:
  // The next token that is not a comment; null at a lexical error.
  std::unique_ptr<antlr4::Token> NextNonComment();

  antlr4::TokenSource& lexer_;
  TokenLimits& limits_;
  std::string_view text_;
  FileId file_;
  std::vector<ast::Comment>* comments_;
  std::unique_ptr<antlr4::Token> lookahead_;  // lexed to name an entity past the limit
  Outcome outcome_ = Outcome::kClean;
};

}  // namespace dsc
