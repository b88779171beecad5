// What `dsc apply` would do to each object of a blueprint, read from the cluster
// without changing it: the input of `dsc diff --live`.
//
// Per object, as the apply decides it: absent -> created; present but not created by
// dsc -> the apply would stop there; recorded with the same content and uid, and not
// drifted -> unchanged, and nothing more is asked; otherwise a server-side apply with
// dryRun=All says what the object would become, and the live object is compared with
// that answer, so defaults, other managers' fields and the apiserver's own changes all
// count as the real apply would leave them. Objects dsc recorded that the blueprint no
// longer renders, and whole features that left the fleet, are pruned, as `dsc apply`
// prunes them. Hooks are not compared: they run and go.
#pragma once

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/apply/applier.h"
#include "runtime/apply/blueprint.h"
#include "runtime/apply/cluster.h"
#include "runtime/apply/drift.h"

namespace dsc::runtime {

// A field dsc set that the cluster changed since, and who changed it.
struct FieldDrift {
  DriftedField field;
  std::vector<std::string> managers;  // from managedFields, dsc excluded; empty: unknown
};

struct PlannedObject {
  enum class Action { kCreate, kUpdate, kPrune };
  Action action = Action::kUpdate;
  ObjectRef ref;
  std::string release;  // namespace/name
  std::string feature;  // label; empty: baseline
  // Both without the fields the server keeps for itself (ComparableObject).
  nlohmann::json live;     // null for kCreate
  nlohmann::json planned;  // what the apply would leave; null for kPrune
  // Set when the fleet did not change the object since dsc applied it, so every
  // difference is the cluster's: the fields dsc set that now read otherwise.
  std::vector<FieldDrift> drift;
  std::string problem;  // why `dsc apply` would stop at this object; empty: none
};

struct PlannedRelease {
  enum class Action { kInstall, kUpgrade, kRepair, kUninstall };
  Action action = Action::kUpgrade;
  std::string ns, name;
  std::string feature;  // label; empty: baseline

  std::string Id() const { return ns + "/" + name; }
};

struct LivePlan {
  std::vector<std::string> new_namespaces;  // namespaces the apply would create
  std::vector<PlannedRelease> releases;     // only releases the apply would act on
  std::vector<PlannedObject> objects;       // only objects it would change, or stop at
  int unchanged_objects = 0;
};

struct LivePlanOptions {
  std::vector<std::string> features;  // as `dsc apply --feature`; empty: everything
  bool force_conflicts = false;       // as `dsc apply --force-conflicts`
  int concurrency = 8;                // dry-run applies in flight
};

// kOk unless the cluster could not be asked (unreachable, unauthorized, cancelled);
// then `error` says why. A dry run the apiserver rejects is the object's problem.
ApplyResult PlanAgainstLive(const Blueprint& blueprint, Cluster& cluster,
                            const LivePlanOptions& options, LivePlan* out, std::string* error);

// `object` without status and without the metadata the server maintains (uid,
// resourceVersion, generation, creationTimestamp, managedFields, selfLink), with
// apiVersion and kind from `ref` (list items lack them).
nlohmann::json ComparableObject(nlohmann::json object, const ObjectRef& ref);

}  // namespace dsc::runtime
