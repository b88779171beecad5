// Drift: where a live object no longer says what dsc applied. Only the fields
// dsc set are compared (defaults and fields other managers own are not drift);
// maps by key, lists by position.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dsc::runtime {

// Paths like `spec.replicas` or `spec.template.spec.containers[0].image`, each with
// the applied and the live value: "spec.replicas: 2 -> 5". Empty: no drift.
std::vector<std::string> FindDrift(const nlohmann::json& applied, const nlohmann::json& live);

}  // namespace dsc::runtime
