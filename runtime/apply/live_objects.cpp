#include "runtime/apply/live_objects.h"

#include <thread>
#include <vector>

#include "base/json_fields.h"

namespace dsc::runtime {

std::set<KindInNamespace> KindsOf(const Blueprint& blueprint,
                                  const std::vector<std::string>& features) {
  std::set<KindInNamespace> kinds;
  for (const Release& r : blueprint.releases) {
    if (!blueprint.Selects(r, features)) continue;
    for (const Object& o : r.objects) kinds.insert({o.ref.api_version, o.ref.kind, o.ref.ns});
  }
  return kinds;
}

bool ListLiveObjects(Cluster& cluster, const std::set<KindInNamespace>& kinds,
                     std::map<ObjectRef, nlohmann::json>* out, CallResult* failed) {
  std::vector<KindInNamespace> keys(kinds.begin(), kinds.end());
  std::vector<CallResult> results(keys.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < keys.size(); ++i) {
    threads.emplace_back([&, i] {
      const auto& [api_version, kind, ns] = keys[i];
      results[i] = cluster.List(api_version, kind, ns);
    });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto& [api_version, kind, ns] = keys[i];
    CallResult& listed = results[i];
    if (!listed.ok()) {
      // Not served: discovery does not know the kind (no request was sent).
      if (listed.response.status == 0 &&
          listed.response.transport_error == kube::TransportError::kNone)
        continue;
      *failed = std::move(listed);
      return false;
    }
    if (!base::Member(listed.object, "items").is_array()) continue;  // an empty or odd answer
    for (nlohmann::json& item : listed.object["items"]) {
      if (!item.is_object()) continue;  // not an object: nothing to compare or name
      // Items of a built-in kind's list come without apiVersion and kind.
      item["apiVersion"] = api_version;
      item["kind"] = kind;
      ObjectRef ref{api_version, kind, base::MetadataString(item, "namespace"),
                    base::MetadataString(item, "name")};
      (*out)[std::move(ref)] = std::move(item);
    }
  }
  return true;
}

}  // namespace dsc::runtime
