// The manifest layer of `dsc diff`: every Kubernetes object added, removed or
// changed between two builds, with the unified diff of its YAML. Secret
// objects are masked (secret_mask.h) before their text is made.
#pragma once

#include "compiler/diff/manifest_objects.h"
#include "compiler/diff/report.h"

namespace dsc::diff {

// The unified diff of two versions of one object's manifest; either may be null
// (absent on that side). A Secret's values are masked first (secret_mask.h).
std::vector<Hunk> DiffManifests(const nlohmann::json& before, const nlohmann::json& after,
                                int context);

// Appends to `report->objects`, ordered by kind, namespace and name.
void CompareObjects(const ObjectMap& before, const ObjectMap& after, int context, Report* report);

}  // namespace dsc::diff
