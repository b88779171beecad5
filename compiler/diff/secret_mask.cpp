#include "compiler/diff/secret_mask.h"

#include <map>
#include <string>

namespace dsc::diff {
namespace {

using nlohmann::json;

constexpr const char* kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

// The values that must not be shown, by a path the two sides share.
std::map<std::string, json*> SecretValues(json* manifest) {
  std::map<std::string, json*> values;
  if (!manifest || !IsSecret(*manifest)) return values;
  for (const char* field : {"data", "stringData"}) {
    auto it = manifest->find(field);
    if (it == manifest->end()) continue;
    if (!it->is_object()) {
      values[field] = &*it;
      continue;
    }
    for (auto& [key, value] : it->items()) values[std::string(field) + "/" + key] = &value;
  }
  auto metadata = manifest->find("metadata");
  if (metadata != manifest->end() && metadata->is_object()) {
    auto annotations = metadata->find("annotations");
    if (annotations != metadata->end() && annotations->is_object() &&
        annotations->contains(kLastApplied)) {
      values["last-applied"] = &(*annotations)[kLastApplied];
    }
  }
  return values;
}

}  // namespace

bool IsSecret(const json& manifest) {
  return manifest.is_object() && manifest.contains("kind") && manifest["kind"] == "Secret";
}

void MaskSecretPair(json* before, json* after) {
  std::map<std::string, json*> old_values = SecretValues(before);
  std::map<std::string, json*> new_values = SecretValues(after);
  // Compare first, then overwrite: the comparison needs both real values.
  for (auto& [path, value] : new_values) {
    auto old = old_values.find(path);
    bool changed = old != old_values.end() && *old->second != *value;
    *value = changed ? kMaskedChangedValue : kMaskedValue;
  }
  for (auto& [path, value] : old_values) *value = kMaskedValue;
}

}  // namespace dsc::diff
