// `dsc status`: for each release of a blueprint, is it applied, current and
// ready, and if not, why; with the feature's time left before `dsc gc` removes it.
#pragma once

#include <string>
#include <vector>

#include "runtime/apply/applier.h"
#include "runtime/apply/blueprint.h"
#include "runtime/apply/cluster.h"

namespace dsc::runtime {

struct ReleaseStatus {
  std::string release;  // namespace/name
  std::string feature;  // label; empty: baseline
  bool ready = false;
  std::string state;   // ready, not ready, failed, not applied, out of date, interrupted
  std::string reason;  // why not ready
  std::vector<std::string> details;
  std::string expires;  // time left ("3h12m", "expired"); empty: no TTL
};

// Every release of the selected groups (features empty: all). kOk unless the
// cluster could not be asked.
ApplyResult ComputeStatus(const Blueprint& blueprint, Cluster& cluster,
                          const std::vector<std::string>& features, TimePoint now,
                          std::vector<ReleaseStatus>* out, std::string* error);

}  // namespace dsc::runtime
