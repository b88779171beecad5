// `dsc watch` / `dsc apply --watch`: follows the fleet's objects with watch
// streams and reports readiness changes and drift from the blueprint, until
// interrupted. A dropped stream resumes from its last resourceVersion; an
// expired one ("410 Gone") re-lists first.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "runtime/apply/applier.h"
#include "runtime/apply/blueprint.h"
#include "runtime/apply/http_cluster.h"
#include "runtime/apply/reporter.h"

namespace dsc::runtime {

struct WatchOptions {
  std::vector<std::string> features;  // empty: all
  const std::atomic<bool>* cancel = nullptr;
  // How long one watch request lasts before it is renewed (the server's
  // timeoutSeconds); short in tests to exercise resuming.
  std::chrono::seconds renew_after{240};
};

// Returns when cancelled (kCancelled) or when the cluster cannot be reached or
// rejects the credentials.
ApplyResult Watch(const Blueprint& blueprint, HttpCluster& cluster, Reporter& reporter,
                  const WatchOptions& options);

}  // namespace dsc::runtime
