#include "base/rfc3339.h"

#include <doctest/doctest.h>

namespace dsc::base {
namespace {

using namespace std::chrono;

TEST_CASE("ParseRfc3339: the forms Kubernetes writes") {
  auto base = sys_days(year(2024) / 5 / 1) + hours(10);
  CHECK(ParseRfc3339("2024-05-01T10:00:00Z") == base);
  CHECK(ParseRfc3339("2024-05-01t10:00:00z") == base);
  CHECK(ParseRfc3339("2024-05-01T10:00:00.123456Z") == base);
  CHECK(ParseRfc3339("2024-05-01T12:30:00+02:30") == base);
  CHECK(ParseRfc3339("2024-05-01T08:00:00-02:00") == base);
  for (const char* bad : {"2024-05-01 10:00:00Z", "2024-02-30T10:00:00Z", "2024-05-01T10:00:00", "",
                          "2024-05-01T10:00:00Zjunk", "2024-05-01T24:00:00Z",
                          "2024-05-01T10:00:00+0200", "2024-5-01T10:00:00Z"})
    CHECK_MESSAGE(!ParseRfc3339(bad), bad);
}

TEST_CASE("FormatRfc3339: UTC, whole seconds, and back") {
  auto t = ParseRfc3339("2026-11-27T05:16:23Z");
  REQUIRE(t);
  CHECK(FormatRfc3339(*t) == "2026-11-27T05:16:23Z");
  CHECK(FormatRfc3339(*t + seconds(86400 * 5)) == "2026-12-02T05:16:23Z");
  CHECK(FormatRfc3339(*t + milliseconds(999)) == "2026-11-27T05:16:23Z");
}

// Found by fuzz_kubeconfig (regressions/fuzz_kubeconfig/exec-credential-expiry-in-4052.json):
// past 2262 the conversion to the clock's nanoseconds overflowed (UBSan).
TEST_CASE("ParseRfc3339: instants a clock cannot hold are clamped, not overflowed") {
  auto latest = ParseRfc3339("2200-01-01T00:00:00Z");
  auto earliest = ParseRfc3339("1970-01-01T00:00:00Z");
  REQUIRE(latest);
  REQUIRE(earliest);
  CHECK(ParseRfc3339("4052-11-27T12:00:00Z") == latest);
  CHECK(ParseRfc3339("9999-12-31T23:59:59Z") == latest);
  CHECK(ParseRfc3339("0000-01-01T00:00:00Z") == earliest);
  CHECK(ParseRfc3339("1600-01-01T00:00:00-23:59") == earliest);
  // Inside the window, nothing moves.
  CHECK(FormatRfc3339(*ParseRfc3339("2199-12-31T23:59:59Z")) == "2199-12-31T23:59:59Z");
  CHECK(FormatRfc3339(*ParseRfc3339("1970-01-01T00:00:01Z")) == "1970-01-01T00:00:01Z");
  // Time left until a clamped instant is still a plain subtraction.
  auto now = system_clock::now();
  CHECK(duration_cast<hours>(*latest - now).count() > 0);
  CHECK(duration_cast<hours>(*earliest - now).count() < 0);
}

}  // namespace
}  // namespace dsc::base
