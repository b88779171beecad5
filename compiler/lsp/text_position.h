// LSP positions (a line and a character within it) and byte offsets into a document's
// UTF-8 text. A character counts UTF-16 code units by default, or bytes when client and
// server agree on `utf-8` (LSP 3.17 `positionEncoding`). A UTF-8 byte order mark at the
// start is not counted: editors do not show it.
#pragma once

#include <cstddef>
#include <string_view>

namespace dsc::lsp {

enum class PositionEncoding { kUtf16, kUtf8 };

struct TextPosition {
  size_t line = 0;       // 0-based
  size_t character = 0;  // 0-based, in the encoding's units
};

// The byte offset of `position` in `text`: clamped to the end of its line (and of the text),
// as the protocol asks of a position past the end; never inside a UTF-8 sequence.
size_t OffsetAt(std::string_view text, TextPosition position, PositionEncoding encoding);

// The position of byte `offset` (clamped to the text).
TextPosition PositionAt(std::string_view text, size_t offset, PositionEncoding encoding);

// Positions of many offsets in one pass over the text (PositionAt scans from the start
// every time): each call continues from the last, so offsets must not decrease.
class PositionWalker {
 public:
  PositionWalker(std::string_view text, PositionEncoding encoding);
  TextPosition At(size_t offset);

 private:
  std::string_view text_;
  PositionEncoding encoding_;
  size_t offset_ = 0;  // scanned up to here
  size_t line_ = 0;
  size_t line_start_ = 0;  // of line_
};

}  // namespace dsc::lsp
