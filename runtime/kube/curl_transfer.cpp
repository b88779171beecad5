#include "runtime/kube/curl_transfer.h"

#include <algorithm>
#include <cctype>

namespace dsc::kube {
namespace {

// An error body of a watch is kept for the message; its size is bounded.
constexpr size_t kMaxStreamErrorBody = size_t{1} << 20;
// How long a transfer waits for its sockets before looking at the cancel flag again.
constexpr int kPollSliceMs = 50;

// Everything the callbacks need, alive for the duration of one perform.
struct TransferState {
  CURL* handle = nullptr;
  const TransferInput* input = nullptr;
  HttpResponse* response = nullptr;
  std::string pending_line;
  bool stopped_by_caller = false;
  char error_buffer[CURL_ERROR_SIZE] = {};
};

// Frees the header list when the attempt ends, however it ends.
struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { Curl().slist_free_all(list); }
  void Add(const std::string& header) { list = Curl().slist_append(list, header.c_str()); }
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  // A new status line (after a 100 Continue, say) starts a new set of headers.
  if (line.substr(0, 5) == "HTTP/") {
    state->response->headers.clear();
    return size * count;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  std::string& slot = state->response->headers[name];
  slot += (slot.empty() ? "" : ", ") + std::string(value);
  return size * count;
}

long ResponseCode(CURL* handle) {
  long status = 0;
  Curl().easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

// Splits a 2xx streaming body into lines; false when the caller wants no more.
bool DeliverLines(TransferState* state, std::string_view chunk) {
  state->pending_line.append(chunk);
  size_t begin = 0;
  for (size_t end; (end = state->pending_line.find('\n', begin)) != std::string::npos;) {
    std::string_view line(state->pending_line.data() + begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    begin = end + 1;
    if (!(*state->input->on_line)(line)) {
      state->stopped_by_caller = true;
      return false;
    }
  }
  state->pending_line.erase(0, begin);
  return true;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  std::string_view chunk(data, size * count);
  long status = ResponseCode(state->handle);
  if (state->input->on_line && status >= 200 && status < 300) {
    // Returning less than given makes curl stop with CURLE_WRITE_ERROR.
    return DeliverLines(state, chunk) ? chunk.size() : 0;
  }
  std::string& body = state->response->body;
  if (state->input->on_line && body.size() + chunk.size() > kMaxStreamErrorBody) {
    return chunk.size();
  }
  body.append(chunk);
  return chunk.size();
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel && cancel->load() ? 1 : 0;
}

void SetMethodAndBody(CURL* handle, const HttpRequest& request, HeaderList* headers) {
  const std::string& method = request.method;
  bool has_body = !request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (method == "GET" && !has_body) {
    Curl().easy_setopt(handle, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    Curl().easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else {
    Curl().easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  if (!has_body) return;
  Curl().easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
  Curl().easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
  headers->Add("Content-Type: " +
               (request.content_type.empty() ? "application/json" : request.content_type));
  // The apiserver never asks for 100-continue; waiting for it only adds a round trip.
  headers->Add("Expect:");
}

void SetTls(CURL* handle, const RestConfig& config, const Credential& credential) {
  // TODO(feature): tls-server-name (verify the certificate against another name than
  // the server's host) is not applied yet; CURLOPT_CONNECT_TO could provide it.
  if (config.insecure_skip_tls_verify) {
    Curl().easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
    Curl().easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!config.ca_pem.empty()) {
    curl_blob ca{const_cast<char*>(config.ca_pem.data()), config.ca_pem.size(), CURL_BLOB_COPY};
    Curl().easy_setopt(handle, CURLOPT_CAINFO_BLOB, &ca);
  }
  if (!credential.client_cert_pem.empty()) {
    curl_blob cert{const_cast<char*>(credential.client_cert_pem.data()),
                   credential.client_cert_pem.size(), CURL_BLOB_COPY};
    curl_blob key{const_cast<char*>(credential.client_key_pem.data()),
                  credential.client_key_pem.size(), CURL_BLOB_COPY};
    Curl().easy_setopt(handle, CURLOPT_SSLCERTTYPE, "PEM");
    Curl().easy_setopt(handle, CURLOPT_SSLCERT_BLOB, &cert);
    Curl().easy_setopt(handle, CURLOPT_SSLKEYTYPE, "PEM");
    Curl().easy_setopt(handle, CURLOPT_SSLKEY_BLOB, &key);
  }
}

void SetCredentials(CURL* handle, const RestConfig& config, const Credential& credential,
                    HeaderList* headers) {
  if (!credential.bearer_token.empty()) {
    headers->Add("Authorization: Bearer " + credential.bearer_token);
  } else if (!config.username.empty()) {
    Curl().easy_setopt(handle, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
    Curl().easy_setopt(handle, CURLOPT_USERNAME, config.username.c_str());
    Curl().easy_setopt(handle, CURLOPT_PASSWORD, config.password.c_str());
  }
}

void SetCallbacks(CURL* handle, TransferState* state) {
  Curl().easy_setopt(handle, CURLOPT_ERRORBUFFER, state->error_buffer);
  Curl().easy_setopt(handle, CURLOPT_HEADERFUNCTION, OnHeader);
  Curl().easy_setopt(handle, CURLOPT_HEADERDATA, state);
  Curl().easy_setopt(handle, CURLOPT_WRITEFUNCTION, OnBody);
  Curl().easy_setopt(handle, CURLOPT_WRITEDATA, state);
  Curl().easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  Curl().easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, OnProgress);
  Curl().easy_setopt(handle, CURLOPT_XFERINFODATA, state->input->cancel);
}

void Configure(CURL* handle, CURLSH* share, const std::string& url, TransferState* state,
               HeaderList* headers) {
  const TransferInput& input = *state->input;
  // Reset keeps the handle's open connections, TLS sessions and DNS cache.
  Curl().easy_reset(handle);
  if (share) Curl().easy_setopt(handle, CURLOPT_SHARE, share);
  Curl().easy_setopt(handle, CURLOPT_URL, url.c_str());
  // A kubeconfig's server is only ever an http(s) URL; nothing else may be fetched.
  Curl().easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "https,http");
  Curl().easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  Curl().easy_setopt(handle, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
  Curl().easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
  // Large lists come compressed when the server offers it.
  Curl().easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
  Curl().easy_setopt(handle, CURLOPT_USERAGENT, std::string(input.user_agent).c_str());
  if (input.timeout.count() > 0)
    Curl().easy_setopt(handle, CURLOPT_TIMEOUT_MS, long(input.timeout.count()));
  Curl().easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, long(input.connect_timeout.count()));
  if (!input.config->proxy_url.empty()) {
    Curl().easy_setopt(handle, CURLOPT_PROXY, input.config->proxy_url.c_str());
  }
  headers->Add("Accept: " + (input.request->accept.empty() ? std::string("application/json")
                                                           : input.request->accept));
  SetMethodAndBody(handle, *input.request, headers);
  SetTls(handle, *input.config, *input.credential);
  SetCredentials(handle, *input.config, *input.credential, headers);
  Curl().easy_setopt(handle, CURLOPT_HTTPHEADER, headers->list);
  SetCallbacks(handle, state);
}

TransportError Classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportError::kConnect;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return TransportError::kTls;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::kTimeout;
    default:
      return TransportError::kOther;
  }
}

std::string DescribeTls(CURLcode code, const RestConfig& config, const std::string& detail) {
  bool verify = code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE ||
                code == CURLE_SSL_ISSUER_ERROR;
  std::string out =
      "TLS: " + std::string(verify ? "certificate verify failed" : "handshake failed") + " for " +
      config.server + " (" + detail + ")";
  if (verify) out += "; check the cluster's certificate-authority in " + config.source;
  if (verify && !config.tls_server_name.empty()) {
    out += " (tls-server-name is not supported by dsc yet)";
  }
  return out;
}

std::string Describe(CURLcode code, const TransferInput& input, const std::string& url,
                     const char* error_buffer) {
  std::string detail = error_buffer[0] ? error_buffer : Curl().easy_strerror(code);
  const RestConfig& config = *input.config;
  switch (Classify(code)) {
    case TransportError::kConnect:
      return "cannot reach " + config.server + ": " + detail;
    case TransportError::kTls:
      return DescribeTls(code, config, detail);
    case TransportError::kTimeout:
      return input.request->method + " " + url + ": timed out (" + detail + ")";
    default:
      return input.request->method + " " + url + ": " + detail;
  }
}

void Finish(CURLcode code, const TransferState& state, const std::string& url,
            TransferOutcome* outcome) {
  const TransferInput& input = *state.input;
  HttpResponse& response = outcome->response;
  bool cancelled = code == CURLE_ABORTED_BY_CALLBACK && input.cancel && input.cancel->load();
  // The caller ending a stream is a normal end, not a failure.
  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && state.stopped_by_caller)) {
    response.status = ResponseCode(state.handle);
  } else if (cancelled) {
    response.transport_error = TransportError::kCancelled;
    response.error_message = input.request->method + " " + url + ": cancelled";
  } else {
    response.transport_error = Classify(code);
    response.error_message = Describe(code, input, url, state.error_buffer);
  }
  if (response.transport_error != TransportError::kNone) {
    response.status = 0;
    response.body.clear();
  }
  long request_size = 0;
  Curl().easy_getinfo(state.handle, CURLINFO_REQUEST_SIZE, &request_size);
  outcome->sent = request_size > 0;
  outcome->code = code;
}

// curl_easy_perform, but waiting in short slices so that a raised cancel flag ends
// the transfer within one slice even when no data flows (an idle watch).
CURLcode Perform(const CurlSlot& slot, const std::atomic<bool>* cancel) {
  if (Curl().multi_add_handle(slot.multi, slot.easy) != CURLM_OK) return CURLE_FAILED_INIT;
  CURLcode code = CURLE_OK;
  for (int running = 1;;) {
    if (Curl().multi_perform(slot.multi, &running) != CURLM_OK) {
      code = CURLE_OUT_OF_MEMORY;
      break;
    }
    if (!running) {
      int queued = 0;
      while (CURLMsg* message = Curl().multi_info_read(slot.multi, &queued)) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == slot.easy) {
          code = message->data.result;
        }
      }
      break;
    }
    if (cancel && cancel->load()) {
      code = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
    Curl().multi_poll(slot.multi, nullptr, 0, kPollSliceMs, nullptr);
  }
  // Removing an unfinished transfer closes its connection; a finished one stays cached.
  Curl().multi_remove_handle(slot.multi, slot.easy);
  return code;
}

}  // namespace

TransferOutcome Transfer(const CurlSlot& slot, const TransferInput& input) {
  TransferOutcome outcome;
  std::string url = input.config->server + input.request->path;
  TransferState state;
  state.handle = slot.easy;
  state.input = &input;
  state.response = &outcome.response;
  HeaderList headers;
  Configure(slot.easy, slot.share, url, &state, &headers);
  CURLcode code = Perform(slot, input.cancel);
  // A last line the server ended without a newline.
  long status = ResponseCode(slot.easy);
  if (code == CURLE_OK && input.on_line && !state.pending_line.empty() && status >= 200 &&
      status < 300) {
    (*input.on_line)(state.pending_line);
  }
  Finish(code, state, url, &outcome);
  return outcome;
}

bool IsRetryableCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

}  // namespace dsc::kube
