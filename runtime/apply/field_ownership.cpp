#include "runtime/apply/field_ownership.h"

#include <algorithm>
#include <string>
#include <vector>

#include "base/json_fields.h"
#include "base/json_text.h"

namespace dsc::runtime {
namespace {

using base::Member;
using nlohmann::json;

bool IsCreateEntry(const json& entry, std::string_view manager) {
  return entry.is_object() && base::StringMember(entry, "manager") == manager &&
         base::StringMember(entry, "operation") == "Update" &&
         base::StringMember(entry, "subresource").empty();
}

bool IsApplyEntry(const json& entry, std::string_view manager, const std::string& api_version) {
  return entry.is_object() && base::StringMember(entry, "manager") == manager &&
         base::StringMember(entry, "operation") == "Apply" &&
         base::StringMember(entry, "apiVersion") == api_version;
}

// Whether the fieldsV1 tree `node` holds the path steps[i…].
bool OwnsPath(const json& node, const std::vector<json>& steps, size_t i) {
  if (i == steps.size()) return true;
  if (!node.is_object()) return false;
  if (steps[i].is_string()) {
    auto child = node.find("f:" + steps[i].get<std::string>());
    return child != node.end() && OwnsPath(*child, steps, i + 1);
  }
  // A named list element: its key in fieldsV1 is `k:{"name":"api"}`.
  if (steps[i].is_object()) {
    auto child = node.find("k:" + base::JsonText(steps[i]));
    return child != node.end() && OwnsPath(*child, steps, i + 1);
  }
  // A list element by position: any element, by key (k:), by value (v:) or by index (i:).
  for (const auto& [key, child] : node.items()) {
    if (key.size() > 2 && key[1] == ':' && (key[0] == 'k' || key[0] == 'v' || key[0] == 'i') &&
        OwnsPath(child, steps, i + 1))
      return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> ManagersOfField(const json& object, const std::vector<json>& steps,
                                         std::string_view except) {
  std::vector<std::string> out;
  for (const json& entry : base::ArrayMember(Member(object, "metadata"), "managedFields")) {
    if (!entry.is_object()) continue;
    std::string manager = base::StringMember(entry, "manager");
    if (manager == except || !OwnsPath(Member(entry, "fieldsV1"), steps, 0)) continue;
    if (std::find(out.begin(), out.end(), manager) == out.end()) out.push_back(manager);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool HeldByCreate(const json& object, std::string_view manager) {
  for (const json& entry : base::ArrayMember(Member(object, "metadata"), "managedFields"))
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
    const std::string api_version = base::StringMember(entry, "apiVersion");
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
