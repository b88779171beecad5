#include "runtime/apply/drift.h"

#include <algorithm>

#include "base/json_text.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

class DriftFinder {
 public:
  std::vector<DriftedField> Take() { return std::move(out_); }

  void Compare(const json& applied, const json& live) {
    if (applied.is_object()) {
      if (!live.is_object()) return Add(applied, live);
      for (const auto& [key, value] : applied.items()) {
        steps_.push_back(key);
        auto it = live.find(key);
        if (it == live.end())
          Add(value, std::nullopt);
        else
          Compare(value, *it);
        steps_.pop_back();
      }
      return;
    }
    if (applied.is_array()) {
      if (!live.is_array()) return Add(applied, live);
      if (Named(applied) && Named(live)) return CompareByName(applied, live);
      if (live.size() < applied.size()) return Add(applied, live);
      for (size_t i = 0; i < applied.size(); ++i) {
        steps_.push_back(i);
        Compare(applied[i], live[i]);
        steps_.pop_back();
      }
      return;
    }
    // The apiserver normalises numbers (1.0 vs 1) and quantities are strings: compare
    // numbers by value, everything else exactly.
    if (applied.is_number() && live.is_number()) {
      if (applied.get<double>() != live.get<double>()) Add(applied, live);
      return;
    }
    // A quantity written as a number (`cpu: 1`) reads back as a string ("1").
    if (applied.is_number() && live.is_string() && applied.dump() == live.get<std::string>())
      return;
    if (applied != live) Add(applied, live);
  }

 private:
  // A list whose elements are all objects with a string `name`.
  static bool Named(const json& list) {
    for (const json& e : list)
      if (!e.is_object() || !e.contains("name") || !e["name"].is_string()) return false;
    return true;
  }

  void CompareByName(const json& applied, const json& live) {
    for (const json& element : applied) {
      steps_.push_back(json{{"name", element["name"]}});
      auto match = std::find_if(live.begin(), live.end(),
                                [&](const json& e) { return e["name"] == element["name"]; });
      if (match == live.end())
        Add(element, std::nullopt);
      else
        Compare(element, *match);
      steps_.pop_back();
    }
  }

  void Add(const json& applied, std::optional<json> live) {
    out_.push_back({steps_, applied, std::move(live)});
  }

  std::vector<json> steps_;
  std::vector<DriftedField> out_;
};

}  // namespace

std::string ShortValue(const json& value) {
  std::string text = base::JsonText(value);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

std::string DriftedField::Path() const {
  std::string out;
  for (const json& step : steps) {
    if (step.is_number())
      out += "[" + std::to_string(step.get<size_t>()) + "]";
    else if (step.is_object())
      out += "[name=" + base::JsonText(step["name"]) + "]";
    else
      out += (out.empty() ? "" : ".") + step.get<std::string>();
  }
  return out;
}

std::string DriftedField::Describe() const {
  return Path() + ": " + ShortValue(applied) + " -> " + (live ? ShortValue(*live) : "(removed)");
}

std::vector<DriftedField> FindDriftedFields(const json& applied, const json& live) {
  DriftFinder finder;
  finder.Compare(applied, live);
  return finder.Take();
}

std::vector<std::string> FindDrift(const json& applied, const json& live) {
  std::vector<std::string> out;
  for (const DriftedField& field : FindDriftedFields(applied, live))
    out.push_back(field.Describe());
  return out;
}

}  // namespace dsc::runtime
