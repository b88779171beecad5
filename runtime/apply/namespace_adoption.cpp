#include "runtime/apply/namespace_adoption.h"

#include <algorithm>
#include <set>

#include "base/json_fields.h"

namespace dsc::runtime {

std::optional<std::string> CreatedForGroup(const nlohmann::json& live_namespace,
                                           const std::string& fleet) {
  if (!MadeByDsc(live_namespace, fleet)) return std::nullopt;
  const nlohmann::json& labels = base::Member(base::Member(live_namespace, "metadata"), "labels");
  std::string group = base::StringMember(labels, "devstack.io/feature");
  if (group.empty()) return std::nullopt;
  return group;
}

bool ListsNamespace(const Inventory& record, const std::string& ns) {
  const auto& created = record.created_namespaces;
  return std::find(created.begin(), created.end(), ns) != created.end();
}

bool AdoptUnrecordedNamespaces(Cluster& cluster, const Blueprint& blueprint,
                               const std::vector<std::string>& groups,
                               std::vector<Inventory>* records, std::vector<std::string>* adopted,
                               std::string* error, ApplyResult* failure) {
  std::set<std::string> candidates(blueprint.namespaces.begin(), blueprint.namespaces.end());
  candidates.insert(blueprint.fleet_namespace);
  for (const Release& release : blueprint.releases) candidates.insert(release.ns);
  candidates.erase("");
  for (const std::string& ns : candidates) {
    if (std::any_of(records->begin(), records->end(),
                    [&](const Inventory& record) { return ListsNamespace(record, ns); }))
      continue;
    CallResult got = cluster.Get({"v1", "Namespace", "", ns});
    if (got.NotFound()) continue;
    if (!got.ok()) {
      *error = got.error;
      ApplyResult cause = ClassifyFailure(got.response);
      *failure = cause == ApplyResult::kOk ? ApplyResult::kFailed : cause;
      return false;
    }
    std::optional<std::string> group = CreatedForGroup(got.object, blueprint.fleet);
    if (!group || std::find(groups.begin(), groups.end(), *group) == groups.end()) continue;
    auto record = std::find_if(records->begin(), records->end(),
                               [&](const Inventory& r) { return r.group == *group; });
    if (record == records->end()) {
      Inventory fresh;
      fresh.fleet = blueprint.fleet;
      fresh.group = *group;
      fresh.ns = blueprint.fleet_namespace;
      records->push_back(std::move(fresh));
      record = records->end() - 1;
    }
    record->created_namespaces.push_back(ns);
    adopted->push_back(ns);
  }
  return true;
}

}  // namespace dsc::runtime
