#include "runtime/apply/inventory.h"

#include <utility>

#include "base/json_fields.h"
#include "base/json_text.h"
#include "base/sha256.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

constexpr const char* kGroupKey = "inventory.json";
constexpr const char* kReleaseKey = "release.json";
constexpr int kFormat = 2;
// The longest name a ConfigMap may have (a DNS-1123 subdomain).
constexpr size_t kMaxNameLength = 253;

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

json ReleaseToJson(const InventoryRelease& release) {
  json objects = json::array();
  for (const auto& object : release.objects) {
    json o = RefToJson(object.ref);
    o["hash"] = object.hash;
    o["uid"] = object.uid;
    if (object.hook) o["hook"] = true;
    objects.push_back(std::move(o));
  }
  json out = {{"name", release.name},         {"namespace", release.ns},
              {"wave", release.wave},         {"hash", release.hash},
              {"state", release.state},       {"message", release.message},
              {"objects", std::move(objects)}};
  if (!release.team.empty()) out["team"] = release.team;
  return out;
}

// Throws json::exception on a malformed release (the caller turns it into an error).
InventoryRelease ReleaseFromJson(const json& r) {
  InventoryRelease release;
  release.name = r.at("name").get<std::string>();
  release.ns = r.at("namespace").get<std::string>();
  release.wave = base::IntMemberAsInt(r, "wave");
  release.hash = r.value("hash", "");
  release.state = r.value("state", "");
  release.message = r.value("message", "");
  release.team = r.value("team", "");
  for (const json& o : r.at("objects")) {
    release.objects.push_back(
        {RefFromJson(o), o.value("hash", ""), o.value("uid", ""), o.value("hook", false)});
  }
  return release;
}

json RecordConfigMap(const Inventory& inventory, const std::string& name, const char* key,
                     const json& content) {
  // Release messages may quote a server's raw answer, which need not be UTF-8: a strict
  // dump() would throw.
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata",
           {{"name", name},
            {"namespace", inventory.ns},
            {"labels",
             {{"app.kubernetes.io/managed-by", "dsc"},
              {"devstack.io/fleet", inventory.fleet},
              {"devstack.io/feature", inventory.group},
              {"devstack.io/inventory", "true"}}}}},
          {"data", {{key, base::JsonText(content)}}}};
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

std::string Inventory::ReleaseRecordName(const InventoryRelease& release) const {
  std::string readable = Name() + "." + release.ns + "." + release.name;
  if (readable.size() <= kMaxNameLength) return readable;
  return Name() + ".r" + base::Sha256Hex(release.Id()).substr(0, 20);
}

json InventoryToJson(const Inventory& inventory) {
  return {{"format", kFormat},
          {"fleet", inventory.fleet},
          {"group", inventory.group},
          {"feature", inventory.feature},
          {"createdAt", inventory.created_at},
          {"expiresAt", inventory.expires_at},
          {"ttl", inventory.ttl},
          {"owner", inventory.owner},
          {"createdNamespaces", inventory.created_namespaces}};
}

json ReleaseRecordToJson(const Inventory& inventory, const InventoryRelease& release) {
  return {{"format", kFormat},
          {"fleet", inventory.fleet},
          {"group", inventory.group},
          {"release", ReleaseToJson(release)}};
}

bool InventoryFromJson(const json& j, Inventory* out, std::string* error, bool* is_release) {
  try {
    int format = base::IntMemberAsInt(j, "format");
    if (format != 1 && format != kFormat) {
      *error = "inventory format " + base::JsonText(base::Member(j, "format")) +
               " is not known to this dsc";
      return false;
    }
    out->fleet = j.at("fleet").get<std::string>();
    out->group = j.at("group").get<std::string>();
    if (format == kFormat && j.contains("release")) {
      InventoryRelease release = ReleaseFromJson(j.at("release"));
      out->releases[release.Id()] = std::move(release);
      if (is_release) *is_release = true;
      return true;
    }
    if (is_release) *is_release = false;
    out->feature = j.value("feature", "");
    out->created_at = j.value("createdAt", "");
    out->expires_at = j.value("expiresAt", "");
    out->owner = j.value("owner", "");
    out->ttl = j.value("ttl", "");
    out->created_namespaces = j.value("createdNamespaces", std::vector<std::string>{});
    if (format == 1) {
      out->legacy = true;
      for (const json& r : j.at("releases")) {
        InventoryRelease release = ReleaseFromJson(r);
        out->releases[release.Id()] = std::move(release);
      }
    }
    return true;
  } catch (const json::exception& e) {
    *error = std::string("inventory: ") + e.what();
    return false;
  }
}

bool InventoryFromConfigMap(const json& config_map, Inventory* out, std::string* error,
                            bool* is_release) {
  // Anyone with access can edit the ConfigMap: read without assuming its shape.
  std::string name = base::MetadataString(config_map, "name");
  if (name.empty()) name = "(unnamed)";
  const json& data = base::Member(config_map, "data");
  const json* text = &base::Member(data, kGroupKey);
  if (!text->is_string()) text = &base::Member(data, kReleaseKey);
  if (!text->is_string()) {
    *error = "inventory " + name + " has neither " + kGroupKey + " nor " + kReleaseKey;
    return false;
  }
  json parsed = json::parse(text->get<std::string>(), nullptr, false);
  if (parsed.is_discarded()) {
    *error = "inventory " + name + " is not valid JSON";
    return false;
  }
  bool release = false;
  if (!InventoryFromJson(parsed, out, error, &release)) {
    *error = name + ": " + *error;
    return false;
  }
  if (!release) out->exists = true;
  if (is_release) *is_release = release;
  return true;
}

json InventoryConfigMap(const Inventory& inventory) {
  return RecordConfigMap(inventory, inventory.Name(), kGroupKey, InventoryToJson(inventory));
}

json ReleaseRecordConfigMap(const Inventory& inventory, const InventoryRelease& release) {
  return RecordConfigMap(inventory, inventory.ReleaseRecordName(release), kReleaseKey,
                         ReleaseRecordToJson(inventory, release));
}

}  // namespace dsc::runtime
