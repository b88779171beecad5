#include "runtime/apply/field_ownership.h"

#include <algorithm>
#include <string>
#include <vector>

namespace dsc::runtime {
namespace {

using nlohmann::json;

bool IsCreateEntry(const json& entry, std::string_view manager) {
  return entry.is_object() && entry.value("manager", "") == manager &&
         entry.value("operation", "") == "Update" && entry.value("subresource", "").empty();
}

bool IsApplyEntry(const json& entry, std::string_view manager, const std::string& api_version) {
  return entry.is_object() && entry.value("manager", "") == manager &&
         entry.value("operation", "") == "Apply" && entry.value("apiVersion", "") == api_version;
}

}  // namespace

bool HeldByCreate(const json& object, std::string_view manager) {
  if (!object.is_object()) return false;
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return false;
  auto fields = meta->find("managedFields");
  if (fields == meta->end() || !fields->is_array()) return false;
  for (const json& entry : *fields)
    if (IsCreateEntry(entry, manager)) return true;
  return false;
}

std::optional<json> HandCreateToApply(const json& managed_fields, std::string_view manager) {
  if (!managed_fields.is_array()) return std::nullopt;
  json result = json::array();
  std::vector<json> handed;
  for (const json& entry : managed_fields) {
    if (IsCreateEntry(entry, manager))
      handed.push_back(entry);
    else
      result.push_back(entry);
  }
  if (handed.empty()) return std::nullopt;
  for (json& entry : handed) {
    const std::string api_version = entry.value("apiVersion", "");
    // FieldsV1 is a tree of objects whose leaves are {}: a JSON merge patch is the union.
    json fields = entry.value("fieldsV1", json::object());
    auto apply = std::find_if(result.begin(), result.end(),
                              [&](const json& e) { return IsApplyEntry(e, manager, api_version); });
    if (apply != result.end()) {
      json merged = apply->value("fieldsV1", json::object());
      merged.merge_patch(fields);
      (*apply)["fieldsV1"] = std::move(merged);
      continue;
    }
    entry["operation"] = "Apply";
    result.push_back(std::move(entry));
  }
  return result;
}

}  // namespace dsc::runtime
