#include "compiler/diag/display_width.h"

#include <doctest/doctest.h>

namespace dsc {
namespace {

TEST_CASE("DisplayWidth: East Asian wide and fullwidth code points take two columns") {
  CHECK(DisplayWidth('a') == 1);
  CHECK(DisplayWidth(0xE9) == 1);     // é
  CHECK(DisplayWidth(0x65E5) == 2);   // 日 (CJK ideograph)
  CHECK(DisplayWidth(0xAC00) == 2);   // 가 (Hangul syllable)
  CHECK(DisplayWidth(0x3000) == 2);   // ideographic space (fullwidth)
  CHECK(DisplayWidth(0xFF21) == 2);   // Ａ (fullwidth Latin)
  CHECK(DisplayWidth(0xFF61) == 1);   // ｡ (halfwidth katakana punctuation)
  CHECK(DisplayWidth(0x1F680) == 2);  // 🚀
  CHECK(DisplayWidth(0x20000) == 2);  // plane 2 ideograph
  CHECK(DisplayWidth(0x2FFFE) == 1);  // a noncharacter, not wide
  CHECK(DisplayWidth(0x10FFFF) == 1);
  // The table's edges.
  CHECK(DisplayWidth(0x10FF) == 1);
  CHECK(DisplayWidth(0x1100) == 2);
  CHECK(DisplayWidth(0x115F) == 2);
  CHECK(DisplayWidth(0x1160) == 0);  // a Hangul medial vowel joins the syllable before it
  CHECK(DisplayWidth(0x3FFFD) == 2);
  CHECK(DisplayWidth(0x3FFFE) == 1);
}

}  // namespace
TEST_CASE("DisplayWidth: combining marks and format characters take no column") {
  CHECK(DisplayWidth(0x0301) == 0);  // COMBINING ACUTE ACCENT
  CHECK(DisplayWidth(0x20DD) == 0);  // COMBINING ENCLOSING CIRCLE (Me)
  CHECK(DisplayWidth(0x200B) == 0);  // ZERO WIDTH SPACE
  CHECK(DisplayWidth(0x200D) == 0);  // ZERO WIDTH JOINER
  CHECK(DisplayWidth(0x00AD) == 1);  // SOFT HYPHEN: drawn
  CHECK(DisplayWidth('e') == 1);
}

}  // namespace dsc
