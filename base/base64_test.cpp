#include "base/base64.h"

#include <doctest/doctest.h>

namespace dsc::base {
namespace {

TEST_CASE("Base64 round trips and rejects junk") {
  for (std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    CHECK(Base64Decode(Base64Encode(text)) == text);
  }
  CHECK(Base64Encode("foobar") == "Zm9vYmFy");
  CHECK(Base64Encode("fo") == "Zm8=");
  CHECK(Base64Decode("Zm9v\nYmFy\n") == "foobar");
  CHECK(Base64Decode("Zm8") == "fo");  // final padding left out
  CHECK(Base64Decode("Zm9vYg") == "foob");
  CHECK(Base64Decode("") == "");
  CHECK_FALSE(Base64Decode("Zm9v!"));
  CHECK_FALSE(Base64Decode("Zm8=Zm8="));
  CHECK_FALSE(Base64Decode("Z"));
  CHECK_FALSE(Base64Decode("Zm9=v"));
  CHECK_FALSE(Base64Decode("Zm==="));
}

}  // namespace
}  // namespace dsc::base
