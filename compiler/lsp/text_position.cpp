#include "compiler/lsp/text_position.h"

#include <algorithm>

#include "compiler/source/source_file.h"

namespace dsc::lsp {
namespace {

// The length of the UTF-8 sequence led by `lead` (1 for a stray continuation byte).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// UTF-16 units of the character led by `lead`: two for one beyond the BMP.
size_t Utf16Units(unsigned char lead) { return lead >= 0xF0 ? 2 : 1; }

// A byte order mark is not part of line 0: editors drop it from the text they show.
size_t LineStart(std::string_view text, size_t line) {
  size_t start = StartsWithBom(text) ? kUtf8Bom.size() : 0;
  for (size_t i = 0; i < line; ++i) {
    size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) return text.size();
    start = newline + 1;
  }
  return start;
}

}  // namespace

size_t OffsetAt(std::string_view text, TextPosition position, PositionEncoding encoding) {
  size_t start = LineStart(text, position.line);
  size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  if (encoding == PositionEncoding::kUtf8) {
    size_t at = position.character >= end - start ? end : start + position.character;
    while (at > start && at < end && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
  }
  size_t units = 0, at = start;
  while (at < end && units < position.character) {
    unsigned char lead = static_cast<unsigned char>(text[at]);
    units += Utf16Units(lead);
    at = std::min(at + SequenceLength(lead), end);
  }
  return at;
}

TextPosition PositionAt(std::string_view text, size_t offset, PositionEncoding encoding) {
  return PositionWalker(text, encoding).At(offset);
}

PositionWalker::PositionWalker(std::string_view text, PositionEncoding encoding)
    : text_(text), encoding_(encoding) {
  if (StartsWithBom(text)) offset_ = line_start_ = kUtf8Bom.size();
}

TextPosition PositionWalker::At(size_t offset) {
  offset = std::min(offset, text_.size());
  for (; offset_ < offset; ++offset_) {
    if (text_[offset_] == '\n') {
      ++line_;
      line_start_ = offset_ + 1;
    }
  }
  TextPosition out{line_, 0};
  if (offset <= line_start_) return out;  // (inside a byte order mark too)
  if (encoding_ == PositionEncoding::kUtf8) {
    out.character = offset - line_start_;
    return out;
  }
  for (size_t at = line_start_; at < offset;) {
    unsigned char lead = static_cast<unsigned char>(text_[at]);
    out.character += Utf16Units(lead);
    at += SequenceLength(lead);
  }
  return out;
}

}  // namespace dsc::lsp
