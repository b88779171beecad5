// RFC 3339 instants, as Kubernetes writes them: credential expiries
// (ExecCredential.status.expirationTimestamp) and the TTL deadlines dsc keeps
// in its inventory.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dsc::base {

using TimePoint = std::chrono::system_clock::time_point;

// "2024-05-01T10:00:00Z", "2024-05-01T10:00:00.123+02:00". nullopt when
// malformed. A valid instant outside 1970..2200 is clamped to that window: a
// system_clock time_point holds only about ±292 years of nanoseconds, so
// "4052-01-01T00:00:00Z" (which a plugin may print for "never") would overflow,
// and for an expiry, any instant past 2200 means "never" and before 1970
// "already".
std::optional<TimePoint> ParseRfc3339(std::string_view text);

// "2026-11-27T05:16:23Z": UTC, whole seconds.
std::string FormatRfc3339(TimePoint t);

}  // namespace dsc::base
