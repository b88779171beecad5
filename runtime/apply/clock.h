// Time for TTLs: durations as the fleet writes them ("12h", "2d") and the time
// left until a deadline. Deadlines themselves are RFC 3339 text in the
// inventory (runtime/kube/rfc3339.h).
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace dsc::runtime {

using TimePoint = std::chrono::system_clock::time_point;

// "90s", "15m", "36h", "2d", "1w", and sums like "1h30m". nullopt when
// malformed or longer than 100 years (a hand-edited blueprint could ask for
// more than a clock can add to now).
std::optional<std::chrono::seconds> ParseDuration(const std::string& text);
// "3h12m" (largest two units), "expired" when negative or zero.
std::string FormatRemaining(std::chrono::seconds remaining);

}  // namespace dsc::runtime
