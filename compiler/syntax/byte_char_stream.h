// The lexer's input: the file's bytes as they are, one ANTLR "character" per byte.
//
// ANTLR's own ANTLRInputStream converts the whole text to UTF-32 first: four bytes of
// memory per byte of input, a pass over it, and code-point indexes that every span then
// has to map back to byte offsets. The grammar needs none of that: every token that can
// hold a non-ASCII character (strings, comments, a stray character) matches any byte
// but a few ASCII ones, so lexing the UTF-8 bytes yields the same tokens, and their
// start and stop indexes are byte offsets already. The text was checked as UTF-8 before
// it gets here (parse.cpp); a stray non-ASCII character lexes as one ERROR_CHAR per byte,
// which parse.cpp reports as one character.
#pragma once

#include <string_view>

#include "antlr4-runtime.h"

namespace dsc {

class ByteCharStream : public antlr4::CharStream {
 public:
  // `text` must outlive the stream and every token made from it.
  explicit ByteCharStream(std::string_view text) : text_(text) {}

  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; }  // the whole text is in memory: nothing to buffer
  void release(ssize_t) override {}
  size_t index() override { return position_; }
  void seek(size_t index) override { position_ = std::min(index, text_.size()); }
  size_t size() override { return text_.size(); }
  std::string getSourceName() const override { return UNKNOWN_SOURCE_NAME; }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string toString() const override { return std::string(text_); }

 private:
  std::string_view text_;
  size_t position_ = 0;
};

}  // namespace dsc
