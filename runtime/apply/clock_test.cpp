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

TEST_CASE("clock: a duration no clock can add is refused") {
  CHECK(ParseDuration("5200w") == seconds(5200LL * 7 * 86400));  // 99.7 years
  // Each term is small enough to parse; together they pass 100 years.
  CHECK_FALSE(ParseDuration("1000000000w"));
  CHECK_FALSE(ParseDuration("36600d1s"));
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "999999999w";
  CHECK_FALSE(ParseDuration(many));
}

TEST_CASE("clock: time left") {
  CHECK(FormatRemaining(seconds(0)) == "expired");
  CHECK(FormatRemaining(seconds(-5)) == "expired");
  CHECK(FormatRemaining(seconds(45)) == "45s");
  CHECK(FormatRemaining(seconds(3 * 3600 + 12 * 60 + 5)) == "3h12m");
  CHECK(FormatRemaining(seconds(2 * 86400)) == "2d");
  CHECK(FormatRemaining(seconds(2 * 86400 + 3600)) == "2d1h");
}

}  // namespace
}  // namespace dsc::runtime
