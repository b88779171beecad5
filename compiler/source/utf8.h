// UTF-8 decoding for every stage, over utf8proc. One rule for what is valid (no overlong
// forms, surrogates or values past U+10FFFF) and one answer for what is not (each invalid
// byte is U+FFFD, one byte long), so that columns, carets, escapes and the "not UTF-8"
// diagnostic all agree on the same text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dsc {

struct DecodedCodePoint {
  char32_t code_point = 0xFFFD;  // U+FFFD for an invalid byte
  size_t length = 0;             // in bytes: 1 for an invalid byte, 0 only for empty text
  bool valid = false;
};

// The first code point of `text`.
DecodedCodePoint DecodeUtf8(std::string_view text);

// The byte offset of the first invalid UTF-8 sequence, or nullopt if all of `text` is valid.
std::optional<uint32_t> FindInvalidUtf8(std::string_view text);

// The code points in `text`; an invalid byte counts as one.
uint32_t CountCodePoints(std::string_view text);

// Appends `code_point` (a Unicode scalar value: not a surrogate, at most U+10FFFF) as UTF-8.
void AppendUtf8(char32_t code_point, std::string& out);

}  // namespace dsc
