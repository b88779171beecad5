// dsc's record, in the cluster, of what it applied: one ConfigMap per fleet and
// group (the baseline, or one feature) in the fleet's namespace, named
// `dsc-inventory.<fleet>.<group>`, holding inventory.json.
//
// The record is written *before* a wave's objects are applied (intent: every object
// that may exist after the wave) and again after (hashes, uids, states), so that an
// apply stopped at any point leaves a record that lists at least every object dsc
// created: destroy and prune never miss one, and never touch anything not listed.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/apply/blueprint.h"
#include "runtime/apply/cluster.h"

namespace dsc::runtime {

struct InventoryObject {
  ObjectRef ref;
  std::string hash;  // content hash of what was applied; empty: intent only
  std::string uid;   // the live object's uid, for delete preconditions
  bool hook = false;
};

struct InventoryRelease {
  std::string name;
  std::string ns;
  int wave = 0;
  std::string hash;   // the chart hash last applied successfully
  std::string state;  // "applying", "applied", "failed"
  std::string message;
  std::vector<InventoryObject> objects;

  std::string Id() const { return ns + "/" + name; }
  InventoryObject* Find(const ObjectRef& ref);
  const InventoryObject* Find(const ObjectRef& ref) const;
};

struct Inventory {
  std::string fleet;
  std::string group;  // kBaselineGroup or a feature label
  std::string feature;
  std::string ns;  // where the record lives: the fleet's namespace
  std::string created_at;
  std::string expires_at;  // RFC 3339 UTC; empty: never
  std::string ttl;
  std::vector<std::string> created_namespaces;       // namespaces dsc made for this group
  std::map<std::string, InventoryRelease> releases;  // by Id()
  bool exists = false;

  std::string Name() const { return InventoryName(fleet, group); }
  static std::string InventoryName(const std::string& fleet, const std::string& group);
};

nlohmann::json InventoryToJson(const Inventory& inventory);
bool InventoryFromJson(const nlohmann::json& json, Inventory* out, std::string* error);
// The record from its ConfigMap as the apiserver returns it (exists = true); false with
// `error` when it is not one dsc can read.
bool InventoryFromConfigMap(const nlohmann::json& config_map, Inventory* out, std::string* error);

// A missing record reads as an empty one (exists = false).
bool ReadInventory(Cluster& cluster, const std::string& ns, const std::string& fleet,
                   const std::string& group, Inventory* out, std::string* error);
bool WriteInventory(Cluster& cluster, Inventory* inventory, std::string* error);
bool DeleteInventory(Cluster& cluster, const Inventory& inventory, std::string* error);
// Every record in `ns` (empty: all namespaces), optionally of one fleet.
bool ListInventories(Cluster& cluster, const std::string& fleet, std::vector<Inventory>* out,
                     std::string* error, const std::string& ns = "");

}  // namespace dsc::runtime
