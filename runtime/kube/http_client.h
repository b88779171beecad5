// The HTTP client dsc's runtime talks to the apiserver with (libcurl).
//
// Thread-safe: many threads may Send() at once; handles (and their connections,
// HTTP/2 where the server offers it via ALPN) are pooled and reused. TLS
// verification is on unless the RestConfig says insecure-skip-tls-verify.
// Retries with exponential backoff (honouring Retry-After) on 429, 500, 502, 503, 504
// and dropped/refused connections, within the request's deadline. Credentials: bearer
// token, token file (re-read after a 401), client certificate, exec plugin (run on first
// use and again when expired or after a 401), basic auth.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/kube/credentials.h"
#include "runtime/kube/kubeconfig.h"

namespace dsc::kube {

struct HttpRequest {
  std::string method = "GET";
  // Empty-brace defaults: `{"GET", path}` then compiles clean under -Wextra
  // (-Wmissing-field-initializers).
  std::string path{};  // "/api/v1/namespaces/x/pods?labelSelector=..." (already escaped)
  std::string body{};
  std::string content_type{};  // e.g. application/apply-patch+yaml
  std::string accept{};        // empty: application/json
  // The whole call, retries included. Zero: the client's default.
  std::chrono::milliseconds timeout{0};
  bool retry = true;  // false: one attempt (e.g. a watch)
};

enum class TransportError {
  kNone,
  kConnect,      // refused, unreachable, reset, DNS
  kTls,          // certificate verification or handshake failed
  kTimeout,      // deadline passed
  kCancelled,    // the cancel flag was raised
  kCredentials,  // the exec plugin / token file could not give a credential
  kOther,
};

struct HttpResponse {
  long status = 0;  // 0 when transport_error != kNone
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  TransportError transport_error = TransportError::kNone;
  std::string error_message;  // transport problem in words; never a credential
  int attempts = 0;

  bool ok() const {
    return transport_error == TransportError::kNone && status >= 200 && status < 300;
  }
};

struct HttpClientOptions {
  std::chrono::milliseconds default_timeout{30000};
  std::chrono::milliseconds connect_timeout{5000};
  int max_attempts = 6;
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
  std::string user_agent = "dsc";
  // When set and raised (e.g. by SIGINT), in-flight and future requests stop with
  // TransportError::kCancelled as soon as possible.
  const std::atomic<bool>* cancel = nullptr;
  // Counts every request actually sent (tests assert "no writes" with it).
  std::function<void(const HttpRequest&, long status)> on_sent;
  // Shared with another client for the same config, so an exec plugin runs (and a token
  // file is read) once for both; null: the client keeps its own.
  std::shared_ptr<Credentials> credentials;
};

class HttpClient {
 public:
  HttpClient(RestConfig config, HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse Send(const HttpRequest& request);

  // A streaming GET (watch): calls on_line for each complete line of the body until
  // on_line returns false, the server closes, the timeout passes or cancel is raised.
  // No retries. The returned response has status and any error; body stays empty
  // on 2xx (lines went to on_line), holds the error body otherwise.
  HttpResponse Stream(const HttpRequest& request,
                      const std::function<bool(std::string_view line)>& on_line);

  const RestConfig& config() const { return config_; }

 private:
  struct Impl;
  RestConfig config_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dsc::kube
