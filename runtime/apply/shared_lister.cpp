#include "runtime/apply/shared_lister.h"

#include <utility>

#include "base/json_fields.h"

namespace dsc::runtime {

CallResult SharedLister::Answer(const Snapshot& snapshot, const ObjectRef& ref) {
  if (!snapshot.failed.ok()) return snapshot.failed;
  CallResult result;
  auto found = snapshot.by_name.find(ref.name);
  if (found == snapshot.by_name.end()) {
    result.response.status = 404;
    result.error = "get " + ref.Describe() + ": not found";
    return result;
  }
  result.response.status = 200;
  result.object = found->second;
  return result;
}

CallResult SharedLister::Get(const ObjectRef& ref, Clock::time_point not_before) {
  const auto key = std::make_tuple(ref.api_version, ref.kind, ref.ns);
  std::unique_lock lock(mu_);
  Snapshot& snapshot = snapshots_[key];  // map nodes stay put: the reference outlives unlock
  while (true) {
    if (snapshot.valid && snapshot.taken >= not_before) return Answer(snapshot, ref);
    if (!snapshot.fetching) break;
    fetched_.wait(lock);
  }
  snapshot.fetching = true;
  const Clock::time_point sent = Clock::now();
  lock.unlock();
  CallResult listed = cluster_.List(ref.api_version, ref.kind, ref.ns);
  std::map<std::string, nlohmann::json> by_name;
  if (listed.ok() && listed.object.is_object() && listed.object["items"].is_array()) {
    for (nlohmann::json& item : listed.object["items"]) {
      if (!item.is_object()) continue;
      // Items of a built-in kind's list come without apiVersion and kind.
      item["apiVersion"] = ref.api_version;
      item["kind"] = ref.kind;
      std::string name = base::MetadataString(item, "name");
      by_name.emplace(std::move(name), std::move(item));
    }
    listed.object = nlohmann::json();
  }
  lock.lock();
  snapshot.fetching = false;
  snapshot.valid = true;
  snapshot.taken = sent;
  snapshot.failed = listed.ok() ? CallResult{} : std::move(listed);
  snapshot.by_name = std::move(by_name);
  fetched_.notify_all();
  return Answer(snapshot, ref);
}

}  // namespace dsc::runtime
