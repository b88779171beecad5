// When and how long to wait before sending a request again: pure functions, so the
// policy is tested without a server.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace dsc::kube {

// 429 and the 5xx a busy or restarting apiserver (or its load balancer) answers with.
bool IsRetryableStatus(long status);

// Exponential backoff with jitter: attempt 1 waits about `initial`, each next one twice
// as long, capped at `max`. `jitter` in [0, 1) picks within [delay/2, delay).
std::chrono::milliseconds BackoffDelay(int attempt, std::chrono::milliseconds initial,
                                       std::chrono::milliseconds max, double jitter);

// A Retry-After header in seconds (the form the apiserver sends); nullopt otherwise.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value);

}  // namespace dsc::kube
