#include "runtime/apply/status.h"

#include <algorithm>

#include "base/rfc3339.h"
#include "runtime/apply/diagnose.h"
#include "runtime/apply/inventory_store.h"
#include "runtime/apply/readiness.h"

namespace dsc::runtime {
namespace {

// Readiness of the release's live objects; false (with what it means in `fatal`) when the
// cluster cannot be asked.
bool CheckObjects(Cluster& cluster, const Release& release, ReleaseStatus* status,
                  std::string* error, ApplyResult* fatal) {
  for (const Object& object : release.objects) {
    CallResult got = cluster.Get(object.ref);
    if (got.NotFound()) {
      status->state = "not ready";
      status->reason = object.ref.Describe() + " is missing";
      return true;
    }
    if (!got.ok()) {
      if (ApplyResult cause = ClassifyFailure(got.response); cause != ApplyResult::kOk) {
        *error = got.error;
        *fatal = cause;
        return false;
      }
      status->state = "unknown";
      status->reason = got.error;
      return true;
    }
    ReadinessStatus readiness = EvaluateReadiness(got.object);
    if (readiness.state == Readiness::kReady) continue;
    status->state = readiness.state == Readiness::kFailed ? "failed" : "not ready";
    status->reason = object.ref.Describe() + ": " + readiness.reason;
    status->details = ExplainNotReady(cluster, got.object);
    return true;
  }
  status->ready = true;
  status->state = "ready";
  return true;
}

}  // namespace

ApplyResult ComputeStatus(const Blueprint& blueprint, Cluster& cluster,
                          const std::vector<std::string>& features, TimePoint now,
                          std::vector<ReleaseStatus>* out, std::string* error) {
  // Every group's records in one LIST; a group without any reads as an empty record.
  std::vector<Inventory> listed;
  ApplyResult failure = ApplyResult::kFailed;
  if (!ListInventories(cluster, blueprint.fleet, &listed, error, blueprint.fleet_namespace,
                       &failure))
    return failure;
  std::map<std::string, Inventory> records;  // by group
  for (Inventory& record : listed) records[record.group] = std::move(record);
  for (const Release& release : blueprint.releases) {
    if (!blueprint.Selects(release, features)) continue;
    const Feature* feature = blueprint.FeatureOf(release);
    const Inventory& record = records[blueprint.GroupOf(release)];
    ReleaseStatus status;
    status.release = release.Id();
    status.feature = feature ? feature->label : "";
    if (auto expires = base::ParseRfc3339(record.expires_at))
      status.expires =
          FormatRemaining(std::chrono::duration_cast<std::chrono::seconds>(*expires - now));
    auto entry = record.releases.find(release.Id());
    if (entry == record.releases.end()) {
      status.state = "not applied";
    } else if (entry->second.state != "applied") {
      status.state = entry->second.state;
      status.reason = entry->second.message;
    } else if (entry->second.hash != release.hash) {
      status.state = "out of date";
      status.reason = "the blueprint changed since it was applied: run `dsc apply`";
    } else if (!CheckObjects(cluster, release, &status, error, &failure)) {
      return failure;
    }
    out->push_back(std::move(status));
  }
  return ApplyResult::kOk;
}

}  // namespace dsc::runtime
