// What the cluster holds of the kinds a blueprint uses: one LIST per (apiVersion,
// kind, namespace), all sent at once, since each is a round trip the caller waits for.
// Shared by `dsc apply` (which objects exist, whether dsc made them, drift) and
// `dsc diff --live`.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>

#include "runtime/apply/blueprint.h"
#include "runtime/apply/cluster.h"

namespace dsc::runtime {

using KindInNamespace = std::tuple<std::string, std::string, std::string>;  // apiVersion, kind, ns

// Every kind-in-namespace the objects (not hooks) of the selected releases use.
std::set<KindInNamespace> KindsOf(const Blueprint& blueprint,
                                  const std::vector<std::string>& features);

// The live objects of `kinds`, keyed by ref, with the apiVersion and kind asked for
// (list items of built-in kinds lack them). A kind the cluster does not serve yet (its CRD comes
// with the apply) holds nothing. False with `failed` set to the first failed LIST.
bool ListLiveObjects(Cluster& cluster, const std::set<KindInNamespace>& kinds,
                     std::map<ObjectRef, nlohmann::json>* out, CallResult* failed);

}  // namespace dsc::runtime
