// `dsc usage`: what each team, feature and developer consumed, from the cluster.
//
// The basis is the one cluster cost tools use when no metrics server is assumed: the
// CPU and memory each workload *requests* (per pod: its containers' requests, or its
// largest init container's when that is more, times its replicas), multiplied by the
// time it has been alive within the window. Only what dsc applied is counted: the
// workloads (Deployments, StatefulSets, DaemonSets, Jobs) dsc's records list, each with
// its group's fleet, feature and owner (who first applied it) and its release's team.
// A workload deleted before the run is not counted (its record is gone with it).
//
// Priced with a flat table (per core-hour and per GiB-hour of memory). A feature whose
// TTL has passed and whose workloads are still there is flagged: nothing removed it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/apply/applier.h"
#include "runtime/apply/clock.h"
#include "runtime/apply/cluster.h"
#include "runtime/apply/inventory.h"

namespace dsc::runtime {

// Defaults: AWS Fargate on demand, Linux/x86, us-east-1 (per vCPU-hour and per GB-hour
// of memory); docs/platform.md says where they come from and how to give others.
struct UsagePrices {
  double cpu_core_hour = 0.04048;
  double memory_gib_hour = 0.004445;
  std::string currency = "USD";
};

// Reads a prices file (YAML or JSON: `cpu_core_hour`, `memory_gib_hour`, `currency`, any
// of them; the others keep their defaults). False with `error` naming the problem.
bool ParsePrices(const std::string& text, UsagePrices* out, std::string* error);

struct WorkloadUsage {
  std::string fleet, group, feature, owner, team;  // group: kBaselineGroup or a label
  ObjectRef ref;
  double cpu_cores = 0;     // requested by all its pods together
  double memory_bytes = 0;  // idem
  double hours = 0;         // alive within the window
  double CpuCoreHours() const { return cpu_cores * hours; }
  double MemoryGibHours() const { return memory_bytes / (1024.0 * 1024 * 1024) * hours; }
  double Cost(const UsagePrices& p) const {
    return CpuCoreHours() * p.cpu_core_hour + MemoryGibHours() * p.memory_gib_hour;
  }
};

struct ExpiredGroup {
  std::string fleet, group, feature, owner, expires_at;
  int workloads = 0;  // still in the cluster
};

struct UsageReport {
  TimePoint at, window_start;
  std::vector<WorkloadUsage> workloads;
  std::vector<ExpiredGroup> expired;
};

// What the live `workload` requested and for how long, within [window_start, at]: its
// requests per pod times its replicas, alive from its creation (or the window's start)
// until `at` (a Job: until it completed). Zero for what it cannot read.
void MeasureWorkload(const nlohmann::json& workload, TimePoint window_start, TimePoint at,
                     WorkloadUsage* out);

// Every record in the cluster (of `fleet`, when given) and the workloads it lists.
// `progress(done, total)` is called as the workloads are listed. On failure, `failure`
// says what it means for the command (as ListInventories).
bool CollectUsage(Cluster& cluster, const std::string& fleet, TimePoint window_start, TimePoint at,
                  UsageReport* out, std::string* error, ApplyResult* failure,
                  const std::function<void(size_t, size_t)>& progress = nullptr);

// The report's workloads summed by `by` (team, feature, owner or fleet), sorted by cost
// (highest first), then by key.
struct UsageRow {
  std::string key;
  int workloads = 0;
  double cpu_core_hours = 0, memory_gib_hours = 0, cost = 0;
};
std::vector<UsageRow> GroupUsage(const UsageReport& report, const std::string& by,
                                 const UsagePrices& prices);

}  // namespace dsc::runtime
