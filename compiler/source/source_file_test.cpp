#include "compiler/source/source_file.h"

#include <doctest/doctest.h>

namespace dsc {
namespace {

TEST_CASE("LineColAt counts lines and code points") {
  SourceFile f(1, "t.ds", "ab\nc\xc3\xa9x\r\n\nlast");
  CHECK(f.LineColAt(0).line == 1);
  CHECK(f.LineColAt(1).column == 2);
  CHECK(f.LineColAt(3).line == 2);
  LineCol x = f.LineColAt(6);  // after the two-byte é
  CHECK(x.line == 2);
  CHECK(x.column == 3);
  CHECK(f.Line(2) == "c\xc3\xa9x");  // without the \r
  CHECK(f.Line(3).empty());
  CHECK(f.Line(4) == "last");
  CHECK(f.LineCount() == 4);
  CHECK(f.LineColAt(1000).line == 4);  // clamped
}

TEST_CASE("a byte order mark is not part of line 1") {
  SourceFile f(1, "t.ds", std::string(kUtf8Bom) + "ab\ncd");
  CHECK(f.Line(1) == "ab");
  CHECK(f.Line(2) == "cd");
  LineCol a = f.LineColAt(3);
  CHECK(a.line == 1);
  CHECK(a.column == 1);
  CHECK(f.LineColAt(4).column == 2);
  CHECK(f.LineColAt(0).column == 1);  // inside the mark: the start of line 1
  CHECK(f.LineColAt(6).line == 2);
  CHECK(f.LineColAt(6).column == 1);
  SourceFile only(2, "u.ds", std::string(kUtf8Bom));
  CHECK(only.Line(1).empty());
  CHECK(only.LineColAt(3).column == 1);
}

}  // namespace
}  // namespace dsc
