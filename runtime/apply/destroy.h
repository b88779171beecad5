// Deleting what dsc applied, from its inventory alone: `dsc destroy`, `dsc gc`
// and the pruning of a feature removed from the fleet.
//
// Only objects listed in the record are deleted, each with a uid precondition,
// so an object someone replaced since is left alone; releases go in reverse wave
// order; namespaces dsc created go last; the record itself after them.
#pragma once

#include <atomic>
#include <vector>

#include "runtime/apply/applier.h"
#include "runtime/apply/inventory.h"
#include "runtime/apply/reporter.h"

namespace dsc::runtime {

struct DestroyOptions {
  bool dry_run = false;
  const std::atomic<bool>* cancel = nullptr;
};

struct DestroyStats {
  int objects_deleted = 0;
  int objects_skipped = 0;  // replaced by someone else, already gone, or not dsc's
  // Listed without a uid, and not made by dsc (MadeByDsc): left alone ("Deployment a/b").
  std::vector<std::string> not_made_by_dsc;
};

// Deletes the objects of `release_ids` (all releases when empty) from `inventory`
// and updates the record (`record` cluster). With `whole_group`, also the group's
// namespaces and the record.
ApplyResult DestroyGroup(Cluster& cluster, Cluster& record, Inventory& inventory,
                         Reporter& reporter, const DestroyOptions& options, bool whole_group,
                         DestroyStats* stats);

// Deletes listed objects of one release in reverse install order, each under a uid
// precondition: the recorded uid, or for an object listed without one, the live
// object's if dsc made it (MadeByDsc; else it is left alone). Returns false (with
// `error`) on the first failure that is not "already gone".
bool DeleteObjects(Cluster& cluster, const std::string& fleet,
                   const std::vector<InventoryObject>& objects, DestroyStats* stats,
                   std::vector<InventoryObject>* remaining, std::string* error, ApplyResult* fatal);

}  // namespace dsc::runtime
