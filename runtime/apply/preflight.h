// What `dsc apply` checks against the cluster before its first write, so that a
// blueprint the cluster cannot take is refused whole instead of half-applied (Helm, too,
// renders and validates a release before it creates anything): every kind the selected
// releases use is served (discovery), or defined by a CRD of the blueprint itself.
// (What needs no cluster — unique releases, needs, chart hashes — LoadBlueprint checks.)
#pragma once

#include <string>
#include <vector>

#include "runtime/apply/blueprint.h"
#include "runtime/apply/cluster.h"

namespace dsc::runtime {

// One line per problem ("release `shop/api`: Deploymnet apps/v1 is not served by this
// cluster, and no CRD of the blueprint defines it"); empty when the blueprint can be
// applied. False with `failed` when discovery itself could not be asked.
bool CheckKindsServed(Cluster& cluster, const Blueprint& blueprint,
                      const std::vector<std::string>& features, std::vector<std::string>* problems,
                      CallResult* failed);

}  // namespace dsc::runtime
