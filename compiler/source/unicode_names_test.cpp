#include "compiler/source/unicode_names.h"

#include <doctest/doctest.h>

namespace dsc {

TEST_CASE("characters are named by code point, and invisible ones are never shown") {
  CHECK(DescribeCharacter(";") == "`;`");
  CHECK(DescribeCharacter("\xD0\xB0pi") == "`\xD0\xB0` (U+0430 CYRILLIC SMALL LETTER A)");
  CHECK(DescribeCharacter("\xE2\x80\x8B") == "U+200B ZERO WIDTH SPACE");
  CHECK(DescribeCharacter("\xE2\x80\xAE") == "U+202E RIGHT-TO-LEFT OVERRIDE");
  CHECK(DescribeCharacter("\x07") == "U+0007 ALERT");
  CHECK(DescribeCharacter("\xC2\x85") == "U+0085 NEXT LINE");
  CHECK(DescribeCharacter("\xEF\xBB\xBF") == "U+FEFF ZERO WIDTH NO-BREAK SPACE");
  CHECK(DescribeCharacter("\xCC\x81") == "U+0301 COMBINING ACUTE ACCENT");
  // Outside the table: the number alone, the character shown.
  CHECK(DescribeCharacter("\xF0\x9F\x98\x80") == "`\xF0\x9F\x98\x80` (U+1F600)");
}

TEST_CASE("lookalikes of ASCII") {
  CHECK(AsciiLookalike(0x0430) == 'a');
  CHECK(AsciiLookalike(0x0421) == 'C');
  CHECK(AsciiLookalike(0xFF1B) == ';');  // fullwidth semicolon
  CHECK(AsciiLookalike(0x201C) == '"');
  CHECK(AsciiLookalike(0x4E00) == 0);
}

}  // namespace dsc
