#include "runtime/apply/clock.h"

#include <fmt/format.h>

namespace dsc::runtime {
namespace {

constexpr long long kMaxDuration = 100LL * 366 * 86400;

}  // namespace

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
    if (total > kMaxDuration) return std::nullopt;
  }
  return std::chrono::seconds(total);
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
