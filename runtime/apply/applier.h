// `dsc apply`: makes the cluster match a blueprint.
//
// Input: a Blueprint, the cluster, options. Output: the cluster changed, the
// inventory records updated, events on the Reporter, and an ApplyResult.
//
// Order: namespaces first (created and recorded), then the releases wave by wave
// (the dependency graph's topological layers), in parallel within a wave. Per
// release, as Helm does it: pre-install/pre-upgrade hooks by weight (Jobs waited
// to completion), the release's objects by server-side apply in kind order, a wait
// for readiness, then post hooks. A failed release blocks the releases that need
// it; independent ones go on. Objects removed from the fleet are pruned at the end,
// once everything applied.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "runtime/apply/blueprint.h"
#include "runtime/apply/clock.h"
#include "runtime/apply/cluster.h"
#include "runtime/apply/reporter.h"

namespace dsc::runtime {

struct ApplyOptions {
  // Features to apply (names or labels); empty: the baseline and every feature.
  std::vector<std::string> features;
  bool dry_run = false;
  bool force_conflicts = false;
  bool wait = true;
  int concurrency = 32;               // object and record writes in flight at once
  std::chrono::seconds timeout{300};  // per release: hooks + readiness
  std::chrono::milliseconds poll_interval{250};
  const std::atomic<bool>* cancel = nullptr;
  // Recorded as the owner of each group this run first applies (`dsc usage --by owner`).
  std::string applied_by;
  TimePoint now = std::chrono::system_clock::now();
};

// How a run ended; the command maps it to an exit code.
enum class ApplyResult {
  kOk,
  kFailed,        // a release failed or was blocked (rejected object, conflict, hook, timeout)
  kUnreachable,   // the cluster could not be reached (connection, TLS)
  kUnauthorized,  // the credentials were rejected (401/403)
  kCancelled,     // interrupted (SIGINT)
};

struct ApplyStats {
  int releases = 0, installed = 0, upgraded = 0, unchanged = 0, failed = 0, blocked = 0;
  int objects_applied = 0, objects_pruned = 0;
};

// `record` is the cluster used for the inventory: give it a client that the
// cancel flag does not stop, so an interrupted run can still write its record.
ApplyResult Apply(const Blueprint& blueprint, Cluster& cluster, Cluster& record, Reporter& reporter,
                  const ApplyOptions& options, ApplyStats* stats);

// What a failed call means for the whole run (kOk: only this call failed).
ApplyResult ClassifyFailure(const kube::HttpResponse& response);

}  // namespace dsc::runtime
