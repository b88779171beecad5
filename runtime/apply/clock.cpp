#include "runtime/apply/clock.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>

namespace dsc::runtime {

std::optional<std::chrono::seconds> ParseDuration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  long long total = 0;
  size_t i = 0;
  while (i < text.size()) {
    long long n = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (n > 1'000'000'000) return std::nullopt;
      n = n * 10 + (text[i++] - '0');
      ++digits;
    }
    if (digits == 0 || i == text.size()) return std::nullopt;
    long long unit = 0;
    switch (text[i++]) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      case 'w':
        unit = 7 * 86400;
        break;
      default:
        return std::nullopt;
    }
    total += n * unit;
  }
  return std::chrono::seconds(total);
}

std::string FormatRfc3339(TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<TimePoint> ParseRfc3339(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
      consumed != static_cast<int>(text.size()))
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t secs = timegm(&tm);
  if (secs == -1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(secs);
}

std::string FormatRemaining(std::chrono::seconds remaining) {
  long long s = remaining.count();
  if (s <= 0) return "expired";
  long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
  if (d > 0) return h ? fmt::format("{}d{}h", d, h) : fmt::format("{}d", d);
  if (h > 0) return m ? fmt::format("{}h{}m", h, m) : fmt::format("{}h", h);
  if (m > 0) return fmt::format("{}m", m);
  return fmt::format("{}s", s);
}

}  // namespace dsc::runtime
