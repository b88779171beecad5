#include "runtime/apply/applier.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <thread>

#include "base/json_fields.h"
#include "base/rfc3339.h"
#include "runtime/apply/destroy.h"
#include "runtime/apply/drift.h"
#include "runtime/apply/field_ownership.h"
#include "runtime/apply/inventory.h"
#include "runtime/apply/inventory_store.h"
#include "runtime/apply/live_objects.h"
#include "runtime/apply/namespace_adoption.h"
#include "runtime/apply/preflight.h"
#include "runtime/apply/release_run.h"
#include "runtime/apply/wave_pool.h"
#include "runtime/kube/api_error.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

// Record writes share the object writes' slots (a wave of 10,000 releases must not send
// 10,000 at once), ahead of every kind: a release's intent precedes its objects.
constexpr int kRecordRank = -1;

struct Group {
  std::string name;  // kBaselineGroup or the feature's label
  const Feature* feature = nullptr;
  Inventory inventory;
  bool dirty = false;  // the group's record (not its releases') changed
};

class ApplyRun {
 public:
  ApplyRun(const Blueprint& blueprint, Cluster& cluster, Cluster& record, Reporter& reporter,
           const ApplyOptions& options, ApplyStats* stats)
      : ctx_(blueprint, cluster, reporter, options), record_(record), stats_(*stats) {}

  ApplyResult Run();

 private:
  bool Preflight();
  bool Selected(const Release& release) const;
  bool ReadRecords();
  bool IndexLive();
  void Plan();
  ApplyResult DryRun();
  CallResult DryRunElsewhere(const Object& object, const std::string& placeholder);
  bool EnsureNamespaces();
  void AdoptNamespace(const std::string& ns, const json& live);
  bool WriteGroupRecords();
  void RunWave(std::vector<ReleaseRun*>& wave);
  void RecordIntent(const ReleaseRun& run);
  bool WriteIntent(ReleaseRun& run);
  void RecordOutcome(ReleaseRun& run);
  void Prune();
  void PruneRemovedFeatures();
  ApplyResult Result() const;
  // The result of a run that stopped early: the fatal condition, else kFailed.
  ApplyResult FailedResult() const {
    ApplyResult result = Result();
    return result == ApplyResult::kOk ? ApplyResult::kFailed : result;
  }
  Group& GroupFor(const std::string& name) { return groups_.at(name); }

  RunContext ctx_;
  Cluster& record_;
  ApplyStats& stats_;
  std::map<std::string, Group> groups_;
  std::vector<Inventory> other_records_;  // the fleet's records of groups not applied now
  LiveIndex live_;
  std::vector<ReleaseRun> runs_;
  std::map<std::string, ReleaseRun*> runs_by_id_;
  bool failed_ = false;
};

bool ApplyRun::Selected(const Release& release) const {
  return groups_.count(ctx_.blueprint.GroupOf(release)) > 0;
}

bool ApplyRun::ReadRecords() {
  const Blueprint& bp = ctx_.blueprint;
  const auto& wanted = ctx_.options.features;
  if (wanted.empty()) groups_[kBaselineGroup].name = kBaselineGroup;
  for (const Feature& f : bp.features) {
    if (!wanted.empty() && !f.NamedIn(wanted)) continue;
    Group& g = groups_[f.label];
    g.name = f.label;
    g.feature = &f;
  }
  // Every record of the fleet in one request: the selected groups' and those of
  // features no longer in the fleet (pruned at the end).
  std::string error;
  std::vector<Inventory> records;
  ApplyResult failure = ApplyResult::kFailed;
  if (!ListInventories(record_, bp.fleet, &records, &error, bp.fleet_namespace, &failure)) {
    if (failure != ApplyResult::kFailed) ctx_.Fatal(failure);
    ctx_.reporter.Message("error", error);
    return false;
  }
  for (Inventory& record : records) {
    auto group = groups_.find(record.group);
    if (group != groups_.end())
      group->second.inventory = std::move(record);
    else
      other_records_.push_back(std::move(record));
  }
  for (auto& [name, group] : groups_) {
    Inventory& inv = group.inventory;
    if (!inv.exists) {
      inv.fleet = bp.fleet;
      inv.group = name;
      inv.ns = bp.fleet_namespace;
    }
    inv.feature = group.feature ? group.feature->name : "";
  }
  return true;
}

// One LIST per (kind, namespace): what exists, whether dsc made it, and drift.
bool ApplyRun::IndexLive() {
  std::map<ObjectRef, const json*> manifests;
  for (const Release& r : ctx_.blueprint.releases) {
    if (!Selected(r)) continue;
    for (const Object& o : r.objects) manifests[o.ref] = &o.manifest;
  }
  std::map<ObjectRef, json> objects;
  CallResult failed;
  if (!ListLiveObjects(ctx_.cluster, KindsOf(ctx_.blueprint, ctx_.options.features), &objects,
                       &failed)) {
    ctx_.NoteFailure(failed.response);
    ctx_.reporter.Message("error", failed.error);
    return false;
  }
  for (const auto& [ref, item] : objects) {
    auto manifest = manifests.find(ref);
    live_[ref] = {base::MetadataString(item, "uid"), MadeByDsc(item, ctx_.blueprint.fleet),
                  HeldByCreate(item, kFieldManager),
                  manifest != manifests.end() && !FindDrift(*manifest->second, item).empty()};
  }
  return true;
}

void ApplyRun::Plan() {
  for (const Release& r : ctx_.blueprint.releases) {
    if (!Selected(r)) continue;
    ReleaseRun run;
    run.release = &r;
    run.group = ctx_.blueprint.GroupOf(r);
    run.live = &live_;
    const Inventory& inv = GroupFor(run.group).inventory;
    if (auto prev = inv.releases.find(r.Id()); prev != inv.releases.end())
      run.previous = &prev->second;
    bool installed = run.previous && !run.previous->hash.empty();
    run.change = installed ? Change::kUpgrade : Change::kInstall;
    bool same = installed && run.previous->hash == r.hash && run.previous->state == "applied";
    bool drifted = false;
    for (const Object& o : r.objects) {
      auto live = live_.find(o.ref);
      const InventoryObject* listed = run.previous ? run.previous->Find(o.ref) : nullptr;
      const bool recorded =
          live != live_.end() && listed && !listed->uid.empty() && listed->uid == live->second.uid;
      if (!recorded) same = false;
      if (live != live_.end()) drifted |= live->second.drifted;
      // Listed without a uid (an apply stopped before it learned it) or with another
      // one proves nothing: the object must show dsc made it.
      if (live != live_.end() && !recorded && !live->second.ours)
        FailNotCreatedByDsc(run, o.ref.Describe());
    }
    if (same) run.change = drifted ? Change::kRepair : Change::kUnchanged;
    runs_.push_back(std::move(run));
  }
  for (auto& run : runs_) runs_by_id_[run.Id()] = &run;
}

bool ApplyRun::EnsureNamespaces() {
  std::map<std::string, std::string> needed;  // namespace -> group
  needed[ctx_.blueprint.fleet_namespace] =
      groups_.count(kBaselineGroup) ? kBaselineGroup : groups_.begin()->first;
  for (const auto& run : runs_) {
    auto add = [&](const std::string& ns) {
      if (!ns.empty()) needed.try_emplace(ns, run.group);
    };
    add(run.release->ns);
    for (const Object& o : run.release->objects) add(o.ref.ns);
    for (const Object& o : run.release->hooks) add(o.ref.ns);
  }
  for (const auto& [ns, group_name] : needed) {
    ObjectRef ref{"v1", "Namespace", "", ns};
    CallResult got = ctx_.cluster.Get(ref);
    if (got.ok()) {
      AdoptNamespace(ns, got.object);
      continue;
    }
    if (!got.NotFound()) {
      ctx_.NoteFailure(got.response);
      ctx_.reporter.Message("error", got.error);
      return false;
    }
    Group& group = GroupFor(group_name);
    json manifest = {{"apiVersion", "v1"},
                     {"kind", "Namespace"},
                     {"metadata",
                      {{"name", ns},
                       {"labels",
                        {{"app.kubernetes.io/managed-by", "dsc"},
                         {"devstack.io/fleet", ctx_.blueprint.fleet},
                         {"devstack.io/feature", group_name}}}}}};
    if (group.feature && !group.feature->ttl.empty())
      manifest["metadata"]["annotations"] = {{"janitor/ttl", group.feature->ttl}};
    CallResult created = ctx_.cluster.Create(ref, manifest);
    if (!created.ok() && !created.Conflict()) {
      ctx_.NoteFailure(created.response);
      ctx_.reporter.Message("error", created.error);
      return false;
    }
    if (created.ok()) {
      group.inventory.created_namespaces.push_back(ns);
      group.dirty = true;
      ctx_.reporter.Message("info", "created namespace " + ns);
    }
  }
  return true;
}

// A namespace dsc created for a group of this fleet (its labels and its managedFields
// say so) that no record lists: an apply stopped between creating it and recording it.
// Recorded now, so destroy removes it.
void ApplyRun::AdoptNamespace(const std::string& ns, const json& live) {
  std::optional<std::string> group_name = CreatedForGroup(live, ctx_.blueprint.fleet);
  if (!group_name) return;
  auto group = groups_.find(*group_name);
  if (group == groups_.end()) return;  // another group's, not applied now
  for (const auto& [name, other] : groups_)
    if (ListsNamespace(other.inventory, ns)) return;
  for (const Inventory& other : other_records_)
    if (ListsNamespace(other, ns)) return;
  group->second.inventory.created_namespaces.push_back(ns);
  group->second.dirty = true;
  ctx_.reporter.Message("info", "namespace " + ns +
                                    " was created by a dsc apply that stopped before recording "
                                    "it: recorded now");
}

bool ApplyRun::WriteGroupRecords() {
  bool ok = true;
  for (auto& [name, group] : groups_) {
    if (!group.dirty && !group.inventory.legacy) continue;
    std::string error;
    if (!WriteInventoryHeader(record_, &group.inventory, &error)) {
      ctx_.reporter.Message("error", error);
      ok = false;
      continue;
    }
    group.dirty = false;
  }
  return ok;
}

void ApplyRun::RecordIntent(const ReleaseRun& run) {
  Group& group = GroupFor(run.group);
  InventoryRelease& entry = group.inventory.releases[run.Id()];
  entry.name = run.release->name;
  entry.ns = run.release->ns;
  entry.wave = run.release->wave;
  entry.team = run.release->team;
  entry.state = "applying";
  auto add = [&](const Object& o) {
    if (!entry.Find(o.ref)) entry.objects.push_back({o.ref, "", "", o.hook.has_value()});
  };
  for (const Object& o : run.release->hooks) add(o);
  for (const Object& o : run.release->objects) add(o);
}

// On the release's own thread: its record entry exists (RecordIntent) and no other
// thread touches it.
bool ApplyRun::WriteIntent(ReleaseRun& run) {
  if (run.change == Change::kUnchanged) return true;
  const Inventory& inventory = GroupFor(run.group).inventory;
  std::string error;
  SlotHold slot(ctx_.slots, kRecordRank);
  if (WriteReleaseRecord(record_, inventory, inventory.releases.at(run.Id()), &error)) return true;
  run.phase = Phase::kFailed;
  run.message = "not applied: " + error;
  return false;
}

// On the release's own thread, as WriteIntent. A record that cannot be written fails the
// release, though its objects are there: the record would not say what exists.
void ApplyRun::RecordOutcome(ReleaseRun& run) {
  Group& group = GroupFor(run.group);
  InventoryRelease& entry = group.inventory.releases.at(run.Id());
  bool done = run.phase == Phase::kReady || run.phase == Phase::kUnchanged;
  if (run.change == Change::kUnchanged && done && entry.state == "applied") return;
  entry.name = run.release->name;
  entry.ns = run.release->ns;
  entry.wave = run.release->wave;
  if (done) {
    // Exactly what exists now (stale objects stay until pruned).
    entry.objects = run.applied;
    entry.hash = run.release->hash;
    entry.state = "applied";
    entry.message = "";
  } else {
    // A request may have reached the server without its answer reaching us:
    // keep every intended object listed, with what we learned.
    for (const auto& applied : run.applied) {
      if (InventoryObject* o = entry.Find(applied.ref))
        *o = applied;
      else
        entry.objects.push_back(applied);
    }
    entry.state = run.phase == Phase::kCancelled ? "interrupted" : "failed";
    entry.message = run.message;
  }
  std::string error;
  SlotHold slot(ctx_.slots, kRecordRank);
  if (WriteReleaseRecord(record_, group.inventory, entry, &error)) return;
  if (run.phase != Phase::kCancelled) run.phase = Phase::kFailed;
  run.message = run.message.empty() ? error : run.message + "; " + error;
}

void ApplyRun::RunWave(std::vector<ReleaseRun*>& wave) {
  std::vector<ReleaseRun*> todo;
  for (ReleaseRun* run : wave) {
    if (run->phase == Phase::kFailed) continue;  // failed in planning (ownership)
    for (const auto& need : run->release->needs) {
      auto dep = runs_by_id_.find(need);
      if (dep == runs_by_id_.end()) continue;  // not part of this apply
      Phase p = dep->second->phase;
      if (p != Phase::kReady && p != Phase::kUnchanged) {
        run->phase = Phase::kBlocked;
        run->message = "needs " + need + ", which is " + PhaseName(p);
      }
    }
    if (run->phase == Phase::kBlocked) {
      Report(ctx_, *run);
      continue;
    }
    // Every entry is made here, before the threads start: they only change their own.
    if (run->change != Change::kUnchanged) RecordIntent(*run);
    todo.push_back(run);
  }
  // Every release of the wave in parallel (wave_pool.h): `2 * concurrency` send at once,
  // as many as the slots keep busy while others prepare, and each release that waits
  // (hooks, readiness) gives its worker's place to the next. Each writes its own release's
  // record before its first object (intent) and after its last (outcome).
  RunWaveReleases(todo.size(), 2 * static_cast<size_t>(ctx_.options.concurrency),
                  [this, &todo](size_t i) {
                    ReleaseRun& run = *todo[i];
                    if (WriteIntent(run)) {
                      RunRelease(ctx_, run);
                      RecordOutcome(run);
                    }
                    Report(ctx_, run);
                  });
}

void ApplyRun::Prune() {
  DestroyStats stats;
  for (auto& [name, group] : groups_) {
    // Objects a release no longer renders, and releases no longer in the fleet.
    for (auto it = group.inventory.releases.begin(); it != group.inventory.releases.end();) {
      InventoryRelease& entry = it->second;
      auto run = runs_by_id_.find(it->first);
      std::vector<InventoryObject> stale;
      if (run == runs_by_id_.end()) {
        stale = entry.objects;
      } else {
        const Release& r = *run->second->release;
        for (const auto& o : entry.objects) {
          auto rendered = [&](const Object& x) { return x.ref == o.ref; };
          if (std::none_of(r.objects.begin(), r.objects.end(), rendered) &&
              std::none_of(r.hooks.begin(), r.hooks.end(), rendered))
            stale.push_back(o);
        }
      }
      if (stale.empty()) {
        ++it;
        continue;
      }
      std::vector<InventoryObject> remaining;
      std::string error;
      ApplyResult fatal = ApplyResult::kOk;
      bool ok = DeleteObjects(ctx_.cluster, ctx_.blueprint.fleet, stale, &stats, &remaining, &error,
                              &fatal);
      std::vector<std::string> details;
      for (const auto& o : stale) details.push_back("deleted " + o.ref.Describe());
      std::erase_if(entry.objects, [&](const InventoryObject& o) {
        auto gone = [&](const InventoryObject& s) { return s.ref == o.ref; };
        return std::any_of(stale.begin(), stale.end(), gone) &&
               std::none_of(remaining.begin(), remaining.end(), gone);
      });
      std::string record_error;
      bool recorded = ok && run == runs_by_id_.end()
                          ? DeleteReleaseRecord(record_, group.inventory, entry, &record_error)
                          : WriteReleaseRecord(record_, group.inventory, entry, &record_error);
      if (!recorded) {
        ok = false;
        error = error.empty() ? record_error : error + "; " + record_error;
      }
      if (!ok) {
        failed_ = true;
        if (fatal != ApplyResult::kOk) ctx_.Fatal(fatal);
        ctx_.reporter.Release({it->first,
                               group.feature ? group.feature->label : "",
                               Phase::kFailed,
                               "prune: " + error,
                               {}});
        ++it;
        continue;
      }
      stats_.objects_pruned += static_cast<int>(stale.size());
      ctx_.reporter.Release(
          {it->first, group.feature ? group.feature->label : "", Phase::kPruned, "", details});
      if (run == runs_by_id_.end())
        it = group.inventory.releases.erase(it);
      else
        ++it;
    }
  }
  // A build of some features says nothing about the others (a colleague's).
  if (ctx_.options.features.empty() && ctx_.blueprint.all_features) PruneRemovedFeatures();
}

// A whole feature removed from the fleet: its record names everything it had.
void ApplyRun::PruneRemovedFeatures() {
  DestroyStats stats;
  for (Inventory& record : other_records_) {
    ctx_.reporter.Message("info", "feature " + record.group + " left the fleet: pruning it");
    ApplyResult result =
        DestroyGroup(ctx_.cluster, record_, record, ctx_.reporter, {}, true, &stats);
    if (result != ApplyResult::kOk) {
      failed_ = true;
      if (result != ApplyResult::kFailed) ctx_.Fatal(result);
    }
  }
  stats_.objects_pruned += stats.objects_deleted;
}

// A dry-run create of the object in namespace `placeholder` (which exists): the
// apiserver's validation and admission, as they would judge it in its own namespace.
// "Already exists" there means it passed them (validation comes before storage).
CallResult ApplyRun::DryRunElsewhere(const Object& object, const std::string& placeholder) {
  ObjectRef ref = object.ref;
  ref.ns = placeholder;
  json manifest = object.manifest;
  manifest["metadata"]["namespace"] = placeholder;
  CallResult checked = ctx_.cluster.Create(ref, manifest, /*dry_run=*/true);
  if (checked.Conflict()) return {};
  if (checked.ok() || checked.response.status == 0) return checked;
  // A Secret's rejection may quote its value: described without the server's message.
  checked.error = "dry run of " + object.ref.Describe() + " (checked in namespace " + placeholder +
                  ": " + object.ref.ns + " does not exist yet): " +
                  kube::DescribeFailure(checked.response, object.ref.kind != "Secret");
  return checked;
}

// --dry-run: what would be created, changed and pruned; every object that would be
// sent is sent with dryRun=All, so the apiserver's validation and conflicts show.
ApplyResult ApplyRun::DryRun() {
  const std::string& fleet_ns = ctx_.blueprint.fleet_namespace;
  std::map<std::string, bool> namespace_exists;
  auto exists = [&](const std::string& ns) {
    auto [it, inserted] = namespace_exists.try_emplace(ns, true);
    if (inserted && !ns.empty()) it->second = ctx_.cluster.Get({"v1", "Namespace", "", ns}).ok();
    return it->second;
  };
  for (auto& run : runs_) {
    if (run.phase == Phase::kFailed) {
      Report(ctx_, run);
      failed_ = true;
      ++stats_.failed;
      continue;
    }
    std::vector<std::string> plan;
    const bool install = run.change == Change::kInstall;
    for (const Object& h : run.release->hooks) {
      bool hooks = run.change == Change::kInstall || run.change == Change::kUpgrade;
      if (hooks && h.hook->Runs(install ? "pre-install" : "pre-upgrade"))
        plan.push_back("run hook " + h.ref.Describe());
    }
    for (const Object& o : run.release->objects) {
      if (ObjectUnchanged(run, o)) continue;
      bool live = live_.count(o.ref) > 0;
      plan.push_back((live ? "update " : "create ") + o.ref.Describe() +
                     (run.change == Change::kRepair ? " (drift)" : ""));
      if (!exists(o.ref.ns)) {
        // The namespace would be created first, and the apiserver refuses even a dry run
        // into a namespace that does not exist: validate the object in one that does.
        CallResult checked = DryRunElsewhere(o, exists(fleet_ns) ? fleet_ns : "default");
        if (!checked.ok()) {
          run.phase = Phase::kFailed;
          run.message = checked.error;
          ctx_.NoteFailure(checked.response);
        }
        continue;
      }
      CallResult checked =
          ctx_.cluster.Apply(o.ref, o.manifest, ctx_.options.force_conflicts, /*dry_run=*/true);
      // A conflict with dsc's own create entry goes when the real apply hands the
      // fields over first (field_ownership.h); a dry run cannot, so it forces instead.
      if (checked.Conflict()) {
        auto managers = ConflictingFields(checked.response);
        if (managers.size() == 1 && managers.count(kFieldManager))
          checked = ctx_.cluster.Apply(o.ref, o.manifest, /*force=*/true, /*dry_run=*/true);
      }
      if (checked.ok()) continue;
      run.phase = Phase::kFailed;
      run.message = checked.Conflict() ? "conflict on " + o.ref.Describe() + ": " +
                                             DescribeApplyConflict(checked.response)
                                       : checked.error;
      ctx_.NoteFailure(checked.response);
    }
    if (run.previous) {
      for (const auto& p : run.previous->objects) {
        auto rendered = [&](const Object& x) { return x.ref == p.ref; };
        if (std::none_of(run.release->objects.begin(), run.release->objects.end(), rendered) &&
            std::none_of(run.release->hooks.begin(), run.release->hooks.end(), rendered))
          plan.push_back("prune " + p.ref.Describe());
      }
    }
    if (run.phase != Phase::kFailed) {
      run.phase = Phase::kPlanned;
      run.message = plan.empty()                    ? "unchanged"
                    : install                       ? "install"
                    : run.change == Change::kRepair ? "repair drift"
                                                    : "upgrade";
    } else {
      failed_ = true;
      ++stats_.failed;
    }
    run.details = std::move(plan);
    Report(ctx_, run);
  }
  for (const auto& [name, group] : groups_) {
    for (const auto& [id, entry] : group.inventory.releases) {
      if (runs_by_id_.count(id)) continue;
      std::vector<std::string> plan;
      for (const auto& o : entry.objects) plan.push_back("prune " + o.ref.Describe());
      ctx_.reporter.Release({id, group.feature ? group.feature->label : "", Phase::kPlanned,
                             "removed from the fleet: would be pruned", plan});
    }
  }
  for (const std::string& ns : ctx_.blueprint.namespaces) {
    if (!exists(ns)) ctx_.reporter.Message("info", "would create namespace " + ns);
  }
  return Result();
}

ApplyResult ApplyRun::Result() const {
  auto fatal = static_cast<ApplyResult>(ctx_.fatal.load());
  if (ctx_.Cancelled()) return ApplyResult::kCancelled;
  if (fatal != ApplyResult::kOk) return fatal;
  return failed_ ? ApplyResult::kFailed : ApplyResult::kOk;
}

// Nothing is written for a blueprint the cluster cannot take (preflight.h).
bool ApplyRun::Preflight() {
  std::vector<std::string> problems;
  CallResult failed;
  if (!CheckKindsServed(ctx_.cluster, ctx_.blueprint, ctx_.options.features, &problems, &failed)) {
    ctx_.NoteFailure(failed.response);
    ctx_.reporter.Message("error", failed.error);
    return false;
  }
  for (const std::string& problem : problems) ctx_.reporter.Message("error", problem);
  if (problems.empty()) return true;
  ctx_.reporter.Message("error",
                        "nothing was applied: the blueprint names kinds the cluster "
                        "does not serve");
  return false;
}

ApplyResult ApplyRun::Run() {
  if (!Preflight() || !ReadRecords() || !IndexLive()) return FailedResult();
  Plan();
  stats_.releases = static_cast<int>(runs_.size());
  if (ctx_.options.dry_run) return DryRun();
  if (!EnsureNamespaces()) return FailedResult();
  bool recorded = true;
  std::string now = base::FormatRfc3339(ctx_.options.now);
  for (auto& [name, group] : groups_) {
    Inventory& inv = group.inventory;
    if (!inv.created_at.empty()) continue;
    // A feature's expiry is fixed when it is first applied.
    inv.created_at = now;
    inv.owner = ctx_.options.applied_by;
    inv.ttl = group.feature ? group.feature->ttl
                            : (ctx_.blueprint.ephemeral ? ctx_.blueprint.fleet_ttl : "");
    if (auto ttl = ParseDuration(inv.ttl))
      inv.expires_at = base::FormatRfc3339(ctx_.options.now + *ttl);
    group.dirty = true;
  }
  // The groups' records before any release's: nothing is applied without them.
  if (!WriteGroupRecords()) {
    for (auto& run : runs_) {
      run.phase = Phase::kFailed;
      run.message = "not applied: the inventory could not be written";
      Report(ctx_, run);
    }
    recorded = false;
  }
  std::map<int, std::vector<ReleaseRun*>> waves;
  for (auto& run : runs_) waves[run.release->wave].push_back(&run);
  for (auto& [wave, members] : waves) {
    if (!recorded) break;
    if (ctx_.Stopping()) {
      for (ReleaseRun* run : members) {
        run->phase = Phase::kCancelled;
        run->message = "not started";
        Report(ctx_, *run);
      }
      continue;
    }
    for (ReleaseRun* run : members) Report(ctx_, *run);
    RunWave(members);
  }
  for (const auto& run : runs_) {
    if (run.phase == Phase::kFailed) ++stats_.failed, failed_ = true;
    if (run.phase == Phase::kBlocked) ++stats_.blocked, failed_ = true;
    if (run.phase == Phase::kUnchanged) ++stats_.unchanged;
    if (run.phase == Phase::kReady)
      ++(run.change == Change::kInstall ? stats_.installed : stats_.upgraded);
  }
  stats_.objects_applied = ctx_.objects_applied.load();
  if (!failed_ && !ctx_.Stopping()) Prune();
  return Result();
}

}  // namespace

ApplyResult ClassifyFailure(const kube::HttpResponse& response) {
  using kube::TransportError;
  switch (response.transport_error) {
    case TransportError::kNone:
      return response.status == 401 ? ApplyResult::kUnauthorized : ApplyResult::kOk;
    case TransportError::kCancelled:
      return ApplyResult::kCancelled;
    case TransportError::kCredentials:
      return ApplyResult::kUnauthorized;
    case TransportError::kConnect:
    case TransportError::kTls:
    case TransportError::kTimeout:
    case TransportError::kOther:
      return ApplyResult::kUnreachable;
  }
  return ApplyResult::kOk;
}

ApplyResult Apply(const Blueprint& blueprint, Cluster& cluster, Cluster& record, Reporter& reporter,
                  const ApplyOptions& options, ApplyStats* stats) {
  ApplyRun run(blueprint, cluster, record, reporter, options, stats);
  return run.Run();
}

}  // namespace dsc::runtime
