#include "runtime/apply/drift.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

std::string Short(const json& value) {
  std::string text = value.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

void Compare(const json& applied, const json& live, const std::string& path,
             std::vector<std::string>* out) {
  if (applied.is_object()) {
    if (!live.is_object()) {
      out->push_back(path + ": " + Short(applied) + " -> " + Short(live));
      return;
    }
    for (const auto& [key, value] : applied.items()) {
      std::string child = path.empty() ? key : path + "." + key;
      auto it = live.find(key);
      if (it == live.end()) {
        out->push_back(child + ": " + Short(value) + " -> (removed)");
        continue;
      }
      Compare(value, *it, child, out);
    }
    return;
  }
  if (applied.is_array()) {
    if (!live.is_array() || live.size() < applied.size()) {
      out->push_back(path + ": " + Short(applied) + " -> " + Short(live));
      return;
    }
    for (size_t i = 0; i < applied.size(); ++i)
      Compare(applied[i], live[i], path + "[" + std::to_string(i) + "]", out);
    return;
  }
  // The apiserver normalises numbers (1.0 vs 1) and quantities are strings: compare
  // numbers by value, everything else exactly.
  if (applied.is_number() && live.is_number()) {
    if (applied.get<double>() != live.get<double>())
      out->push_back(path + ": " + Short(applied) + " -> " + Short(live));
    return;
  }
  // A quantity written as a number (`cpu: 1`) reads back as a string ("1").
  if (applied.is_number() && live.is_string() && applied.dump() == live.get<std::string>()) return;
  if (applied != live) out->push_back(path + ": " + Short(applied) + " -> " + Short(live));
}

}  // namespace

std::vector<std::string> FindDrift(const json& applied, const json& live) {
  std::vector<std::string> out;
  Compare(applied, live, "", &out);
  return out;
}

}  // namespace dsc::runtime
