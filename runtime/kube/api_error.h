// Kubernetes API errors (metav1.Status) in words a user can act on.
#pragma once

#include <string>
#include <vector>

#include "runtime/kube/http_client.h"

namespace dsc::kube {

struct StatusCause {
  std::string field;  // e.g. spec.template.spec.containers[0].image
  std::string reason;
  std::string message;
};

struct ApiError {
  long code = 0;
  std::string reason;   // e.g. Conflict, Invalid, Forbidden, Unauthorized, NotFound
  std::string message;  // the server's message
  std::vector<StatusCause> causes;
};

// Parses a non-2xx response body (a Status object, or anything else).
ApiError ParseApiError(const HttpResponse& response);

// One line: "<reason> (HTTP <code>): <message>" or the transport problem.
std::string DescribeFailure(const HttpResponse& response);

}  // namespace dsc::kube
