// `dsc diff --live`: a LivePlan (what `dsc apply` would do to each object, read from
// the cluster, runtime/apply/live_plan.h) as a Report, so that the same renderers
// print it. OLD is the cluster, NEW the blueprint: an object the apply would create
// is added, one it would prune is removed, and a drifted field reads
// `cluster value -> blueprint value`.
#pragma once

#include <string>

#include "compiler/diff/report.h"
#include "runtime/apply/live_plan.h"

namespace dsc::diff {

// Fills `report`'s live sections, releases and objects (ordered by kind, namespace and
// name, as the file diff orders them). Secret values are masked everywhere.
void ReportLivePlan(const runtime::LivePlan& plan, int context, Report* report);

}  // namespace dsc::diff
