#include "runtime/apply/destroy.h"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "base/json_fields.h"
#include "runtime/apply/inventory_store.h"

namespace dsc::runtime {
namespace {

using base::Member;
using nlohmann::json;

// The kinds people put in a namespace by hand, and those dsc emits. Objects that
// controllers make (pods of a ReplicaSet, endpoints) carry ownerReferences and
// are not counted; neither are the ones Kubernetes puts in every namespace.
constexpr std::pair<const char*, const char*> kUserKinds[] = {
    {"v1", "ConfigMap"},
    {"v1", "Secret"},
    {"v1", "Service"},
    {"v1", "Pod"},
    {"v1", "PersistentVolumeClaim"},
    {"v1", "ServiceAccount"},
    {"apps/v1", "Deployment"},
    {"apps/v1", "StatefulSet"},
    {"apps/v1", "DaemonSet"},
    {"batch/v1", "Job"},
    {"rbac.authorization.k8s.io/v1", "Role"},
    {"rbac.authorization.k8s.io/v1", "RoleBinding"},
    {"networking.k8s.io/v1", "Ingress"},
    {"traefik.io/v1alpha1", "IngressRoute"},
    {"traefik.io/v1alpha1", "Middleware"},
    {"traefik.containo.us/v1alpha1", "IngressRoute"},
    {"traefik.containo.us/v1alpha1", "Middleware"},
};

bool Builtin(const std::string& kind, const json& item) {
  std::string name = base::MetadataString(item, "name");
  if (kind == "ServiceAccount" && name == "default") return true;
  if (kind == "ConfigMap" && name == "kube-root-ca.crt") return true;
  return kind == "Secret" &&
         base::StringMember(item, "type") == "kubernetes.io/service-account-token";
}

// The first few objects in `ns` that dsc did not make (kind/name), so a namespace
// holding someone's work is never deleted with it. dsc's labels are not enough: a
// manifest copied from a build carries them (MadeByDsc).
std::vector<std::string> ForeignObjects(Cluster& cluster, const std::string& ns,
                                        const std::string& fleet) {
  std::vector<std::string> found;
  for (const auto& [api_version, kind] : kUserKinds) {
    CallResult listed = cluster.List(api_version, kind, ns);
    if (!listed.ok()) continue;  // a kind this cluster does not serve
    for (const json& item : base::ArrayMember(listed.object, "items")) {
      const json& meta = Member(item, "metadata");
      if (MadeByDsc(item, fleet) || meta.contains("ownerReferences") || Builtin(kind, item))
        continue;
      found.push_back(std::string(kind) + " " + base::MetadataString(item, "name"));
      if (found.size() >= 3) return found;
    }
  }
  return found;
}

// Deletes a namespace dsc created, unless it holds objects dsc did not create.
ApplyResult DeleteNamespace(Cluster& cluster, const std::string& ns, const Inventory& inventory,
                            Reporter& reporter) {
  std::vector<std::string> foreign = ForeignObjects(cluster, ns, inventory.fleet);
  if (!foreign.empty()) {
    std::string list;
    for (const auto& f : foreign) list += (list.empty() ? "" : ", ") + f;
    reporter.Message("warning", "keeping namespace " + ns +
                                    ": it holds objects dsc did not create (" + list +
                                    "); delete them and the namespace by hand if they can go");
    return ApplyResult::kOk;
  }
  CallResult deleted = cluster.Delete({"v1", "Namespace", "", ns}, "");
  if (!deleted.ok() && !deleted.NotFound()) {
    std::string feature = inventory.group == kBaselineGroup ? "" : inventory.group;
    reporter.Release({"namespace/" + ns, feature, Phase::kFailed, deleted.error, {}});
    ApplyResult fatal = ClassifyFailure(deleted.response);
    return fatal == ApplyResult::kOk ? ApplyResult::kFailed : fatal;
  }
  reporter.Message("info", "deleted namespace " + ns);
  return ApplyResult::kOk;
}

}  // namespace

namespace {

// The uid to delete an object listed without one (an apply stopped before it learned
// it) under: the live object's, if dsc can prove it made it (MadeByDsc); else empty,
// and the object is left alone. False with `failed` when the GET failed.
bool ProvenUid(Cluster& cluster, const std::string& fleet, const InventoryObject& object,
               DestroyStats* stats, std::string* uid, CallResult* failed) {
  uid->clear();
  CallResult got = cluster.Get(object.ref);
  if (got.NotFound()) return true;
  if (!got.ok()) {
    *failed = std::move(got);
    return false;
  }
  if (MadeByDsc(got.object, fleet))
    *uid = base::MetadataString(got.object, "uid");
  else
    stats->not_made_by_dsc.push_back(object.ref.Describe());
  return true;
}

}  // namespace

bool DeleteObjects(Cluster& cluster, const std::string& fleet,
                   const std::vector<InventoryObject>& objects, DestroyStats* stats,
                   std::vector<InventoryObject>* remaining, std::string* error,
                   ApplyResult* fatal) {
  // Reverse of install order: routes and workloads before the config they use.
  for (auto it = objects.rbegin(); it != objects.rend(); ++it) {
    std::string uid = it->uid;
    CallResult deleted;
    if (uid.empty() && !ProvenUid(cluster, fleet, *it, stats, &uid, &deleted)) {
      // Fails below, as a failed DELETE would.
    } else if (uid.empty()) {
      ++stats->objects_skipped;  // gone, or not dsc's
      continue;
    } else {
      // Always with a precondition: an object replaced since is someone else's.
      deleted = cluster.Delete(it->ref, uid);
    }
    if (deleted.ok()) {
      ++stats->objects_deleted;
      continue;
    }
    // 404: already gone. 409 on the uid precondition: someone replaced it.
    if (deleted.NotFound() || deleted.Conflict()) {
      ++stats->objects_skipped;
      continue;
    }
    *fatal = ClassifyFailure(deleted.response);
    *error = deleted.error;
    // What was not reached yet stays listed.
    remaining->assign(objects.begin(), it.base());
    return false;
  }
  remaining->clear();
  return true;
}

namespace {

// Deletes one release's objects, then its record (or, if that failed, records what is
// left). Thread-safe for distinct releases: `stats` is the release's own.
ApplyResult DestroyRelease(Cluster& cluster, Cluster& record, const Inventory& inventory,
                           InventoryRelease& release, Reporter& reporter, DestroyStats* stats) {
  const std::string feature = inventory.group == kBaselineGroup ? "" : inventory.group;
  std::vector<InventoryObject> remaining;
  std::string error;
  ApplyResult fatal = ApplyResult::kOk;
  bool ok =
      DeleteObjects(cluster, inventory.fleet, release.objects, stats, &remaining, &error, &fatal);
  for (const std::string& object : stats->not_made_by_dsc)
    reporter.Message("warning", "left " + object +
                                    " alone: dsc's record has no uid for it, and it was not "
                                    "made by dsc (no managedFields entry of dsc)");
  release.objects = remaining;
  if (!ok) {
    reporter.Release({release.Id(), feature, Phase::kFailed, error, {}});
    std::string write_error;
    if (!WriteReleaseRecord(record, inventory, release, &write_error))
      reporter.Message("error", write_error);
    return fatal == ApplyResult::kOk ? ApplyResult::kFailed : fatal;
  }
  if (!DeleteReleaseRecord(record, inventory, release, &error)) {
    reporter.Release({release.Id(), feature, Phase::kFailed, error, {}});
    return ApplyResult::kFailed;
  }
  reporter.Release({release.Id(), feature, Phase::kDeleted, "", {}});
  return ApplyResult::kOk;
}

// Releases of one wave need nothing of each other: this many are deleted at once.
constexpr size_t kReleasesAtOnce = 16;

// The releases of one wave, in parallel; the first failure stops the others from starting
// (those running finish) and is returned.
ApplyResult DestroyWave(Cluster& cluster, Cluster& record, Inventory& inventory,
                        const std::vector<InventoryRelease*>& wave, Reporter& reporter,
                        const DestroyOptions& options, DestroyStats* stats) {
  std::mutex mu;
  size_t next = 0;
  ApplyResult result = ApplyResult::kOk;
  auto work = [&] {
    while (true) {
      InventoryRelease* release = nullptr;
      {
        std::lock_guard lock(mu);
        if (options.cancel && options.cancel->load() && result == ApplyResult::kOk)
          result = ApplyResult::kCancelled;
        if (result != ApplyResult::kOk || next == wave.size()) return;
        release = wave[next++];
      }
      DestroyStats own;
      ApplyResult done = DestroyRelease(cluster, record, inventory, *release, reporter, &own);
      std::lock_guard lock(mu);
      stats->objects_deleted += own.objects_deleted;
      stats->objects_skipped += own.objects_skipped;
      stats->not_made_by_dsc.insert(stats->not_made_by_dsc.end(), own.not_made_by_dsc.begin(),
                                    own.not_made_by_dsc.end());
      if (done != ApplyResult::kOk && result == ApplyResult::kOk) result = done;
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 1; i < std::min(kReleasesAtOnce, wave.size()); ++i) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return result;
}

}  // namespace

ApplyResult DestroyGroup(Cluster& cluster, Cluster& record, Inventory& inventory,
                         Reporter& reporter, const DestroyOptions& options, bool whole_group,
                         DestroyStats* stats) {
  // Reverse wave order: what needs a release goes before it.
  std::map<int, std::vector<InventoryRelease*>, std::greater<>> waves;
  for (auto& [id, release] : inventory.releases) waves[release.wave].push_back(&release);
  std::string feature = inventory.group == kBaselineGroup ? "" : inventory.group;
  if (inventory.legacy && !options.dry_run) {
    // Into one record per release first, so each can go as its release goes.
    std::string error;
    if (!WriteInventoryHeader(record, &inventory, &error)) {
      reporter.Message("error", error);
      return ApplyResult::kFailed;
    }
  }
  for (const auto& [wave, members] : waves) {
    if (options.cancel && options.cancel->load()) return ApplyResult::kCancelled;
    if (options.dry_run) {
      for (const InventoryRelease* release : members) {
        std::vector<std::string> details;
        // In the order DeleteObjects goes: reverse install order.
        for (auto o = release->objects.rbegin(); o != release->objects.rend(); ++o)
          details.push_back("delete " + o->ref.Describe());
        reporter.Release({release->Id(), feature, Phase::kPlanned, "would be deleted", details});
      }
      continue;
    }
    ApplyResult result = DestroyWave(cluster, record, inventory, members, reporter, options, stats);
    // Releases whose objects and record are gone leave the record in memory too.
    std::erase_if(inventory.releases,
                  [](const auto& entry) { return entry.second.objects.empty(); });
    if (result != ApplyResult::kOk) return result;
  }
  if (options.dry_run) {
    for (const auto& ns : inventory.created_namespaces)
      reporter.Message("info", "would delete namespace " + ns);
    return ApplyResult::kOk;
  }
  std::string error;
  if (!whole_group) return ApplyResult::kOk;
  // Namespaces before the record: if this stops half-way, the record still names them.
  for (const auto& ns : inventory.created_namespaces) {
    if (ns == inventory.ns) continue;  // the record's own namespace goes last
    ApplyResult result = DeleteNamespace(cluster, ns, inventory, reporter);
    if (result != ApplyResult::kOk) return result;
  }
  bool owns_home =
      std::find(inventory.created_namespaces.begin(), inventory.created_namespaces.end(),
                inventory.ns) != inventory.created_namespaces.end();
  if (owns_home) {
    // Other groups' records live there too: only an empty home namespace goes.
    std::vector<Inventory> others;
    if (!ListInventories(record, inventory.fleet, &others, &error, inventory.ns)) {
      reporter.Message("error", error);
      return ApplyResult::kFailed;
    }
    std::erase_if(others, [&](const Inventory& i) {
      return i.group == inventory.group || i.ns != inventory.ns;
    });
    if (!others.empty()) {
      owns_home = false;
      reporter.Message("info", "keeping namespace " + inventory.ns + ": " +
                                   std::to_string(others.size()) +
                                   " other dsc record(s) live there");
    }
  }
  if (!DeleteInventory(record, inventory, &error)) {
    reporter.Message("error", error);
    return ApplyResult::kFailed;
  }
  if (owns_home) return DeleteNamespace(cluster, inventory.ns, inventory, reporter);
  return ApplyResult::kOk;
}

}  // namespace dsc::runtime
