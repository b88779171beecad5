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

}  // namespace
}  // namespace dsc
