#include "runtime/kube/credentials.h"

#include "base/read_file.h"
#include "runtime/kube/client_key_pair.h"

namespace dsc::kube {
namespace {

using Clock = std::chrono::system_clock;

// Projected service-account tokens rotate; client-go re-reads the file this often.
constexpr auto kTokenFileMaxAge = std::chrono::minutes(1);
// Renew a little early so a credential does not expire while a request is in flight.
constexpr auto kExpiryMargin = std::chrono::seconds(10);

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

}  // namespace

bool Credentials::Refreshable() const {
  // A static token takes precedence over both (client-go does the same).
  return config_.token.empty() && (!config_.token_file.empty() || config_.exec.has_value());
}

bool Credentials::Fresh() const {
  return valid_ && (!expiry_ || Clock::now() + kExpiryMargin < *expiry_);
}

bool Credentials::Get(Credential* out, std::string* error) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!Fresh() && !Refresh(error)) return false;
  *out = current_;
  return true;
}

bool Credentials::Invalidate(const Credential& used) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!Refreshable()) return false;
  if (used.generation == current_.generation) valid_ = false;
  return true;
}

bool Credentials::ReadTokenFile(std::string* error) {
  std::string text;
  std::string read_error;
  if (!base::ReadFileToString(config_.token_file, &text, &read_error)) {
    *error = "token file: " + read_error;
    return false;
  }
  current_.bearer_token = Trim(text);
  if (current_.bearer_token.empty()) {
    *error = "token file " + config_.token_file + " is empty";
    return false;
  }
  expiry_ = Clock::now() + kTokenFileMaxAge;
  return true;
}

bool Credentials::Refresh(std::string* error) {
  Credential next;
  next.generation = current_.generation + 1;
  next.client_cert_pem = config_.client_cert_pem;
  next.client_key_pem = config_.client_key_pem;
  current_ = std::move(next);
  expiry_.reset();
  valid_ = false;
  bool cert_from_plugin = false;
  if (!config_.token.empty()) {
    current_.bearer_token = config_.token;
  } else if (!config_.token_file.empty()) {
    if (!ReadTokenFile(error)) return false;
  } else if (config_.exec) {
    ExecCredential credential;
    if (!RunExecPlugin(*config_.exec, config_, &credential, error, exec_limits_)) return false;
    current_.bearer_token = std::move(credential.token);
    if (!credential.client_cert_pem.empty()) {
      cert_from_plugin = true;
      current_.client_cert_pem = std::move(credential.client_cert_pem);
      current_.client_key_pem = std::move(credential.client_key_pem);
    }
    expiry_ = credential.expiry;
  }
  std::string problem;
  if (!current_.client_cert_pem.empty() &&
      !CheckClientKeyPair(current_.client_cert_pem, current_.client_key_pem, &problem)) {
    *error = problem + (cert_from_plugin
                            ? " (as the exec plugin printed them)"
                            : " (client-certificate and client-key in " + config_.source + ")");
    return false;
  }
  valid_ = true;
  return true;
}

}  // namespace dsc::kube
