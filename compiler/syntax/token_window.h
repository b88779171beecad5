// The parser's tokens, kept only while the declaration being parsed needs them.
//
// ANTLR's CommonTokenStream keeps every token of the file until it is destroyed: at
// ~20 tokens per service, a 10,000-service fleet holds 200,000 tokens (~25 MB) that the
// parser has long finished with. TokenWindow holds the tokens from the start of the
// current declaration on: parse.cpp parses one top-level declaration at a time, converts
// it to the AST and then calls DropConsumed(), which frees every token before the next
// one. Tokens keep their index in the whole file (ANTLR's parser compares them).
//
// It does not filter channels: the token source (TokenScreen) passes the parser only the
// tokens it reads.
#pragma once

#include <memory>
#include <vector>

#include "antlr4-runtime.h"

namespace dsc {

class TokenWindow : public antlr4::TokenStream {
 public:
  explicit TokenWindow(antlr4::TokenSource* source) : source_(source) {}

  // Frees the tokens before the current one: nothing may point at them any more.
  void DropConsumed();

  antlr4::Token* LT(ssize_t k) override;
  antlr4::Token* get(size_t index) const override;
  antlr4::TokenSource* getTokenSource() const override { return source_; }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string getText() override;
  std::string getText(antlr4::RuleContext* ctx) override;
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override;

  void consume() override;
  size_t LA(ssize_t i) override {
    antlr4::Token* token = LT(i);
    return token ? token->getType() : antlr4::Token::INVALID_TYPE;
  }
  ssize_t mark() override { return -1; }  // tokens stay until DropConsumed: nothing to mark
  void release(ssize_t) override {}
  size_t index() override { return position_; }
  void seek(size_t index) override;
  size_t size() override { return first_ + tokens_.size(); }
  std::string getSourceName() const override { return source_->getSourceName(); }

 private:
  // Fetches tokens until the one with index `index` is in the window (or EOF is).
  void Fill(size_t index);

  antlr4::TokenSource* source_;
  // A vector, not a deque: indexing is what the parser does most, and DropConsumed
  // erases a declaration's worth of tokens (tens) from the front.
  std::vector<std::unique_ptr<antlr4::Token>> tokens_;
  size_t first_ = 0;     // the index of tokens_.front()
  size_t position_ = 0;  // the index of the current token, LT(1)
  bool at_eof_ = false;  // the last token fetched is EOF
};

}  // namespace dsc
