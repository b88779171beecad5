// Reading and writing dsc's records (inventory.h) in the cluster: every record of a
// fleet in one LIST, and a write per group or release record. A write that fails says
// so: an apply whose record cannot be written fails (exit non-zero), since a record
// that lost objects would let destroy and prune miss them.
#pragma once

#include <string>
#include <vector>

#include "runtime/apply/applier.h"
#include "runtime/apply/cluster.h"
#include "runtime/apply/inventory.h"

namespace dsc::runtime {

// What a ConfigMap may hold (1 MiB, data and keys); a record is refused before it is
// sent when it would not fit.
inline constexpr size_t kMaxRecordBytes = 1024 * 1024;

// Every group's records in `ns` (empty: all namespaces), optionally of one fleet; release
// records whose group's record is missing form a group with exists = false. On failure,
// `failure` (if given) says what it means for the command: kUnreachable, kUnauthorized,
// or kFailed for a request the cluster refused (403) or a record dsc cannot read, so that
// every cluster command exits with the same code for the same cause.
bool ListInventories(Cluster& cluster, const std::string& fleet, std::vector<Inventory>* out,
                     std::string* error, const std::string& ns = "",
                     ApplyResult* failure = nullptr);

// The group's record. A legacy (format 1) group has its releases written first.
bool WriteInventoryHeader(Cluster& cluster, Inventory* inventory, std::string* error);
bool WriteReleaseRecord(Cluster& cluster, const Inventory& inventory,
                        const InventoryRelease& release, std::string* error);
bool DeleteReleaseRecord(Cluster& cluster, const Inventory& inventory,
                         const InventoryRelease& release, std::string* error);
// Every release record, then the group's.
bool WriteInventory(Cluster& cluster, Inventory* inventory, std::string* error);
// Every release record, then the group's (already gone is no error).
bool DeleteInventory(Cluster& cluster, const Inventory& inventory, std::string* error);

}  // namespace dsc::runtime
