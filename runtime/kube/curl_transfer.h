// One HTTP exchange on one pooled libcurl handle: sets every option from scratch
// (request, TLS material, credential, timeouts, cancel), performs it, and says what
// happened in HttpResponse terms. Retries and deadlines belong to HttpClient.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "runtime/kube/credentials.h"
#include "runtime/kube/curl_pool.h"
#include "runtime/kube/http_client.h"

namespace dsc::kube {

struct TransferInput {
  const HttpRequest* request = nullptr;
  const RestConfig* config = nullptr;
  const Credential* credential = nullptr;
  std::string_view user_agent;
  std::chrono::milliseconds timeout{0};  // zero: none (a watch runs until it ends)
  std::chrono::milliseconds connect_timeout{0};
  const std::atomic<bool>* cancel = nullptr;
  // Streaming: the lines of a 2xx body go here instead of into the response.
  const std::function<bool(std::string_view line)>* on_line = nullptr;
};

struct TransferOutcome {
  HttpResponse response;  // attempts left at 0: the caller counts
  CURLcode code = CURLE_OK;
  bool sent = false;  // the request reached the server (it may have acted on it)
};

TransferOutcome Transfer(const CurlSlot& slot, const TransferInput& input);

// Dropped or refused connections, which another attempt may well get through.
bool IsRetryableCurlCode(CURLcode code);

}  // namespace dsc::kube
