// Why is an object not ready? Asks the cluster for the evidence a user would
// otherwise dig out with kubectl: for a Job, its conditions, the failing pod's
// phase, reason, exit code and termination message, and the tail of its log; for
// a Deployment, the pods' waiting/terminated reasons and scheduling problems.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/apply/cluster.h"

namespace dsc::runtime {

struct DiagnoseOptions {
  int log_lines = 20;
  int max_pods = 3;
};

// One line per fact, most useful first. Never fails: what cannot be fetched is
// said so in a line.
std::vector<std::string> ExplainNotReady(Cluster& cluster, const nlohmann::json& live,
                                         const DiagnoseOptions& options = {});

// The facts of one pod (no cluster calls), e.g. "pod api-7d9-x: Pending:
// Unschedulable: 0/3 nodes are available" or "container main terminated: Error (exit
// 1): queue exists".
std::vector<std::string> DescribePod(const nlohmann::json& pod);

}  // namespace dsc::runtime
