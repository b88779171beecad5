// Namespaces dsc created but never recorded: an apply stopped (killed, or its record
// write failed) between the POST of a namespace and the write of the group's record
// that lists it. dsc labels what it creates and is its field manager, so such a
// namespace proves whose it is; `dsc apply` and `dsc destroy` record it again, and
// destroy then removes it as it removes every namespace dsc created.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "runtime/apply/applier.h"
#include "runtime/apply/blueprint.h"
#include "runtime/apply/cluster.h"
#include "runtime/apply/inventory.h"

namespace dsc::runtime {

// The group (kBaselineGroup or a feature's label) dsc created the live namespace for,
// if dsc made it for `fleet` (MadeByDsc); nullopt for anyone else's.
std::optional<std::string> CreatedForGroup(const nlohmann::json& live_namespace,
                                           const std::string& fleet);

// Whether the record lists `ns` as a namespace dsc created.
bool ListsNamespace(const Inventory& record, const std::string& ns);

// For `dsc destroy`: every namespace of the blueprint that dsc created for one of the
// `groups` but no record lists, added to that group's record in `records` (a new,
// not yet existing record for a group that has none). False with `error` when a GET
// fails (not for a namespace that does not exist), and what that means in `failure`.
// Returns the adopted namespaces.
bool AdoptUnrecordedNamespaces(Cluster& cluster, const Blueprint& blueprint,
                               const std::vector<std::string>& groups,
                               std::vector<Inventory>* records, std::vector<std::string>* adopted,
                               std::string* error, ApplyResult* failure);

}  // namespace dsc::runtime
