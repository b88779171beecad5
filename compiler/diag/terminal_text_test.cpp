#include "compiler/diag/terminal_text.h"

#include <doctest/doctest.h>

namespace dsc {

TEST_CASE("text for a terminal: controls and bidi overrides escaped, bad bytes replaced") {
  CHECK(TerminalSafe("plain `é` \xe6\xbc\xa2\ttab") == "plain `é` \xe6\xbc\xa2\ttab");
  CHECK(TerminalSafe(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(TerminalSafe("\x1b[31mred\x07") == "\\x1b[31mred\\x07");
  CHECK(TerminalSafe("\xc2\x9b"
                     "2J") == "\\x9b2J");  // C1 CSI
  CHECK(TerminalSafe("abc\xe2\x80\xae"
                     "cba") == "abc<U+202E>cba");
  CHECK(TerminalSafe("cut \xe2\x82") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(TerminalSafe("\xEF\xBF\xBD") == "\xEF\xBF\xBD");
}

}  // namespace dsc
