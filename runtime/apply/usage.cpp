#include "runtime/apply/usage.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/json_fields.h"
#include "base/rfc3339.h"
#include "runtime/apply/inventory_store.h"
#include "runtime/apply/yaml_json.h"
#include "runtime/kube/quantity.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

bool IsWorkload(const std::string& kind) {
  return kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "Job";
}

// One container's request of `resource` ("cpu", "memory"), 0 when it sets none.
double Request(const json& container, const char* resource) {
  const json& requests = base::Member(base::Member(container, "resources"), "requests");
  auto value = kube::ParseQuantity(base::StringMember(requests, resource));
  return value ? *value : 0;
}

// What the scheduler reserves for one pod: the containers' requests together, or the
// largest init container's when that is more (init containers run one at a time first).
double PodRequest(const json& pod_spec, const char* resource) {
  double containers = 0, init = 0;
  for (const json& c : base::Member(pod_spec, "containers").is_array()
                           ? base::Member(pod_spec, "containers")
                           : json::array())
    containers += Request(c, resource);
  const json& inits = base::Member(pod_spec, "initContainers");
  if (inits.is_array())
    for (const json& c : inits) init = std::max(init, Request(c, resource));
  return std::max(containers, init);
}

// How many pods the workload keeps.
double Replicas(const json& workload, const std::string& kind) {
  const json& spec = base::Member(workload, "spec");
  const json& status = base::Member(workload, "status");
  if (kind == "DaemonSet")
    return static_cast<double>(base::IntMember(status, "desiredNumberScheduled"));
  if (kind == "Job") return static_cast<double>(base::IntMember(spec, "parallelism", 1));
  return static_cast<double>(base::IntMember(spec, "replicas", 1));
}

std::optional<TimePoint> Time(const json& object, const char* key) {
  return base::ParseRfc3339(base::StringMember(object, key));
}

}  // namespace

bool ParsePrices(const std::string& text, UsagePrices* out, std::string* error) {
  std::vector<json> docs;
  if (!YamlDocumentsToJson(text, &docs, error)) return false;
  if (docs.size() != 1 || !docs[0].is_object()) {
    *error = "give one mapping: cpu_core_hour, memory_gib_hour, currency";
    return false;
  }
  for (const auto& [key, value] : docs[0].items()) {
    if (key == "currency" && value.is_string()) {
      out->currency = value.get<std::string>();
    } else if ((key == "cpu_core_hour" || key == "memory_gib_hour") && value.is_number() &&
               value.get<double>() >= 0) {
      (key == "cpu_core_hour" ? out->cpu_core_hour : out->memory_gib_hour) = value.get<double>();
    } else if (key == "currency" || key == "cpu_core_hour" || key == "memory_gib_hour") {
      *error = "`" + key + "`: " + (key == "currency" ? "a string" : "a number, 0 or more") +
               " is wanted";
      return false;
    } else {
      *error = "`" + key + "` is not a price (cpu_core_hour, memory_gib_hour, currency)";
      return false;
    }
  }
  return true;
}

void MeasureWorkload(const json& workload, TimePoint window_start, TimePoint at,
                     WorkloadUsage* out) {
  std::string kind = base::StringMember(workload, "kind");
  const json& pod_spec =
      base::Member(base::Member(base::Member(workload, "spec"), "template"), "spec");
  double replicas = Replicas(workload, kind);
  out->cpu_cores = PodRequest(pod_spec, "cpu") * replicas;
  out->memory_bytes = PodRequest(pod_spec, "memory") * replicas;
  auto created = Time(base::Member(workload, "metadata"), "creationTimestamp");
  TimePoint start = std::max(created.value_or(at), window_start);
  TimePoint end = at;
  if (kind == "Job") {
    if (auto done = Time(base::Member(workload, "status"), "completionTime"))
      end = std::min(end, *done);
  }
  out->hours = end > start ? std::chrono::duration<double>(end - start).count() / 3600 : 0;
}

bool CollectUsage(Cluster& cluster, const std::string& fleet, TimePoint window_start, TimePoint at,
                  UsageReport* out, std::string* error, ApplyResult* failure,
                  const std::function<void(size_t, size_t)>& progress) {
  out->at = at;
  out->window_start = window_start;
  std::vector<Inventory> groups;
  if (!ListInventories(cluster, fleet, &groups, error, "", failure)) return false;
  // One LIST per namespace and kind, whatever the number of workloads in it.
  std::set<std::tuple<std::string, std::string, std::string>> lists;  // apiVersion, kind, ns
  for (const Inventory& g : groups)
    for (const auto& [id, release] : g.releases)
      for (const InventoryObject& o : release.objects)
        if (!o.hook && IsWorkload(o.ref.kind))
          lists.insert({o.ref.api_version, o.ref.kind, o.ref.ns});
  std::map<ObjectRef, json> live;
  size_t done = 0;
  for (const auto& [api_version, kind, ns] : lists) {
    if (progress) progress(done, lists.size());
    CallResult listed = cluster.List(api_version, kind, ns);
    ++done;
    if (listed.NotFound()) continue;  // the kind is not served (any more)
    if (!listed.ok()) {
      *error = listed.error;
      if (failure) *failure = ClassifyFailure(listed.response);
      return false;
    }
    for (const json& item : base::Member(listed.object, "items")) {
      live[{api_version, kind, ns, base::MetadataString(item, "name")}] = item;
    }
  }
  if (progress) progress(done, lists.size());
  for (const Inventory& g : groups) {
    int alive = 0;
    for (const auto& [id, release] : g.releases) {
      for (const InventoryObject& o : release.objects) {
        if (o.hook || !IsWorkload(o.ref.kind)) continue;
        auto found = live.find(o.ref);
        // Another object of that name, made after dsc's was deleted, is not dsc's.
        if (found == live.end() ||
            (!o.uid.empty() && base::MetadataString(found->second, "uid") != o.uid))
          continue;
        WorkloadUsage usage{g.fleet, g.group, g.feature, g.owner, release.team, o.ref};
        MeasureWorkload(found->second, window_start, at, &usage);
        out->workloads.push_back(std::move(usage));
        ++alive;
      }
    }
    auto expires = base::ParseRfc3339(g.expires_at);
    if (expires && *expires < at && alive > 0)
      out->expired.push_back({g.fleet, g.group, g.feature, g.owner, g.expires_at, alive});
  }
  return true;
}

std::vector<UsageRow> GroupUsage(const UsageReport& report, const std::string& by,
                                 const UsagePrices& prices) {
  std::map<std::string, UsageRow> rows;
  for (const WorkloadUsage& w : report.workloads) {
    std::string key;
    if (by == "team") {
      key = w.team.empty() ? "(no team)" : w.team;
    } else if (by == "owner") {
      key = w.owner.empty() ? "(unknown)" : w.owner;
    } else if (by == "fleet") {
      key = w.fleet;
    } else {  // feature
      key = w.fleet + "/" + (w.group == kBaselineGroup ? std::string("baseline") : w.group);
    }
    UsageRow& row = rows[key];
    row.key = key;
    ++row.workloads;
    row.cpu_core_hours += w.CpuCoreHours();
    row.memory_gib_hours += w.MemoryGibHours();
    row.cost += w.Cost(prices);
  }
  std::vector<UsageRow> out;
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  std::stable_sort(out.begin(), out.end(),
                   [](const UsageRow& a, const UsageRow& b) { return a.cost > b.cost; });
  return out;
}

}  // namespace dsc::runtime
