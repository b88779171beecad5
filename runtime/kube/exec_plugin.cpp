#include "runtime/kube/exec_plugin.h"

#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "base/json_fields.h"
#include "base/json_text.h"
#include "base/rfc3339.h"

namespace dsc::kube {
namespace {

constexpr size_t kMaxStderrInMessage = 200;

std::string FirstLine(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  std::string line = text.substr(begin, text.find_first_of("\r\n", begin) - begin);
  if (line.size() > kMaxStderrInMessage) line = line.substr(0, kMaxStderrInMessage) + "...";
  return line;
}

std::string DescribeDuration(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000) + " s";
  return std::to_string(duration.count()) + " ms";
}

std::string WithHint(std::string message, const ExecConfig& exec) {
  if (!exec.install_hint.empty()) message += "\n" + exec.install_hint;
  return message;
}

// Why the run gave no usable output, or "" when it did.
std::string DescribeRunFailure(const ExecConfig& exec, const base::ProcessLimits& limits,
                               const base::ProcessResult& run) {
  std::string what = "exec plugin \"" + exec.command + "\"";
  if (run.not_found) return WithHint(what + ": executable not found", exec);
  if (!run.spawn_error.empty()) return WithHint(what + ": cannot run it: " + run.spawn_error, exec);
  if (run.timed_out) {
    return what + " did not finish within " + DescribeDuration(limits.timeout) + "; stopped it";
  }
  if (run.stdout_overflow) {
    return what + " printed more than " + std::to_string(limits.max_stdout) + " bytes; stopped it";
  }
  if (run.exit_status == 0) return "";
  std::string status = run.signal ? "killed by signal " + std::to_string(run.signal)
                                  : "exit status " + std::to_string(run.exit_status);
  std::string line = FirstLine(run.err);
  return WithHint(what + " failed (" + status + ")" + (line.empty() ? "" : ": " + line), exec);
}

}  // namespace

std::string ExecInfoJson(const ExecConfig& exec, const RestConfig& cluster) {
  nlohmann::json spec = {{"interactive", false}};
  if (exec.provide_cluster_info) {
    nlohmann::json info = {{"server", cluster.server}};
    if (!cluster.tls_server_name.empty()) info["tls-server-name"] = cluster.tls_server_name;
    if (cluster.insecure_skip_tls_verify) info["insecure-skip-tls-verify"] = true;
    if (!cluster.ca_pem.empty())
      info["certificate-authority-data"] = base::Base64Encode(cluster.ca_pem);
    if (!cluster.proxy_url.empty()) info["proxy-url"] = cluster.proxy_url;
    spec["cluster"] = std::move(info);
  }
  nlohmann::json credential = {
      {"apiVersion", exec.api_version}, {"kind", "ExecCredential"}, {"spec", std::move(spec)}};
  return base::JsonText(credential);
}

bool ParseExecCredential(std::string_view text, const std::string& api_version, ExecCredential* out,
                         std::string* error) {
  // nlohmann's parse errors quote the input, which may hold the token: not used.
  auto credential = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!credential.is_object()) {
    *error = "did not print an ExecCredential JSON object";
    return false;
  }
  std::string got_version = base::StringMember(credential, "apiVersion");
  if (base::StringMember(credential, "kind") != "ExecCredential" || got_version != api_version) {
    *error = "printed kind \"" + base::StringMember(credential, "kind") + "\" apiVersion \"" +
             got_version + "\", expected ExecCredential " + api_version;
    return false;
  }
  const nlohmann::json& status = base::Member(credential, "status");
  if (!status.is_object()) {
    *error = "printed an ExecCredential without a status";
    return false;
  }
  ExecCredential parsed;
  parsed.token = base::StringMember(status, "token");
  parsed.client_cert_pem = base::StringMember(status, "clientCertificateData");
  parsed.client_key_pem = base::StringMember(status, "clientKeyData");
  if (parsed.client_cert_pem.empty() != parsed.client_key_pem.empty()) {
    *error = "printed clientCertificateData without clientKeyData, or the reverse";
    return false;
  }
  if (parsed.token.empty() && parsed.client_cert_pem.empty()) {
    *error = "printed neither a token nor a client certificate";
    return false;
  }
  std::string expiry = base::StringMember(status, "expirationTimestamp");
  if (!expiry.empty()) {
    parsed.expiry = base::ParseRfc3339(expiry);
    if (!parsed.expiry) {
      *error = "printed an expirationTimestamp that is not RFC 3339: \"" + expiry + "\"";
      return false;
    }
  }
  *out = std::move(parsed);
  return true;
}

bool RunExecPlugin(const ExecConfig& exec, const RestConfig& cluster, ExecCredential* out,
                   std::string* error, const base::ProcessLimits& limits) {
  std::vector<std::string> argv = {exec.command};
  argv.insert(argv.end(), exec.args.begin(), exec.args.end());
  auto env = exec.env;
  env.emplace_back("KUBERNETES_EXEC_INFO", ExecInfoJson(exec, cluster));
  base::ProcessResult run = base::RunProcess(argv, env, limits);
  std::string failure = DescribeRunFailure(exec, limits, run);
  if (!failure.empty()) {
    *error = failure;
    return false;
  }
  std::string parse_error;
  if (!ParseExecCredential(run.out, exec.api_version, out, &parse_error)) {
    *error = "exec plugin \"" + exec.command + "\" " + parse_error;
    return false;
  }
  return true;
}

}  // namespace dsc::kube
