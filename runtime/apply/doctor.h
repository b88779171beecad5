// `dsc doctor`: what a fleet needs from the cluster, checked before anything is applied,
// each problem with its fix. Read-only: it lists, gets metadata and asks the apiserver
// what the current user may do (SelfSubjectAccessReview); it never reads a Secret's
// values (a Secret is fetched as PartialObjectMetadata).
#pragma once

#include <string>
#include <vector>

#include "runtime/apply/blueprint.h"
#include "runtime/apply/http_cluster.h"

namespace dsc::runtime {

struct DoctorCheck {
  enum class State { kOk, kWarn, kFail };
  std::string name;  // "server version", "Traefik CRDs", …: stable, for JSON
  State state = State::kOk;
  std::string detail;  // what was found
  std::string fix;     // how to mend it; empty when ok
};

std::string_view NameOf(DoctorCheck::State state);  // "ok", "warn", "fail"

// The checks, in a fixed order, for the releases `features` selects (all when empty).
// A check the cluster could not answer is a failure that says so.
std::vector<DoctorCheck> RunDoctor(HttpCluster& cluster, const Blueprint& blueprint,
                                   const std::vector<std::string>& features);

// The oldest Kubernetes dsc apply is tested on (server-side apply with managedFields as dsc
// reads them; the test control plane runs 1.20).
inline constexpr int kMinServerMinor = 20;

}  // namespace dsc::runtime
