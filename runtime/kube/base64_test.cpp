#include "runtime/kube/base64.h"

#include <doctest/doctest.h>

namespace dsc::kube {
namespace {

TEST_CASE("Base64 round trips and rejects junk") {
  for (std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    CHECK(Base64Decode(Base64Encode(text)) == text);
  }
  CHECK(Base64Encode("foobar") == "Zm9vYmFy");
  CHECK(Base64Encode("fo") == "Zm8=");
  CHECK(Base64Decode("Zm9v\nYmFy\n") == "foobar");
  CHECK_FALSE(Base64Decode("Zm9v!"));
  CHECK_FALSE(Base64Decode("Zm8=Zm8="));
  CHECK_FALSE(Base64Decode("Z"));
}

}  // namespace
}  // namespace dsc::kube
