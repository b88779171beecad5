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
  offset = std::min(offset, text.size());
  TextPosition out;
  size_t start = StartsWithBom(text) ? std::min(offset, kUtf8Bom.size()) : 0;
  for (size_t newline = text.find('\n'); newline != std::string_view::npos && newline < offset;
       newline = text.find('\n', start)) {
    ++out.line;
    start = newline + 1;
  }
  if (encoding == PositionEncoding::kUtf8) {
    out.character = offset - start;
    return out;
  }
  for (size_t at = start; at < offset;) {
    unsigned char lead = static_cast<unsigned char>(text[at]);
    out.character += Utf16Units(lead);
    at += SequenceLength(lead);
  }
  return out;
}

}  // namespace dsc::lsp
