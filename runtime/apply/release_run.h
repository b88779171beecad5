// One release's part of an apply (internal to applier.cpp): its hooks, objects
// and readiness, and what it leaves for the inventory.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/apply/applier.h"
#include "runtime/apply/inventory.h"

namespace dsc::runtime {

// What the cluster holds now, from one LIST per (kind, namespace).
struct LiveObject {
  std::string uid;
  bool ours = false;  // labelled managed-by dsc, of this fleet
};
using LiveIndex = std::map<ObjectRef, LiveObject>;

// Bounds how many releases send objects at once. A mutex and a condition
// variable, not std::counting_semaphore: libstdc++'s spins with sched_yield while
// it waits, and a wave's waiting threads then burn the CPU the apiserver needs.
class Semaphore {
 public:
  explicit Semaphore(int count) : count_(count) {}
  void acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return count_ > 0; });
    --count_;
  }
  void release() {
    {
      std::lock_guard lock(mu_);
      ++count_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_;
};

// Shared by every release of one run.
struct RunContext {
  const Blueprint& blueprint;
  Cluster& cluster;
  Reporter& reporter;
  const ApplyOptions& options;
  Semaphore slots;
  std::atomic<int> fatal{static_cast<int>(ApplyResult::kOk)};
  std::atomic<int> objects_applied{0};

  RunContext(const Blueprint& b, Cluster& c, Reporter& r, const ApplyOptions& o)
      : blueprint(b), cluster(c), reporter(r), options(o), slots(o.concurrency) {}
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

enum class Change { kInstall, kUpgrade, kUnchanged };

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
// as that object (same uid): then it need not be sent again.
bool ObjectUnchanged(const ReleaseRun& run, const Object& object);

// Runs one release to a final phase (ready, unchanged, failed, cancelled).
void RunRelease(RunContext& ctx, ReleaseRun& run);

// Events for the reporter.
void Report(RunContext& ctx, const ReleaseRun& run);

}  // namespace dsc::runtime
