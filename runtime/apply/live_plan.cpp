#include "runtime/apply/live_plan.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "base/json_fields.h"
#include "runtime/apply/field_ownership.h"
#include "runtime/apply/inventory_store.h"
#include "runtime/apply/live_objects.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

// An object to ask the apiserver about with a dry-run apply.
struct Preview {
  size_t index;  // into LivePlan::objects
  const Object* object;
  json live;                        // as listed, managedFields included
  std::vector<DriftedField> drift;  // when the fleet did not change the object
};

class LivePlanner {
 public:
  LivePlanner(const Blueprint& blueprint, Cluster& cluster, const LivePlanOptions& options,
              LivePlan* out)
      : bp_(blueprint), cluster_(cluster), options_(options), out_(*out) {}

  ApplyResult Run(std::string* error) {
    ApplyResult failure = ApplyResult::kFailed;
    if (!ReadRecords(error, &failure)) return failure;
    CallResult failed;
    if (!ListLiveObjects(cluster_, KindsOf(bp_, options_.features), &live_, &failed) ||
        !FindNewNamespaces(&failed))
      return Fail(failed, error);
    for (const Release& release : bp_.releases) {
      if (bp_.Selects(release, options_.features)) PlanRelease(release);
    }
    if (!PlanPrunes(&failed)) return Fail(failed, error);
    RunPreviews();
    if (fatal_ != ApplyResult::kOk) {
      *error = fatal_error_;
      return fatal_;
    }
    DropUnchanged();
    return ApplyResult::kOk;
  }

 private:
  ApplyResult Fail(const CallResult& failed, std::string* error) {
    *error = failed.error;
    ApplyResult result = ClassifyFailure(failed.response);
    return result == ApplyResult::kOk ? ApplyResult::kFailed : result;
  }

  bool ReadRecords(std::string* error, ApplyResult* failure) {
    for (std::string& group : bp_.SelectedGroups(options_.features))
      selected_groups_.insert(std::move(group));
    std::vector<Inventory> records;
    if (!ListInventories(cluster_, bp_.fleet, &records, error, bp_.fleet_namespace, failure))
      return false;
    for (Inventory& record : records) {
      std::string group = record.group;
      records_[group] = std::move(record);
    }
    return true;
  }

  // The namespaces the apply would create: the fleet's and every selected release's.
  bool FindNewNamespaces(CallResult* failed) {
    std::set<std::string> needed{bp_.fleet_namespace};
    for (const Release& r : bp_.releases) {
      if (!bp_.Selects(r, options_.features)) continue;
      needed.insert(r.ns);
      for (const Object& o : r.objects) needed.insert(o.ref.ns);
    }
    needed.erase("");
    for (const std::string& ns : needed) {
      CallResult got = cluster_.Get({"v1", "Namespace", "", ns});
      if (got.NotFound()) {
        out_.new_namespaces.push_back(ns);
      } else if (!got.ok()) {
        *failed = std::move(got);
        return false;
      }
    }
    return true;
  }

  const InventoryRelease* Recorded(const std::string& group, const std::string& id) const {
    auto record = records_.find(group);
    if (record == records_.end()) return nullptr;
    auto release = record->second.releases.find(id);
    return release == record->second.releases.end() ? nullptr : &release->second;
  }

  size_t Add(PlannedObject::Action action, const Release& release, const ObjectRef& ref) {
    PlannedObject planned;
    planned.action = action;
    planned.ref = ref;
    planned.release = release.Id();
    planned.feature = release.feature;
    out_.objects.push_back(std::move(planned));
    return out_.objects.size() - 1;
  }

  // Decides as the apply's Plan does (applier.cpp): install, upgrade, repair or nothing.
  void PlanRelease(const Release& release) {
    const InventoryRelease* previous = Recorded(bp_.GroupOf(release), release.Id());
    const bool installed = previous && !previous->hash.empty();
    bool same = installed && previous->hash == release.hash && previous->state == "applied";
    bool drifted = false;
    for (const Object& o : release.objects) {
      auto live = live_.find(o.ref);
      const InventoryObject* listed = previous ? previous->Find(o.ref) : nullptr;
      if (live == live_.end()) {
        same = false;
        size_t i = Add(PlannedObject::Action::kCreate, release, o.ref);
        out_.objects[i].planned = ComparableObject(o.manifest, o.ref);
        continue;
      }
      const std::string uid = base::MetadataString(live->second, "uid");
      if (!listed || listed->uid != uid) same = false;
      if (!listed && !MadeByDsc(live->second, bp_.fleet)) {
        size_t i = Add(PlannedObject::Action::kUpdate, release, o.ref);
        out_.objects[i].live = ComparableObject(live->second, o.ref);
        out_.objects[i].problem =
            "exists and was not created by dsc: `dsc apply` will not change it and stops here";
        continue;
      }
      std::vector<DriftedField> drift = FindDriftedFields(o.manifest, live->second);
      const bool content_same = listed && listed->hash == o.hash && listed->uid == uid;
      if (content_same && drift.empty()) {
        ++out_.unchanged_objects;
        continue;
      }
      drifted |= !drift.empty();
      size_t i = Add(PlannedObject::Action::kUpdate, release, o.ref);
      out_.objects[i].live = ComparableObject(live->second, o.ref);
      previews_.push_back(
          {i, &o, live->second, content_same ? std::move(drift) : std::vector<DriftedField>()});
    }
    PlannedRelease planned{PlannedRelease::Action::kUpgrade, release.ns, release.name,
                           release.feature};
    if (!installed)
      planned.action = PlannedRelease::Action::kInstall;
    else if (same)
      planned.action = PlannedRelease::Action::kRepair;
    if (!same || drifted) out_.releases.push_back(planned);
  }

  // A recorded object the apply would delete: still there, and still the one dsc made.
  bool AddPrune(const PlannedRelease& release, const InventoryObject& recorded,
                CallResult* failed) {
    CallResult got = cluster_.Get(recorded.ref);
    if (got.NotFound()) return true;
    if (!got.ok()) {
      // A kind no longer served (its CRD went) holds nothing to delete.
      if (got.response.status == 0 && got.response.transport_error == kube::TransportError::kNone)
        return true;
      *failed = std::move(got);
      return false;
    }
    const std::string uid = base::MetadataString(got.object, "uid");
    if (!recorded.uid.empty() && uid != recorded.uid) return true;  // replaced: left alone
    PlannedObject planned;
    planned.action = PlannedObject::Action::kPrune;
    planned.ref = recorded.ref;
    planned.release = release.Id();
    planned.feature = release.feature;
    planned.live = ComparableObject(std::move(got.object), recorded.ref);
    out_.objects.push_back(std::move(planned));
    return true;
  }

  // Objects and releases recorded but no longer rendered, and, when the build holds every
  // feature and the apply would act on all of them, features that left the fleet.
  bool PlanPrunes(CallResult* failed) {
    std::map<std::string, const Release*> rendered;
    for (const Release& r : bp_.releases) rendered[r.Id()] = &r;
    const bool prune_features = options_.features.empty() && bp_.all_features;
    for (const auto& [group, record] : records_) {
      const bool left_fleet = group != kBaselineGroup && !bp_.FindFeature(group);
      if (!selected_groups_.count(group) && !(prune_features && left_fleet)) continue;
      for (const auto& [id, entry] : record.releases) {
        auto release = rendered.find(id);
        bool gone = release == rendered.end();
        PlannedRelease planned{PlannedRelease::Action::kUninstall, entry.ns, entry.name,
                               group == kBaselineGroup ? "" : group};
        if (gone) out_.releases.push_back(planned);
        for (const InventoryObject& o : entry.objects) {
          if (!gone) {
            auto is_o = [&](const Object& x) { return x.ref == o.ref; };
            const Release& r = *release->second;
            if (std::any_of(r.objects.begin(), r.objects.end(), is_o) ||
                std::any_of(r.hooks.begin(), r.hooks.end(), is_o))
              continue;
          }
          if (!AddPrune(planned, o, failed)) return false;
        }
      }
    }
    return true;
  }

  void RunPreview(Preview& p) {
    PlannedObject& planned = out_.objects[p.index];
    const ObjectRef& ref = p.object->ref;
    CallResult answer = cluster_.PreviewApply(ref, p.object->manifest, options_.force_conflicts);
    if (answer.Conflict()) {
      // A conflict with dsc's own create entry goes when the apply hands the fields over
      // first (field_ownership.h); a dry run cannot, so it forces instead.
      auto managers = ConflictingFields(answer.response);
      if (!(managers.size() == 1 && managers.count(kFieldManager)))
        planned.problem = "conflict: " + DescribeApplyConflict(answer.response) +
                          "; `dsc apply` stops here unless given --force-conflicts";
      answer = cluster_.PreviewApply(ref, p.object->manifest, /*force=*/true);
    }
    if (!answer.ok()) {
      ApplyResult result = ClassifyFailure(answer.response);
      if (result != ApplyResult::kOk) {
        std::lock_guard lock(mu_);
        if (!stopped_.exchange(true)) fatal_ = result, fatal_error_ = answer.error;
        return;
      }
      // For a Secret, answer.error leaves out the apiserver's message (Cluster::Finish).
      planned.problem = "the apiserver rejects it: " + answer.error;
      return;
    }
    planned.planned = ComparableObject(std::move(answer.object), ref);
    if (planned.planned == planned.live) return;
    for (DriftedField& field : p.drift)
      planned.drift.push_back({field, ManagersOfField(p.live, field.steps, kFieldManager)});
  }

  void RunPreviews() {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < previews_.size() && !stopped_; i = next++)
        RunPreview(previews_[i]);
    };
    std::vector<std::thread> threads;
    size_t n = std::min<size_t>(std::max(options_.concurrency, 1), previews_.size());
    for (size_t i = 0; i < n; ++i) threads.emplace_back(work);
    for (auto& t : threads) t.join();
  }

  // Objects the dry run says stay as they are (a changed manifest the apiserver
  // normalises to the live value), and repairs left with nothing to repair.
  void DropUnchanged() {
    std::set<std::string> changed;
    std::vector<PlannedObject> kept;
    for (PlannedObject& o : out_.objects) {
      bool same =
          o.action == PlannedObject::Action::kUpdate && o.problem.empty() && o.planned == o.live;
      if (same) {
        ++out_.unchanged_objects;
        continue;
      }
      changed.insert(o.release);
      kept.push_back(std::move(o));
    }
    out_.objects = std::move(kept);
    auto nothing_to_repair = [&](const PlannedRelease& r) {
      return r.action == PlannedRelease::Action::kRepair && !changed.count(r.Id());
    };
    out_.releases.erase(
        std::remove_if(out_.releases.begin(), out_.releases.end(), nothing_to_repair),
        out_.releases.end());
  }

  const Blueprint& bp_;
  Cluster& cluster_;
  const LivePlanOptions& options_;
  LivePlan& out_;
  std::set<std::string> selected_groups_;
  std::map<std::string, Inventory> records_;  // by group
  std::map<ObjectRef, json> live_;
  std::vector<Preview> previews_;
  std::mutex mu_;  // guards fatal_ and fatal_error_
  std::atomic<bool> stopped_{false};
  ApplyResult fatal_ = ApplyResult::kOk;
  std::string fatal_error_;
};

}  // namespace

json ComparableObject(json object, const ObjectRef& ref) {
  if (!object.is_object()) return object;
  object.erase("status");
  object["apiVersion"] = ref.api_version;
  object["kind"] = ref.kind;
  auto meta = object.find("metadata");
  if (meta != object.end() && meta->is_object()) {
    for (const char* key :
         {"uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink"})
      meta->erase(key);
  }
  return object;
}

ApplyResult PlanAgainstLive(const Blueprint& blueprint, Cluster& cluster,
                            const LivePlanOptions& options, LivePlan* out, std::string* error) {
  LivePlanner planner(blueprint, cluster, options, out);
  return planner.Run(error);
}

}  // namespace dsc::runtime
