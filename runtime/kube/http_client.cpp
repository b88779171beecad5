#include "runtime/kube/http_client.h"

#include <mutex>
#include <random>
#include <thread>

#include "runtime/kube/credentials.h"
#include "runtime/kube/curl_pool.h"
#include "runtime/kube/curl_transfer.h"
#include "runtime/kube/retry_policy.h"

namespace dsc::kube {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How often a wait between attempts looks at the cancel flag.
constexpr milliseconds kCancelPollInterval{20};

milliseconds Remaining(Clock::time_point deadline) {
  return std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
}

HttpResponse Failed(TransportError error, std::string message, int attempts) {
  HttpResponse response;
  response.transport_error = error;
  response.error_message = std::move(message);
  response.attempts = attempts;
  return response;
}

HttpResponse CancelledResponse(const std::string& server, const HttpRequest& request,
                               int attempts) {
  return Failed(TransportError::kCancelled,
                request.method + " " + server + request.path + ": cancelled", attempts);
}

}  // namespace

struct HttpClient::Impl {
  Impl(const RestConfig& config, HttpClientOptions options_in)
      : config(config),
        options(std::move(options_in)),
        credentials(options.credentials ? options.credentials
                                        : std::make_shared<Credentials>(config)) {}

  bool Cancelled() const { return options.cancel && options.cancel->load(); }

  // One exchange with the current credential (also returned, for Invalidate after a 401).
  TransferOutcome Attempt(const HttpRequest& request, milliseconds timeout,
                          const std::function<bool(std::string_view)>* on_line,
                          Credential* credential);

  bool ShouldRetry(const TransferOutcome& outcome, Clock::time_point deadline) const;
  milliseconds RetryDelay(const HttpResponse& response, int attempts);
  // False when cancelled while waiting.
  bool SleepUnlessCancelled(milliseconds delay) const;

  const RestConfig& config;
  HttpClientOptions options;
  std::shared_ptr<Credentials> credentials;
  CurlPool pool;
  std::mutex random_mu;
  std::minstd_rand random{std::random_device{}()};
};

TransferOutcome HttpClient::Impl::Attempt(const HttpRequest& request, milliseconds timeout,
                                          const std::function<bool(std::string_view)>* on_line,
                                          Credential* credential) {
  TransferOutcome outcome;
  std::string error;
  if (!credentials->Get(credential, &error)) {
    outcome.response = Failed(TransportError::kCredentials, error, 0);
    return outcome;
  }
  PooledHandle handle(pool);
  if (!handle.valid()) {
    outcome.response = Failed(TransportError::kOther, "cannot create an HTTP handle", 0);
    return outcome;
  }
  TransferInput input;
  input.request = &request;
  input.config = &config;
  input.credential = credential;
  input.user_agent = options.user_agent;
  input.timeout = timeout;
  // Zero would mean curl's default of 300 s, not "no limit".
  input.connect_timeout =
      std::max(milliseconds(1), timeout.count() > 0 ? std::min(options.connect_timeout, timeout)
                                                    : options.connect_timeout);
  input.cancel = options.cancel;
  input.on_line = on_line;
  outcome = Transfer(handle.slot(), input);
  if (outcome.sent && options.on_sent) options.on_sent(request, outcome.response.status);
  return outcome;
}

bool HttpClient::Impl::ShouldRetry(const TransferOutcome& outcome,
                                   Clock::time_point deadline) const {
  const HttpResponse& response = outcome.response;
  if (response.transport_error == TransportError::kNone) return IsRetryableStatus(response.status);
  if (IsRetryableCurlCode(outcome.code)) return true;
  // Only the connect timeout can fire before the deadline: another try may connect.
  return outcome.code == CURLE_OPERATION_TIMEDOUT && !outcome.sent &&
         Remaining(deadline).count() > 0;
}

milliseconds HttpClient::Impl::RetryDelay(const HttpResponse& response, int attempts) {
  auto header = response.headers.find("retry-after");
  if (header != response.headers.end()) {
    if (auto delay = ParseRetryAfter(header->second)) {
      return std::min(*delay, options.max_backoff * 4);
    }
  }
  double jitter;
  {
    std::lock_guard<std::mutex> lock(random_mu);
    jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random);
  }
  return BackoffDelay(attempts, options.initial_backoff, options.max_backoff, jitter);
}

bool HttpClient::Impl::SleepUnlessCancelled(milliseconds delay) const {
  auto until = Clock::now() + delay;
  while (!Cancelled()) {
    auto left = Remaining(until);
    if (left.count() <= 0) return true;
    std::this_thread::sleep_for(std::min(left, kCancelPollInterval));
  }
  return false;
}

HttpClient::HttpClient(RestConfig config, HttpClientOptions options)
    : config_(std::move(config)), impl_(std::make_unique<Impl>(config_, std::move(options))) {}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::Send(const HttpRequest& request) {
  const HttpClientOptions& options = impl_->options;
  milliseconds budget = request.timeout.count() > 0 ? request.timeout : options.default_timeout;
  auto deadline = Clock::now() + budget;
  TransferOutcome outcome;
  bool reauthenticated = false;
  for (int attempts = 1;; ++attempts) {
    if (impl_->Cancelled()) {
      return CancelledResponse(config_.server, request, attempts - 1);
    }
    Credential credential;
    outcome = impl_->Attempt(request, std::max(Remaining(deadline), milliseconds(1)), nullptr,
                             &credential);
    HttpResponse& response = outcome.response;
    if (response.transport_error == TransportError::kCredentials) return response;
    response.attempts = attempts;
    // A rotated token or an expired plugin credential: fetch a new one, once per call.
    if (response.status == 401 && !reauthenticated && impl_->credentials->Invalidate(credential)) {
      reauthenticated = true;
      continue;
    }
    if (!request.retry || attempts >= options.max_attempts ||
        !impl_->ShouldRetry(outcome, deadline)) {
      break;
    }
    milliseconds delay = impl_->RetryDelay(response, attempts);
    if (delay >= Remaining(deadline)) break;
    if (!impl_->SleepUnlessCancelled(delay)) {
      return CancelledResponse(config_.server, request, attempts);
    }
  }
  HttpResponse& last = outcome.response;
  if (last.transport_error != TransportError::kNone && last.attempts > 1) {
    last.error_message += " (" + std::to_string(last.attempts) + " attempts)";
  }
  return std::move(last);
}

HttpResponse HttpClient::Stream(const HttpRequest& request,
                                const std::function<bool(std::string_view line)>& on_line) {
  if (impl_->Cancelled()) {
    return CancelledResponse(config_.server, request, 0);
  }
  Credential credential;
  TransferOutcome outcome = impl_->Attempt(request, request.timeout, &on_line, &credential);
  if (outcome.response.transport_error == TransportError::kCredentials) return outcome.response;
  outcome.response.attempts = 1;
  // No retry here, but the next call should not present the rejected credential again.
  if (outcome.response.status == 401) impl_->credentials->Invalidate(credential);
  return outcome.response;
}

}  // namespace dsc::kube
