#include "runtime/apply/connection_check.h"

namespace dsc::runtime {

bool CheckConnection(HttpCluster& cluster, ApplyResult* result, std::string* error) {
  // A refused connection on the first request means nothing listens there: say so at
  // once, as kubectl does. Anything else (a timeout, a 5xx, a 429) gets the retries.
  CallResult got = cluster.GetPath("/api/v1", /*json_body=*/false, /*retry=*/false);
  if (!got.ok() && got.response.transport_error != kube::TransportError::kConnect)
    got = cluster.GetPath("/api/v1", /*json_body=*/false);
  if (got.ok()) {
    cluster.discovery().Seed("v1", got.response.body);  // asked once, not again per kind
    return true;
  }
  *result = ClassifyFailure(got.response);
  if (got.response.status == 403) *result = ApplyResult::kUnauthorized;
  if (*result == ApplyResult::kOk) *result = ApplyResult::kUnreachable;
  std::string server = cluster.http().config().server;
  if (got.response.transport_error == kube::TransportError::kCredentials)
    // The exec plugin or token file failed: no request reached the cluster.
    *error = "could not get credentials for context `" + cluster.http().config().context_name +
             "` (nothing was sent to " + server + "): " + got.error;
  else if (*result == ApplyResult::kUnauthorized)
    *error = "the cluster at " + server + " rejected dsc's credentials: " + got.error +
             " (check the user of context `" + cluster.http().config().context_name + "`)";
  else
    *error = "cannot reach the cluster at " + server + ": " + got.error;
  return false;
}

}  // namespace dsc::runtime
