#include "runtime/kube/retry_policy.h"

#include <algorithm>

namespace dsc::kube {

bool IsRetryableStatus(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::chrono::milliseconds BackoffDelay(int attempt, std::chrono::milliseconds initial,
                                       std::chrono::milliseconds max, double jitter) {
  long long delay = initial.count();
  for (int i = 1; i < attempt && delay < max.count(); ++i) delay *= 2;
  delay = std::min(delay, static_cast<long long>(max.count()));
  jitter = std::clamp(jitter, 0.0, 1.0);
  return std::chrono::milliseconds(delay / 2 + static_cast<long long>(jitter * (delay / 2)));
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  // Up to 9 digits: no overflow, and anything longer is not a sensible wait anyway.
  if (value.empty() || value.size() > 9) return std::nullopt;
  long long seconds = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return std::chrono::milliseconds(seconds * 1000);
}

}  // namespace dsc::kube
