#include "base/sha256.h"

#include <doctest/doctest.h>

#include <string>

namespace dsc::base {
namespace {

TEST_CASE("sha256: the digest of a known text") {
  // FIPS 180-2, appendix B.1.
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256: pieces fed in turn hash as their concatenation") {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += static_cast<char>(i * 7 % 256);
  for (size_t cut : {size_t{0}, size_t{1}, size_t{63}, size_t{64}, size_t{4999}}) {
    CAPTURE(cut);
    Sha256Hasher hasher;
    hasher.Update(std::string_view(text).substr(0, cut));
    hasher.Update(std::string_view("\0", 1));
    hasher.Update(std::string_view(text).substr(cut));
    CHECK(hasher.HexDigest() == Sha256Hex(text.substr(0, cut) + '\0' + text.substr(cut)));
  }
  Sha256Hasher empty;
  CHECK(empty.HexDigest() == Sha256Hex(""));
}

}  // namespace
}  // namespace dsc::base
