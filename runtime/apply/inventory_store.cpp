#include "runtime/apply/inventory_store.h"

#include <fmt/format.h>

#include <map>
#include <tuple>
#include <utility>

#include "base/json_fields.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

// A ConfigMap's size as the apiserver counts it against the limit: its data.
size_t DataBytes(const json& config_map) {
  size_t bytes = 0;
  for (const auto& [key, value] : base::Member(config_map, "data").items())
    bytes += key.size() + (value.is_string() ? value.get_ref<const std::string&>().size() : 0);
  return bytes;
}

bool Write(Cluster& cluster, const json& config_map, const std::string& what, std::string* error) {
  size_t bytes = DataBytes(config_map);
  if (bytes > kMaxRecordBytes) {
    *error = fmt::format(
        "cannot record {}: its record would take {} bytes, more than a ConfigMap holds ({}); "
        "split the release",
        what, bytes, kMaxRecordBytes);
    return false;
  }
  std::string name = base::MetadataString(config_map, "name");
  std::string ns = base::MetadataString(config_map, "namespace");
  CallResult applied = cluster.Apply({"v1", "ConfigMap", ns, name}, config_map, /*force=*/true);
  if (!applied.ok()) {
    *error = "cannot record " + what + ": " + applied.error;
    return false;
  }
  return true;
}

bool Delete(Cluster& cluster, const std::string& ns, const std::string& name, std::string* error) {
  CallResult deleted = cluster.Delete({"v1", "ConfigMap", ns, name}, "");
  if (!deleted.ok() && !deleted.NotFound()) {
    *error = deleted.error;
    return false;
  }
  return true;
}

}  // namespace

bool ListInventories(Cluster& cluster, const std::string& fleet, std::vector<Inventory>* out,
                     std::string* error, const std::string& ns, ApplyResult* failure) {
  std::string selector = "devstack.io/inventory=true";
  if (!fleet.empty()) selector += ",devstack.io/fleet=" + fleet;
  if (failure) *failure = ApplyResult::kFailed;  // unless the LIST says otherwise
  CallResult listed = cluster.List("v1", "ConfigMap", ns, selector);
  if (!listed.ok()) {
    *error = listed.error;
    ApplyResult cause = ClassifyFailure(listed.response);
    if (failure && cause != ApplyResult::kOk) *failure = cause;
    return false;
  }
  // Groups by (namespace, fleet, group): a group's record and its releases' records.
  std::map<std::tuple<std::string, std::string, std::string>, Inventory> groups;
  for (const json& item : base::ArrayMember(listed.object, "items")) {
    Inventory part;
    part.ns = base::MetadataString(item, "namespace");
    bool release = false;
    if (!InventoryFromConfigMap(item, &part, error, &release)) return false;
    Inventory& group = groups[{part.ns, part.fleet, part.group}];
    // The list's order is the names': a group's record may come before or after its
    // releases' records.
    std::map<std::string, InventoryRelease> releases = std::move(group.releases);
    for (auto& [id, r] : part.releases) {
      // A release's own record is newer than a format-1 group's list of it.
      if (release)
        releases.insert_or_assign(id, std::move(r));
      else
        releases.try_emplace(id, std::move(r));
    }
    if (!release || !group.exists) {
      bool exists = group.exists;
      group = std::move(part);
      group.exists = exists || !release;
    }
    group.releases = std::move(releases);
  }
  for (auto& [key, group] : groups) out->push_back(std::move(group));
  return true;
}

bool WriteInventoryHeader(Cluster& cluster, Inventory* inventory, std::string* error) {
  if (inventory->legacy) {
    for (const auto& [id, release] : inventory->releases) {
      if (!WriteReleaseRecord(cluster, *inventory, release, error)) return false;
    }
  }
  if (!Write(cluster, InventoryConfigMap(*inventory), "the inventory " + inventory->Name(), error))
    return false;
  inventory->exists = true;
  inventory->legacy = false;
  return true;
}

bool WriteReleaseRecord(Cluster& cluster, const Inventory& inventory,
                        const InventoryRelease& release, std::string* error) {
  return Write(cluster, ReleaseRecordConfigMap(inventory, release),
               "release " + release.Id() + " in the inventory", error);
}

bool DeleteReleaseRecord(Cluster& cluster, const Inventory& inventory,
                         const InventoryRelease& release, std::string* error) {
  return Delete(cluster, inventory.ns, inventory.ReleaseRecordName(release), error);
}

bool WriteInventory(Cluster& cluster, Inventory* inventory, std::string* error) {
  for (const auto& [id, release] : inventory->releases) {
    if (!WriteReleaseRecord(cluster, *inventory, release, error)) return false;
  }
  inventory->legacy = false;
  return WriteInventoryHeader(cluster, inventory, error);
}

bool DeleteInventory(Cluster& cluster, const Inventory& inventory, std::string* error) {
  for (const auto& [id, release] : inventory.releases) {
    if (!DeleteReleaseRecord(cluster, inventory, release, error)) return false;
  }
  return Delete(cluster, inventory.ns, inventory.Name(), error);
}

}  // namespace dsc::runtime
