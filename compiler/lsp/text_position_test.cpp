#include "compiler/lsp/text_position.h"

#include <doctest/doctest.h>

#include <limits>

namespace dsc::lsp {

// "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "🚀" is 4 bytes and 2 units.
constexpr std::string_view kText = "ab\nxé🚀y\r\nlast";

TEST_CASE("lsp positions: UTF-16 units by default, bytes when agreed") {
  using E = PositionEncoding;
  CHECK(OffsetAt(kText, {0, 0}, E::kUtf16) == 0);
  CHECK(OffsetAt(kText, {1, 0}, E::kUtf16) == 3);
  CHECK(OffsetAt(kText, {1, 2}, E::kUtf16) == 6);   // after "xé"
  CHECK(OffsetAt(kText, {1, 4}, E::kUtf16) == 10);  // after the rocket
  CHECK(OffsetAt(kText, {1, 5}, E::kUtf16) == 11);  // after "y", before "\r\n"
  CHECK(OffsetAt(kText, {1, 7}, E::kUtf8) == 10);
  CHECK(OffsetAt(kText, {2, 4}, E::kUtf16) == 17);
  for (E e : {E::kUtf16, E::kUtf8}) {
    CHECK(PositionAt(kText, 10, e).line == 1);
    CHECK(OffsetAt(kText, PositionAt(kText, 10, e), e) == 10);
    CHECK(OffsetAt(kText, PositionAt(kText, 17, e), e) == 17);
  }
  CHECK(PositionAt(kText, 10, E::kUtf16).character == 4);
  CHECK(PositionAt(kText, 10, E::kUtf8).character == 7);
}

TEST_CASE("lsp positions: out of range is clamped, never inside a character") {
  using E = PositionEncoding;
  constexpr size_t kHuge = std::numeric_limits<size_t>::max();
  CHECK(OffsetAt(kText, {1, 99}, E::kUtf16) == 11);  // the end of the line, before "\r\n"
  CHECK(OffsetAt(kText, {1, kHuge}, E::kUtf8) == 11);
  CHECK(OffsetAt(kText, {kHuge, 0}, E::kUtf16) == kText.size());
  CHECK(OffsetAt(kText, {1, 3}, E::kUtf16) == 10);  // half a surrogate pair: after it
  CHECK(OffsetAt(kText, {1, 2}, E::kUtf8) == 4);    // inside "é": back to its start
  CHECK(PositionAt(kText, kHuge, E::kUtf16).line == 2);
  CHECK(OffsetAt("", {0, 5}, E::kUtf16) == 0);
}

TEST_CASE("lsp positions: a byte order mark is not a character of line 0") {
  using E = PositionEncoding;
  constexpr std::string_view kBom =
      "\xEF\xBB\xBF"
      "ab\ncd";
  CHECK(OffsetAt(kBom, {0, 0}, E::kUtf16) == 3);
  CHECK(OffsetAt(kBom, {0, 1}, E::kUtf8) == 4);
  CHECK(PositionAt(kBom, 4, E::kUtf16).character == 1);
  CHECK(PositionAt(kBom, 1, E::kUtf16).character == 0);  // inside the mark: line 0's start
  CHECK(PositionAt(kBom, 7, E::kUtf16).line == 1);
}

}  // namespace dsc::lsp
