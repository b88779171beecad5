// dsc's record, in the cluster, of what it applied: per fleet and group (the
// baseline, or one feature), in the fleet's namespace,
//   - the group's record, the ConfigMap `dsc-inventory.<fleet>.<group>`: when the
//     group was first applied, when it expires, the namespaces dsc created for it;
//   - one record per release, `dsc-inventory.<fleet>.<group>.<namespace>.<release>`:
//     its state and chart hash, and every object it may have made, with uids.
// One ConfigMap per release, as Helm keeps one Secret per release: a ConfigMap holds
// at most 1 MiB, which a single record of a whole fleet outgrew at ~600 services; a
// release's record stays small whatever the fleet's size, and an apply writes only the
// records of the releases it changes.
//
// A release's record is written *before* its objects are applied (intent: every object
// that may exist after it) and again after (hashes, uids, state), so that an apply
// stopped at any point leaves a record that lists at least every object dsc created:
// destroy and prune never miss one, and never touch anything not listed.
//
// This file is the record's model and its JSON; inventory_store.h reads and writes it.
// Format 1 (every release inside the group's record) is still read: `legacy`, and the
// next write moves it to format 2.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/apply/blueprint.h"

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
  std::string team;  // the release's team when last applied (`dsc usage --by team`)

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
  // Who first applied the group (`dsc usage --by owner`): the git author's email, else the
  // kubeconfig user. Empty in records written before dsc recorded it.
  std::string owner;
  std::vector<std::string> created_namespaces;       // namespaces dsc made for this group
  std::map<std::string, InventoryRelease> releases;  // by Id()
  bool exists = false;  // the group's record exists (release records may exist without it)
  bool legacy = false;  // read from format 1: every release is written anew on the next write

  std::string Name() const { return InventoryName(fleet, group); }
  static std::string InventoryName(const std::string& fleet, const std::string& group);
  // The name of a release's record: readable when it fits in a ConfigMap name (253
  // characters), else the group's name and a hash of the release's id.
  std::string ReleaseRecordName(const InventoryRelease& release) const;
};

// The group's record (format 2: without its releases).
nlohmann::json InventoryToJson(const Inventory& inventory);
// A release's record: the release, and the fleet and group it belongs to.
nlohmann::json ReleaseRecordToJson(const Inventory& inventory, const InventoryRelease& release);
// Either record: a group's (format 1 or 2) sets `out`'s header fields and, for format
// 1, its releases; a release's adds the release to `out->releases` and sets `out`'s
// fleet and group. `is_release` says which it was.
bool InventoryFromJson(const nlohmann::json& json, Inventory* out, std::string* error,
                       bool* is_release = nullptr);
// Either record from its ConfigMap as the apiserver returns it (a group's sets exists =
// true); false with `error` when it is not one dsc can read.
bool InventoryFromConfigMap(const nlohmann::json& config_map, Inventory* out, std::string* error,
                            bool* is_release = nullptr);

// The ConfigMaps of the records, as dsc writes them.
nlohmann::json InventoryConfigMap(const Inventory& inventory);
nlohmann::json ReleaseRecordConfigMap(const Inventory& inventory, const InventoryRelease& release);

}  // namespace dsc::runtime
