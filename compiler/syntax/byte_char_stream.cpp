#include "compiler/syntax/byte_char_stream.h"

namespace dsc {

void ByteCharStream::consume() {
  if (position_ >= text_.size()) throw antlr4::IllegalStateException("cannot consume EOF");
  ++position_;
}

// As ANTLRInputStream::LA: LA(1) is the byte at the position, LA(-1) the one before it.
size_t ByteCharStream::LA(ssize_t i) {
  if (i == 0) return 0;
  ssize_t at = static_cast<ssize_t>(position_) + (i > 0 ? i - 1 : i);
  if (at < 0 || at >= static_cast<ssize_t>(text_.size())) return EOF;
  return static_cast<unsigned char>(text_[static_cast<size_t>(at)]);
}

// The bytes from interval.a to interval.b, both included, clipped to the text.
std::string ByteCharStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || static_cast<size_t>(interval.a) >= text_.size() || interval.b < interval.a)
    return "";
  size_t begin = static_cast<size_t>(interval.a);
  size_t end = std::min(text_.size(), static_cast<size_t>(interval.b) + 1);
  return std::string(text_.substr(begin, end - begin));
}

}  // namespace dsc
