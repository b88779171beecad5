#include "base/copy_short.h"

#include <doctest/doctest.h>

#include <string>

namespace dsc::base {
namespace {

TEST_CASE("CopyShort copies exactly n bytes, at every size and alignment") {
  std::string source(100, '\0');
  for (size_t i = 0; i < source.size(); ++i) source[i] = static_cast<char>('A' + i % 53);
  for (size_t n = 0; n <= 70; ++n) {
    for (size_t offset = 0; offset < 4; ++offset) {
      CAPTURE(n);
      CAPTURE(offset);
      std::string target(100, '.');
      CopyShort(target.data() + offset, source.data() + offset, n);
      std::string expected(100, '.');
      expected.replace(offset, n, source, offset, n);
      CHECK(target == expected);  // the n bytes, and nothing past them
    }
  }
}

}  // namespace
}  // namespace dsc::base
