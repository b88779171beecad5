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
  CHECK(DisplayWidth(0x1FA75) == 2);  // 🩵 (Unicode 15)
  CHECK(DisplayWidth(0x20000) == 2);  // plane 2 ideograph
  CHECK(DisplayWidth(0x30000) == 2);  // plane 3 ideograph
  CHECK(DisplayWidth(0x2FFFE) == 1);  // a noncharacter, not wide
  CHECK(DisplayWidth(0x10FFFF) == 1);
  CHECK(DisplayWidth(0x10FF) == 1);
  CHECK(DisplayWidth(0x1100) == 2);  // a Hangul leading consonant
  CHECK(DisplayWidth(0x115F) == 2);
}

TEST_CASE("DisplayWidth: combining marks and format characters take no column") {
  CHECK(DisplayWidth(0x0301) == 0);  // COMBINING ACUTE ACCENT
  CHECK(DisplayWidth(0x20DD) == 0);  // COMBINING ENCLOSING CIRCLE (Me)
  CHECK(DisplayWidth(0x0ECE) == 0);  // LAO YAMAKKAN (Mn, Unicode 15)
  CHECK(DisplayWidth(0x200B) == 0);  // ZERO WIDTH SPACE
  CHECK(DisplayWidth(0x200D) == 0);  // ZERO WIDTH JOINER
  CHECK(DisplayWidth(0x00AD) == 1);  // SOFT HYPHEN: drawn
  CHECK(DisplayWidth(0x093E) == 1);  // DEVANAGARI VOWEL SIGN AA (Mc): a column of its own
  CHECK(DisplayWidth(0x302E) == 2);  // HANGUL SINGLE DOT TONE MARK (Mc, wide)
  // Hangul medial vowels and final consonants join the syllable before them.
  CHECK(DisplayWidth(0x1160) == 0);
  CHECK(DisplayWidth(0x11A8) == 0);
  CHECK(DisplayWidth(0xD7B0) == 0);
  CHECK(DisplayWidth('e') == 1);
}

TEST_CASE("DisplayWidth: controls count one column, as the renderers show them") {
  CHECK(DisplayWidth('\t') == 1);
  CHECK(DisplayWidth(0x1B) == 1);
  CHECK(DisplayWidth(0x85) == 1);
}

TEST_CASE("DisplayWidth of text: the columns of its code points") {
  CHECK(DisplayWidth(std::string_view("")) == 0);
  CHECK(DisplayWidth("e\xCC\x81") == 1);                   // e + COMBINING ACUTE ACCENT
  CHECK(DisplayWidth("\xE0\xBA\x81\xE0\xBB\x8E") == 1);    // ກ + LAO YAMAKKAN
  CHECK(DisplayWidth("\xE1\x84\x80\xE1\x85\xA1") == 2);    // ᄀ + ᅡ: one syllable, 가
  CHECK(DisplayWidth("\xE6\x97\xA5\xE6\x9C\xAC x") == 6);  // 日本 x
  CHECK(DisplayWidth("\xF0\x9F\xA9\xB5") == 2);            // 🩵
  CHECK(DisplayWidth("a\xFF"
                     "b") == 3);         // the bad byte shows as U+FFFD
  CHECK(DisplayWidth("\xE2\x82") == 2);  // a cut sequence: two U+FFFD
}

}  // namespace
}  // namespace dsc
