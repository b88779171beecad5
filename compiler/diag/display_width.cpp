#include "compiler/diag/display_width.h"

#include <utf8proc.h>

#include "compiler/source/utf8.h"

namespace dsc {

uint32_t DisplayWidth(char32_t code_point) {
  auto cp = static_cast<utf8proc_int32_t>(code_point);
  utf8proc_category_t category = utf8proc_category(cp);
  // utf8proc gives controls no width; the renderers show a tab as a tab counted as one
  // column and any other control as one U+FFFD.
  if (category == UTF8PROC_CATEGORY_CC) return 1;
  int width = utf8proc_charwidth(cp);
  // A spacing mark (Devanagari `ा`) takes a column of its own on a terminal (glibc's
  // wcwidth, VTE, xterm); utf8proc counts most with the marks drawn over the base.
  if (category == UTF8PROC_CATEGORY_MC) return width > 1 ? width : 1;
  // Hangul medial vowels and final consonants join the leading consonant in one
  // two-column syllable block; utf8proc gives each a column.
  int boundclass = utf8proc_get_property(cp)->boundclass;
  if (boundclass == UTF8PROC_BOUNDCLASS_V || boundclass == UTF8PROC_BOUNDCLASS_T) return 0;
  return static_cast<uint32_t>(width);
}

uint32_t DisplayWidth(std::string_view text) {
  uint32_t width = 0;
  while (!text.empty()) {
    DecodedCodePoint decoded = DecodeUtf8(text);
    width += DisplayWidth(decoded.code_point);
    text.remove_prefix(decoded.length);
  }
  return width;
}

}  // namespace dsc
