#include "compiler/syntax/token_window.h"

namespace dsc {

void TokenWindow::Fill(size_t index) {
  while (!at_eof_ && size() <= index) {
    std::unique_ptr<antlr4::Token> token = source_->nextToken();
    // The lexer's factory makes CommonTokens; so does TokenScreen for its EOF.
    static_cast<antlr4::CommonToken*>(token.get())->setTokenIndex(size());
    at_eof_ = token->getType() == antlr4::Token::EOF;
    tokens_.push_back(std::move(token));
  }
}

void TokenWindow::DropConsumed() {
  if (position_ <= first_) return;
  size_t consumed = std::min(position_ - first_, tokens_.size());
  tokens_.erase(tokens_.begin(), tokens_.begin() + static_cast<ptrdiff_t>(consumed));
  first_ += consumed;
}

antlr4::Token* TokenWindow::LT(ssize_t k) {
  if (k == 0) return nullptr;
  if (k < 0) {
    size_t back = static_cast<size_t>(-k);
    if (back > position_ || position_ - back < first_) return nullptr;
    return tokens_[position_ - back - first_].get();
  }
  size_t at = position_ + static_cast<size_t>(k) - 1;
  Fill(at);
  // Past EOF, LT keeps answering EOF, as BufferedTokenStream does.
  if (at >= size()) return tokens_.empty() ? nullptr : tokens_.back().get();
  return tokens_[at - first_].get();
}

antlr4::Token* TokenWindow::get(size_t index) const {
  if (index < first_ || index >= first_ + tokens_.size())
    throw antlr4::IndexOutOfBoundsException("token " + std::to_string(index) +
                                            " is not in the window");
  return tokens_[index - first_].get();
}

void TokenWindow::consume() {
  if (LA(1) == antlr4::Token::EOF) throw antlr4::IllegalStateException("cannot consume EOF");
  ++position_;
}

void TokenWindow::seek(size_t index) {
  if (index < first_) throw antlr4::IndexOutOfBoundsException("seek before the window");
  Fill(index);
  position_ = std::min(index, size() - 1);
}

std::string TokenWindow::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a) return "";
  std::string text;
  size_t last = static_cast<size_t>(interval.b);
  for (size_t i = std::max(first_, static_cast<size_t>(interval.a)); i <= last && i < size(); ++i) {
    antlr4::Token* token = tokens_[i - first_].get();
    if (token->getType() == antlr4::Token::EOF) break;
    text += token->getText();
  }
  return text;
}

std::string TokenWindow::getText() { return getText(antlr4::misc::Interval(first_, size() - 1)); }

std::string TokenWindow::getText(antlr4::RuleContext* ctx) {
  return getText(ctx->getSourceInterval());
}

std::string TokenWindow::getText(antlr4::Token* start, antlr4::Token* stop) {
  if (!start || !stop) return "";
  return getText(antlr4::misc::Interval(start->getTokenIndex(), stop->getTokenIndex()));
}

}  // namespace dsc
