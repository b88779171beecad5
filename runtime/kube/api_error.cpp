#include "runtime/kube/api_error.h"

#include <nlohmann/json.hpp>

#include "base/json_fields.h"

namespace dsc::kube {
namespace {

constexpr size_t kMaxPlainMessage = 300;

// A body that is not a Status (a proxy's HTML page, plain text): its start, on one line.
std::string PlainMessage(const std::string& body) {
  std::string out = body.substr(0, kMaxPlainMessage);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (body.size() > kMaxPlainMessage) out += "...";
  return out;
}

// The reason Kubernetes would give for a bare status code (no Status body).
std::string ReasonForCode(long code) {
  switch (code) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 406:
      return "NotAcceptable";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "RequestEntityTooLarge";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "Timeout";
    default:
      return code >= 500 ? "InternalError" : "Unknown";
  }
}

void ReadCauses(const nlohmann::json& status, std::vector<StatusCause>* causes) {
  for (const auto& cause : base::ArrayMember(base::Member(status, "details"), "causes")) {
    if (!cause.is_object()) continue;
    causes->push_back({base::StringMember(cause, "field"), base::StringMember(cause, "reason"),
                       base::StringMember(cause, "message")});
  }
}

}  // namespace

ApiError ParseApiError(const HttpResponse& response) {
  ApiError error;
  error.code = response.status;
  auto status = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (base::StringMember(status, "kind") == "Status") {
    error.reason = base::StringMember(status, "reason");
    error.message = base::StringMember(status, "message");
    if (error.code == 0) error.code = static_cast<long>(base::IntMember(status, "code"));
    ReadCauses(status, &error.causes);
  } else {
    error.message = PlainMessage(response.body);
  }
  if (error.reason.empty()) error.reason = ReasonForCode(error.code);
  return error;
}

std::string DescribeFailure(const HttpResponse& response, bool with_message) {
  if (response.transport_error != TransportError::kNone) return response.error_message;
  ApiError error = ParseApiError(response);
  std::string out = error.reason + " (HTTP " + std::to_string(error.code) + ")";
  if (!with_message)
    out += " (the apiserver's message is not shown: it may quote a secret value)";
  else if (!error.message.empty())
    out += ": " + error.message;
  return out;
}

}  // namespace dsc::kube
