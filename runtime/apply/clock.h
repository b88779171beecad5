// Time for TTLs: durations as the fleet writes them ("12h", "2d") and instants
// as RFC 3339 UTC text, the form stored in the inventory.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace dsc::runtime {

using TimePoint = std::chrono::system_clock::time_point;

// "90s", "15m", "36h", "2d", "1w", and sums like "1h30m". nullopt when malformed.
std::optional<std::chrono::seconds> ParseDuration(const std::string& text);
// "2026-11-27T05:16:23Z"
std::string FormatRfc3339(TimePoint t);
std::optional<TimePoint> ParseRfc3339(const std::string& text);
// "3h12m" (largest two units), "expired" when negative or zero.
std::string FormatRemaining(std::chrono::seconds remaining);

}  // namespace dsc::runtime
