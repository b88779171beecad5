#include "compiler/source/utf8.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstring>

namespace dsc {

DecodedCodePoint DecodeUtf8(std::string_view text) {
  if (text.empty()) return {};
  utf8proc_int32_t code_point = -1;
  // Only the first sequence is read: at most 4 bytes, so the length always fits.
  utf8proc_ssize_t length = utf8proc_iterate(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(std::min<size_t>(text.size(), 4)), &code_point);
  if (length <= 0 || code_point < 0) return {0xFFFD, 1, false};
  return {static_cast<char32_t>(code_point), static_cast<size_t>(length), true};
}

std::optional<uint32_t> FindInvalidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    // ASCII, nearly all of a fleet file, is valid byte by byte: no decoder call for it,
    // and eight bytes at a time while none has its high bit set.
    uint64_t word;
    if (i + sizeof word <= text.size()) {
      std::memcpy(&word, text.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += sizeof word;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    DecodedCodePoint decoded = DecodeUtf8(text.substr(i));
    if (!decoded.valid) return static_cast<uint32_t>(i);
    i += decoded.length;
  }
  return std::nullopt;
}

uint32_t CountCodePoints(std::string_view text) {
  uint32_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) i += DecodeUtf8(text.substr(i)).length;
  return count;
}

void AppendUtf8(char32_t code_point, std::string& out) {
  utf8proc_uint8_t bytes[4];
  utf8proc_ssize_t length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), bytes);
  out.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
}

}  // namespace dsc
