// What a character is, for diagnostics that must name one the reader cannot see or
// cannot tell from another: `U+0430 CYRILLIC SMALL LETTER A`, `U+200B ZERO WIDTH SPACE`.
// The names cover the blocks a fleet file holds by mistake (unicode_names.inc, generated
// by scripts/gen-unicode-names.py); any other code point is named by its number alone.
#pragma once

#include <string>
#include <string_view>

namespace dsc {

// "U+0430 CYRILLIC SMALL LETTER A", or "U+XXXX" for a code point not in the table.
std::string CodePointName(char32_t cp);

// Whether the character shows nothing by itself: a control, format or space character, or
// a combining mark.
bool IsInvisible(char32_t cp);

// The ASCII letter or sign a character is easily taken for (`а` U+0430 -> 'a', `；` -> ';'),
// or 0.
char AsciiLookalike(char32_t cp);

// How a diagnostic shows one character: "`;`" for ASCII, "`а` (U+0430 CYRILLIC SMALL LETTER
// A)" for another visible one, "U+200B ZERO WIDTH SPACE" for an invisible one.
std::string DescribeCharacter(std::string_view utf8);

}  // namespace dsc
