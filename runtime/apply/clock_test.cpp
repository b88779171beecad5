#include "runtime/apply/clock.h"

#include <doctest/doctest.h>

namespace dsc::runtime {
namespace {

using std::chrono::seconds;

TEST_CASE("clock: durations as fleets write them") {
  CHECK(ParseDuration("90s") == seconds(90));
  CHECK(ParseDuration("15m") == seconds(900));
  CHECK(ParseDuration("36h") == seconds(36 * 3600));
  CHECK(ParseDuration("2d") == seconds(2 * 86400));
  CHECK(ParseDuration("1w") == seconds(7 * 86400));
  CHECK(ParseDuration("1h30m") == seconds(5400));
  for (const char* bad : {"", "h", "10", "5x", "1.5h", "-1h", "99999999999d"})
    CHECK_MESSAGE(!ParseDuration(bad), bad);
}

TEST_CASE("clock: RFC 3339 round trip and time left") {
  auto t = ParseRfc3339("2026-11-27T05:16:23Z");
  REQUIRE(t);
  CHECK(FormatRfc3339(*t) == "2026-11-27T05:16:23Z");
  CHECK(FormatRfc3339(*t + seconds(86400 * 5)) == "2026-12-02T05:16:23Z");
  CHECK_FALSE(ParseRfc3339("2026-11-27 05:16:23"));
  CHECK_FALSE(ParseRfc3339("2026-11-27T05:16:23Zjunk"));
  CHECK(FormatRemaining(seconds(0)) == "expired");
  CHECK(FormatRemaining(seconds(-5)) == "expired");
  CHECK(FormatRemaining(seconds(45)) == "45s");
  CHECK(FormatRemaining(seconds(3 * 3600 + 12 * 60 + 5)) == "3h12m");
  CHECK(FormatRemaining(seconds(2 * 86400)) == "2d");
  CHECK(FormatRemaining(seconds(2 * 86400 + 3600)) == "2d1h");
}

}  // namespace
}  // namespace dsc::runtime
