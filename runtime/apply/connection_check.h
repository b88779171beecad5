// The first request of every cluster command: tells an unreachable cluster or
// rejected credentials apart from everything else, before any work starts.
#pragma once

#include <string>

#include "runtime/apply/applier.h"
#include "runtime/apply/http_cluster.h"

namespace dsc::runtime {

// False with `error` and `result` set when it failed. On success, discovery keeps the
// core group's document it fetched (asked once, not again per kind).
bool CheckConnection(HttpCluster& cluster, ApplyResult* result, std::string* error);

}  // namespace dsc::runtime
