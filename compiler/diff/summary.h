// The semantic layer of `dsc diff`: what changed in the fleet, read from the
// two builds' blueprint.json (services, infra, features, edges, routes,
// release hashes) and, for what blueprint.json does not hold (env and
// resources), from the services' Deployments.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/diff/manifest_objects.h"
#include "compiler/diff/report.h"
#include "contract/blueprint_document.h"

namespace dsc::diff {

// One side of the comparison.
struct BuildView {
  const contract::BlueprintDocument& blueprint;
  const ObjectMap& objects;
};

// Fleet settings, services, infra and features (summary_entities.cpp).
void SummarizeEntities(const BuildView& before, const BuildView& after, Report* report);

// Dependency edges, routes, and the releases to install, upgrade or uninstall
// (summary_topology.cpp). Reads `report->objects` to say why a release is
// upgraded, so it runs after CompareObjects.
void SummarizeTopology(const BuildView& before, const BuildView& after, Report* report);

// An entity flattened to display strings, in a stable field order.
using FlatFields = std::vector<std::pair<std::string, std::string>>;

// Fields whose value differs, appeared or disappeared: the new side's order,
// then fields only the old side has.
std::vector<FieldChange> DiffFields(const FlatFields& before, const FlatFields& after);

// The `feature` of a blueprint entry (a service, infra, route…): "" for the baseline.
inline std::string FeatureLabel(const std::optional<std::string>& feature) {
  return feature.value_or("");
}

// A JSON value as a display string: strings as they are, the rest as JSON.
std::string Display(const nlohmann::json& value);
// `true` or `false`, as Display shows a JSON boolean.
inline std::string Flag(bool value) { return value ? "true" : "false"; }
// Name-value pairs by name: the order summaries list fields in, whatever order the
// fleet declared them in.
template <typename Value>
std::map<std::string, Value> ByName(const std::vector<std::pair<std::string, Value>>& pairs) {
  return {pairs.begin(), pairs.end()};
}
// `text` as a JSON string literal, for literal values (`"info"`); invalid
// UTF-8 is replaced rather than refused.
std::string Quoted(const std::string& text);

}  // namespace dsc::diff
