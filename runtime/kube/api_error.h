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
// Without `with_message`, the apiserver's own message is left out: for a Secret it may
// quote the value it rejects.
std::string DescribeFailure(const HttpResponse& response, bool with_message = true);

}  // namespace dsc::kube
