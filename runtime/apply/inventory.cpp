#include "runtime/apply/inventory.h"

#include <utility>

#include "compiler/source/json_text.h"
#include "runtime/kube/json_fields.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

constexpr const char* kDataKey = "inventory.json";

json RefToJson(const ObjectRef& ref) {
  return {{"apiVersion", ref.api_version},
          {"kind", ref.kind},
          {"namespace", ref.ns},
          {"name", ref.name}};
}

ObjectRef RefFromJson(const json& j) {
  return {j.at("apiVersion").get<std::string>(), j.at("kind").get<std::string>(),
          j.at("namespace").get<std::string>(), j.at("name").get<std::string>()};
}

json ConfigMapFor(const Inventory& inventory) {
  // Release messages may quote a server's raw answer, which need not be UTF-8: a strict
  // dump() would throw.
  std::string data = JsonText(InventoryToJson(inventory));
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata",
           {{"name", inventory.Name()},
            {"namespace", inventory.ns},
            {"labels",
             {{"app.kubernetes.io/managed-by", "dsc"},
              {"devstack.io/fleet", inventory.fleet},
              {"devstack.io/feature", inventory.group},
              {"devstack.io/inventory", "true"}}}}},
          {"data", {{kDataKey, std::move(data)}}}};
}

}  // namespace

const InventoryObject* InventoryRelease::Find(const ObjectRef& ref) const {
  for (const auto& object : objects) {
    if (object.ref == ref) return &object;
  }
  return nullptr;
}

InventoryObject* InventoryRelease::Find(const ObjectRef& ref) {
  return const_cast<InventoryObject*>(std::as_const(*this).Find(ref));
}

std::string Inventory::InventoryName(const std::string& fleet, const std::string& group) {
  return "dsc-inventory." + fleet + "." + group;
}

json InventoryToJson(const Inventory& inventory) {
  json releases = json::array();
  for (const auto& [id, release] : inventory.releases) {
    json objects = json::array();
    for (const auto& object : release.objects) {
      json o = RefToJson(object.ref);
      o["hash"] = object.hash;
      o["uid"] = object.uid;
      if (object.hook) o["hook"] = true;
      objects.push_back(std::move(o));
    }
    releases.push_back({{"name", release.name},
                        {"namespace", release.ns},
                        {"wave", release.wave},
                        {"hash", release.hash},
                        {"state", release.state},
                        {"message", release.message},
                        {"objects", std::move(objects)}});
  }
  return {{"format", 1},
          {"fleet", inventory.fleet},
          {"group", inventory.group},
          {"feature", inventory.feature},
          {"createdAt", inventory.created_at},
          {"expiresAt", inventory.expires_at},
          {"ttl", inventory.ttl},
          {"createdNamespaces", inventory.created_namespaces},
          {"releases", std::move(releases)}};
}

bool InventoryFromConfigMap(const json& config_map, Inventory* out, std::string* error) {
  // Anyone with access can edit the ConfigMap: read without assuming its shape.
  std::string name = kube::MetadataString(config_map, "name");
  if (name.empty()) name = "(unnamed)";
  const json& data = kube::Member(kube::Member(config_map, "data"), kDataKey);
  if (!data.is_string()) {
    *error = "inventory " + name + " has no " + kDataKey;
    return false;
  }
  json parsed = json::parse(data.get<std::string>(), nullptr, false);
  if (parsed.is_discarded()) {
    *error = "inventory " + name + " is not valid JSON";
    return false;
  }
  if (!InventoryFromJson(parsed, out, error)) return false;
  out->exists = true;
  return true;
}

bool InventoryFromJson(const json& j, Inventory* out, std::string* error) {
  try {
    if (kube::IntMemberAsInt(j, "format") != 1) {
      *error =
          "inventory format " + JsonText(kube::Member(j, "format")) + " is not known to this dsc";
      return false;
    }
    out->fleet = j.at("fleet").get<std::string>();
    out->group = j.at("group").get<std::string>();
    out->feature = j.value("feature", "");
    out->created_at = j.value("createdAt", "");
    out->expires_at = j.value("expiresAt", "");
    out->ttl = j.value("ttl", "");
    out->created_namespaces = j.value("createdNamespaces", std::vector<std::string>{});
    out->releases.clear();
    for (const json& r : j.at("releases")) {
      InventoryRelease release;
      release.name = r.at("name").get<std::string>();
      release.ns = r.at("namespace").get<std::string>();
      release.wave = kube::IntMemberAsInt(r, "wave");
      release.hash = r.value("hash", "");
      release.state = r.value("state", "");
      release.message = r.value("message", "");
      for (const json& o : r.at("objects")) {
        release.objects.push_back(
            {RefFromJson(o), o.value("hash", ""), o.value("uid", ""), o.value("hook", false)});
      }
      out->releases[release.Id()] = std::move(release);
    }
    return true;
  } catch (const json::exception& e) {
    *error = std::string("inventory: ") + e.what();
    return false;
  }
}

bool ReadInventory(Cluster& cluster, const std::string& ns, const std::string& fleet,
                   const std::string& group, Inventory* out, std::string* error) {
  out->fleet = fleet;
  out->group = group;
  out->ns = ns;
  CallResult got = cluster.Get({"v1", "ConfigMap", ns, Inventory::InventoryName(fleet, group)});
  if (got.NotFound()) {
    out->exists = false;
    return true;
  }
  if (!got.ok()) {
    *error = got.error;
    return false;
  }
  return InventoryFromConfigMap(got.object, out, error);
}

bool WriteInventory(Cluster& cluster, Inventory* inventory, std::string* error) {
  json config_map = ConfigMapFor(*inventory);
  CallResult applied = cluster.Apply({"v1", "ConfigMap", inventory->ns, inventory->Name()},
                                     config_map, /*force=*/true);
  if (!applied.ok()) {
    *error = "cannot record the inventory: " + applied.error;
    return false;
  }
  inventory->exists = true;
  return true;
}

bool DeleteInventory(Cluster& cluster, const Inventory& inventory, std::string* error) {
  CallResult deleted = cluster.Delete({"v1", "ConfigMap", inventory.ns, inventory.Name()}, "");
  if (!deleted.ok() && !deleted.NotFound()) {
    *error = deleted.error;
    return false;
  }
  return true;
}

bool ListInventories(Cluster& cluster, const std::string& fleet, std::vector<Inventory>* out,
                     std::string* error, const std::string& ns) {
  std::string selector = "devstack.io/inventory=true";
  if (!fleet.empty()) selector += ",devstack.io/fleet=" + fleet;
  CallResult listed = cluster.List("v1", "ConfigMap", ns, selector);
  if (!listed.ok()) {
    *error = listed.error;
    return false;
  }
  for (const json& item : kube::ArrayMember(listed.object, "items")) {
    Inventory inventory;
    inventory.ns = kube::MetadataString(item, "namespace");
    if (!InventoryFromConfigMap(item, &inventory, error)) return false;
    out->push_back(std::move(inventory));
  }
  return true;
}

}  // namespace dsc::runtime
