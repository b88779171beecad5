// The live objects an apply waits on, read by one LIST per (apiVersion, kind,
// namespace) that serves every waiter, instead of a GET per object per poll: 500
// releases waiting for their Deployments sent ~38,700 GETs (300-500 a second, while the
// apiserver was busy rolling them out); now it is one LIST per namespace and interval.
// Thread-safe: a caller that finds the snapshot too old either takes the next LIST
// itself or waits for the one in flight.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "runtime/apply/blueprint.h"
#include "runtime/apply/cluster.h"

namespace dsc::runtime {

class SharedLister {
 public:
  explicit SharedLister(Cluster& cluster) : cluster_(cluster) {}

  using Clock = std::chrono::steady_clock;

  // The object as of a LIST sent at or after `not_before` (pass the time of the last
  // write the answer must show): a CallResult as Get's (the object; NotFound when the
  // list does not hold it; the LIST's failure if it failed).
  CallResult Get(const ObjectRef& ref, Clock::time_point not_before);

 private:
  struct Snapshot {
    Clock::time_point taken;  // when the LIST was sent
    bool valid = false;
    bool fetching = false;
    CallResult failed;  // !ok(): the last LIST failed
    std::map<std::string, nlohmann::json> by_name;
  };
  static CallResult Answer(const Snapshot& snapshot, const ObjectRef& ref);

  Cluster& cluster_;
  std::mutex mu_;
  std::condition_variable fetched_;
  std::map<std::tuple<std::string, std::string, std::string>, Snapshot> snapshots_;
};

}  // namespace dsc::runtime
