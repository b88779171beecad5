#include "runtime/kube/api_error.h"

#include <doctest/doctest.h>

namespace dsc::kube {
namespace {

HttpResponse Response(long status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

TEST_CASE("ParseApiError: a metav1.Status with causes") {
  ApiError error = ParseApiError(Response(422, R"({
    "kind": "Status", "apiVersion": "v1", "status": "Failure",
    "message": "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1",
    "reason": "Invalid", "code": 422,
    "details": {"name": "web", "kind": "Deployment", "causes": [
      {"reason": "FieldValueInvalid", "message": "Invalid value: -1", "field": "spec.replicas"},
      {"reason": "FieldValueRequired"}]}})"));
  CHECK(error.code == 422);
  CHECK(error.reason == "Invalid");
  CHECK(error.message == "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1");
  REQUIRE(error.causes.size() == 2);
  CHECK(error.causes[0].field == "spec.replicas");
  CHECK(error.causes[0].reason == "FieldValueInvalid");
  CHECK(error.causes[0].message == "Invalid value: -1");
  CHECK(error.causes[1].field.empty());
}

TEST_CASE("ParseApiError: bodies that are not a Status") {
  std::string html = "<html>\n<body>502 Bad Gateway</body>\n</html>" + std::string(400, 'x');
  ApiError error = ParseApiError(Response(502, html));
  CHECK(error.reason == "InternalError");
  CHECK(error.message.size() == 303);
  CHECK(error.message.find("<html> <body>502 Bad Gateway") == 0);
  CHECK(ParseApiError(Response(404, "")).reason == "NotFound");
  CHECK(ParseApiError(Response(409, R"({"kind":"Pod"})")).message == R"({"kind":"Pod"})");
}

TEST_CASE("DescribeFailure") {
  CHECK(DescribeFailure(Response(409, R"({"kind":"Status","reason":"AlreadyExists",
      "message":"jobs.batch \"migrate\" already exists","code":409})")) ==
        "AlreadyExists (HTTP 409): jobs.batch \"migrate\" already exists");
  CHECK(DescribeFailure(Response(403, "")) == "Forbidden (HTTP 403)");
  HttpResponse refused;
  refused.transport_error = TransportError::kConnect;
  refused.error_message = "cannot reach https://127.0.0.1:1: Connection refused";
  CHECK(DescribeFailure(refused) == refused.error_message);
}

TEST_CASE("DescribeFailure: a Secret's rejection leaves out the message that may quote it") {
  HttpResponse rejected = Response(422, R"({"kind":"Status","reason":"Invalid","code":422,
      "message":"Secret \"db\" is invalid: data[password]: Invalid value: \"hunter2\""})");
  std::string described = DescribeFailure(rejected, /*with_message=*/false);
  CHECK(described ==
        "Invalid (HTTP 422) (the apiserver's message is not shown: it may quote a secret value)");
  CHECK(described.find("hunter2") == std::string::npos);
  CHECK(DescribeFailure(rejected).find("hunter2") != std::string::npos);  // the default shows it
}

}  // namespace
}  // namespace dsc::kube
