#include "runtime/kube/quantity.h"

#include <doctest/doctest.h>

namespace dsc::kube {

TEST_CASE("quantities: CPU in cores, memory in bytes, as the apiserver writes them") {
  CHECK(ParseQuantity("250m") == doctest::Approx(0.25));
  CHECK(ParseQuantity("1") == 1.0);
  CHECK(ParseQuantity("1.5") == 1.5);
  CHECK(ParseQuantity("128Mi") == 134217728.0);
  CHECK(ParseQuantity("1Gi") == 1073741824.0);
  CHECK(ParseQuantity("512M") == 512e6);
  CHECK(ParseQuantity("100k") == 100e3);
  CHECK(ParseQuantity("2e3") == 2000.0);
  CHECK(ParseQuantity("5E-1") == doctest::Approx(0.5));
  CHECK(ParseQuantity("100n") == doctest::Approx(1e-7));
  for (const char* bad : {"", "Mi", "1.2.3", "1Xi", "1e", "1e+", "one", "1 Gi", "-"})
    CHECK_MESSAGE(!ParseQuantity(bad), bad);
}

}  // namespace dsc::kube
