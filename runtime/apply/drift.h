// Drift: where a live object no longer says what dsc applied. Only the fields
// dsc set are compared (defaults and fields other managers own are not drift);
// maps by key; lists of named objects (containers, env, ports, volumes) by name, as
// their merge key, other lists by position.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace dsc::runtime {

struct DriftedField {
  // Where: object keys as strings, list positions as numbers, list elements named by
  // their `name` as {"name": NAME}; a key with dots (a label `app.kubernetes.io/name`)
  // stays one step.
  std::vector<nlohmann::json> steps;
  nlohmann::json applied;              // what dsc set
  std::optional<nlohmann::json> live;  // nullopt: the field is gone

  // "spec.template.spec.containers[name=\"api\"].image", "spec.ports[0].port".
  std::string Path() const;
  // "spec.replicas: 2 -> 5" (values shortened to 60 characters).
  std::string Describe() const;
};

// Every field dsc set (in `applied`) whose value in `live` differs. Empty: no drift.
std::vector<DriftedField> FindDriftedFields(const nlohmann::json& applied,
                                            const nlohmann::json& live);

// The same, each as DriftedField::Describe().
std::vector<std::string> FindDrift(const nlohmann::json& applied, const nlohmann::json& live);

// A value as a short display string: JSON, cut to 60 characters.
std::string ShortValue(const nlohmann::json& value);

}  // namespace dsc::runtime
