#include "base/rfc3339.h"

#include <algorithm>
#include <ctime>

namespace dsc::base {
namespace {

// The `count` digits at `at`, or -1.
int Digits(std::string_view text, size_t at, size_t count) {
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<TimePoint> ParseRfc3339(std::string_view text) {
  using namespace std::chrono;
  int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return {};
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return {};
  }
  size_t at = 19;
  // Fractional seconds do not matter for an expiry or a TTL.
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  }
  int offset_minutes = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int offset_h = Digits(text, at + 1, 2), offset_m = Digits(text, at + 4, 2);
    if (offset_h < 0 || offset_m < 0 || text[at + 3] != ':') return {};
    offset_minutes = (text[at] == '-' ? -1 : 1) * (offset_h * 60 + offset_m);
    at += 6;
  } else {
    return {};
  }
  year_month_day date{std::chrono::year(year), std::chrono::month(unsigned(month)),
                      std::chrono::day(unsigned(day))};
  if (at != text.size() || !date.ok() || hour > 23 || minute > 59 || second > 60) return {};
  // Counted in seconds (years 0..9999 fit easily), clamped before the
  // conversion to the clock's nanoseconds can overflow.
  sys_seconds instant =
      sys_days(date) + hours(hour) + minutes(minute) + seconds(second) - minutes(offset_minutes);
  constexpr sys_seconds kEarliest = sys_days(std::chrono::year(1970) / 1 / 1);
  constexpr sys_seconds kLatest = sys_days(std::chrono::year(2200) / 1 / 1);
  return TimePoint(std::clamp(instant, kEarliest, kLatest).time_since_epoch());
}

std::string FormatRfc3339(TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace dsc::base
