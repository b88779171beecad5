// The oracle's properties: what a build must mean, given the fleet's source. Each
// check returns its violations, one line each, naming the object and what is wrong;
// an empty list is a pass. conventions.md item 18: every emitted reference is checked
// against the fleet's own model, not against a recorded text.
#pragma once

#include <string>
#include <vector>

#include "tests/oracle/build_tree.h"
#include "tests/oracle/source_view.h"

namespace dsc::oracle {

// Every property below, over one build of one fleet:
//  - env: each declared env var of each deployed service (forks merged with their
//    baseline) is emitted once, with the value its expression has: a `secret()` as that
//    Secret's key; a reference as the export of exactly the entity the name resolves to
//    in its file and feature (a `configMapKeyRef` must name the outputs ConfigMap of that
//    infra, in the pod's namespace, holding that key and value); nothing else but
//    DEVSTACK_* variables;
//  - every `configMapKeyRef` and `configMapRef` of every pod resolves to an emitted
//    ConfigMap and key;
//  - Services select exactly the pods of their own Deployment, and no Deployment's
//    selector matches another's pods; target ports exist;
//  - IngressRoute services, ports and Middlewares resolve in their namespaces, and each
//    route record of blueprint.json is an emitted route reaching the service it names:
//    a preview host the feature's fork where there is one, else the baseline;
//  - helmfile `needs` (and blueprint.json's) are the dependency edges the source states
//    between emitted releases, plus the feature's Secret copy; blueprint.json's edges
//    are the source's references;
//  - Secrets referenced in a feature's own namespace are copied there by its release.
std::vector<std::string> CheckMeaning(const SourceView& source, const BuildTree& build);

// Two builds of one fleet whose files differ only in the order of imports and
// declarations: the same objects, byte for byte as JSON, and the same releases.
std::vector<std::string> CompareObjectSets(const BuildTree& a, const BuildTree& b);

}  // namespace dsc::oracle
