// One release's part of an apply (internal to applier.cpp): its hooks, objects
// and readiness, and what it leaves for the inventory.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "runtime/apply/applier.h"
#include "runtime/apply/inventory.h"
#include "runtime/apply/priority_slots.h"
#include "runtime/apply/shared_lister.h"

namespace dsc::runtime {

// What the cluster holds now, from one LIST per (kind, namespace).
struct LiveObject {
  std::string uid;
  bool ours = false;  // labelled managed-by dsc, of this fleet
  // dsc's fields still held by its create (field_ownership.h): hand them to dsc's
  // apply before applying.
  bool held_by_create = false;
  // A field dsc set has another value now (drift.h): the object is sent again even if
  // the fleet did not change it.
  bool drifted = false;
};
using LiveIndex = std::map<ObjectRef, LiveObject>;

// Shared by every release of one run.
struct RunContext {
  const Blueprint& blueprint;
  Cluster& cluster;
  Reporter& reporter;
  const ApplyOptions& options;
  PrioritySlots slots;
  SharedLister lister;  // what readiness waits read
  std::atomic<int> fatal{static_cast<int>(ApplyResult::kOk)};
  std::atomic<int> objects_applied{0};

  RunContext(const Blueprint& b, Cluster& c, Reporter& r, const ApplyOptions& o)
      : blueprint(b), cluster(c), reporter(r), options(o), slots(o.concurrency), lister(c) {}
  bool Cancelled() const { return options.cancel && options.cancel->load(); }
  bool Stopping() const {
    return Cancelled() || fatal.load() != static_cast<int>(ApplyResult::kOk);
  }
  // Records a fatal condition (the first one wins).
  void Fatal(ApplyResult result);
  // A failed call: records it as fatal when it is (unreachable, unauthorized,
  // cancelled) and returns its class (kOk when only this call failed).
  ApplyResult NoteFailure(const kube::HttpResponse& response) {
    ApplyResult result = ClassifyFailure(response);
    if (result != ApplyResult::kOk) Fatal(result);
    return result;
  }
};

// kRepair: the fleet did not change the release, but the cluster changed fields dsc
// set (drift): its drifted objects are sent again, without hooks.
enum class Change { kInstall, kUpgrade, kRepair, kUnchanged };

struct ReleaseRun {
  const Release* release = nullptr;
  std::string group;  // inventory group
  Change change = Change::kInstall;
  const InventoryRelease* previous = nullptr;  // nullptr on install
  const LiveIndex* live = nullptr;
  Phase phase = Phase::kPending;
  std::string message;
  std::vector<std::string> details;
  // Filled as objects are applied: what exists now, with uids and hashes.
  std::vector<InventoryObject> applied;

  std::string Id() const { return release->Id(); }
};

// Whether the object was applied before with the same content and still exists
// as that object (same uid), undrifted: then it need not be sent again.
bool ObjectUnchanged(const ReleaseRun& run, const Object& object);

// Fails the release: `what` (an object) exists and dsc did not create it.
void FailNotCreatedByDsc(ReleaseRun& run, const std::string& what);

// Runs one release to a final phase (ready, unchanged, failed, cancelled).
void RunRelease(RunContext& ctx, ReleaseRun& run);

// Events for the reporter.
void Report(RunContext& ctx, const ReleaseRun& run);

}  // namespace dsc::runtime
