#include "runtime/kube/exec_plugin.h"

#include <nlohmann/json.hpp>

#include "runtime/kube/base64.h"
#include "runtime/kube/json_fields.h"

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
std::string DescribeRunFailure(const ExecConfig& exec, const ProcessLimits& limits,
                               const ProcessResult& run) {
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

int Digits(std::string_view text, size_t at, size_t count) {
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text) {
  using namespace std::chrono;
  int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return {};
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return {};
  }
  size_t at = 19;
  // Fractional seconds do not matter for an expiry.
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
  return sys_days(date) + hours(hour) + minutes(minute) + seconds(second) - minutes(offset_minutes);
}

std::string ExecInfoJson(const ExecConfig& exec, const RestConfig& cluster) {
  nlohmann::json spec = {{"interactive", false}};
  if (exec.provide_cluster_info) {
    nlohmann::json info = {{"server", cluster.server}};
    if (!cluster.tls_server_name.empty()) info["tls-server-name"] = cluster.tls_server_name;
    if (cluster.insecure_skip_tls_verify) info["insecure-skip-tls-verify"] = true;
    if (!cluster.ca_pem.empty()) info["certificate-authority-data"] = Base64Encode(cluster.ca_pem);
    if (!cluster.proxy_url.empty()) info["proxy-url"] = cluster.proxy_url;
    spec["cluster"] = std::move(info);
  }
  nlohmann::json credential = {
      {"apiVersion", exec.api_version}, {"kind", "ExecCredential"}, {"spec", std::move(spec)}};
  return credential.dump();
}

bool ParseExecCredential(std::string_view text, const std::string& api_version, ExecCredential* out,
                         std::string* error) {
  // nlohmann's parse errors quote the input, which may hold the token: not used.
  auto credential = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!credential.is_object()) {
    *error = "did not print an ExecCredential JSON object";
    return false;
  }
  std::string got_version = StringMember(credential, "apiVersion");
  if (StringMember(credential, "kind") != "ExecCredential" || got_version != api_version) {
    *error = "printed kind \"" + StringMember(credential, "kind") + "\" apiVersion \"" +
             got_version + "\", expected ExecCredential " + api_version;
    return false;
  }
  const nlohmann::json& status = Member(credential, "status");
  if (!status.is_object()) {
    *error = "printed an ExecCredential without a status";
    return false;
  }
  ExecCredential parsed;
  parsed.token = StringMember(status, "token");
  parsed.client_cert_pem = StringMember(status, "clientCertificateData");
  parsed.client_key_pem = StringMember(status, "clientKeyData");
  if (parsed.client_cert_pem.empty() != parsed.client_key_pem.empty()) {
    *error = "printed clientCertificateData without clientKeyData, or the reverse";
    return false;
  }
  if (parsed.token.empty() && parsed.client_cert_pem.empty()) {
    *error = "printed neither a token nor a client certificate";
    return false;
  }
  std::string expiry = StringMember(status, "expirationTimestamp");
  if (!expiry.empty()) {
    parsed.expiry = ParseRfc3339(expiry);
    if (!parsed.expiry) {
      *error = "printed an expirationTimestamp that is not RFC 3339: \"" + expiry + "\"";
      return false;
    }
  }
  *out = std::move(parsed);
  return true;
}

bool RunExecPlugin(const ExecConfig& exec, const RestConfig& cluster, ExecCredential* out,
                   std::string* error, const ProcessLimits& limits) {
  std::vector<std::string> argv = {exec.command};
  argv.insert(argv.end(), exec.args.begin(), exec.args.end());
  auto env = exec.env;
  env.emplace_back("KUBERNETES_EXEC_INFO", ExecInfoJson(exec, cluster));
  ProcessResult run = RunProcess(argv, env, limits);
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
