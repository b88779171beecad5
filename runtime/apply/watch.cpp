#include "runtime/apply/watch.h"

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "runtime/apply/drift.h"
#include "runtime/apply/readiness.h"
#include "runtime/kube/discovery.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

struct Tracked {
  const Release* release;
  const Object* object;
  std::string last_state;  // readiness or drift summary last reported
};

class Watcher {
 public:
  Watcher(const Blueprint& blueprint, Cluster& cluster, Reporter& reporter,
          const WatchOptions& options)
      : blueprint_(blueprint), cluster_(cluster), reporter_(reporter), options_(options) {}

  ApplyResult Run() {
    std::set<std::tuple<std::string, std::string, std::string>> streams;
    for (const Release& r : blueprint_.releases) {
      if (!blueprint_.Selects(r, options_.features)) continue;
      for (const Object& o : r.objects) {
        tracked_[o.ref] = {&r, &o, ""};
        streams.insert({o.ref.api_version, o.ref.kind, o.ref.ns});
      }
    }
    reporter_.Message("info", "watching " + std::to_string(tracked_.size()) + " objects in " +
                                  std::to_string(streams.size()) + " streams (Ctrl-C to stop)");
    std::vector<std::thread> threads;
    for (const auto& [api_version, kind, ns] : streams)
      threads.emplace_back([this, api_version, kind, ns] { Follow(api_version, kind, ns); });
    for (auto& t : threads) t.join();
    if (Cancelled()) return ApplyResult::kCancelled;
    return static_cast<ApplyResult>(fatal_.load());
  }

 private:
  bool Cancelled() const { return options_.cancel && options_.cancel->load(); }
  bool Stopping() const { return Cancelled() || fatal_.load() != 0; }

  void Observe(const std::string& type, const json& live, const ObjectRef& ref) {
    std::lock_guard lock(mu_);
    auto it = tracked_.find(ref);
    if (it == tracked_.end()) return;
    Tracked& t = it->second;
    std::string feature = t.release->feature;
    Phase phase = Phase::kReady;
    std::string state, message;
    std::vector<std::string> details;
    if (type == "DELETED") {
      phase = Phase::kFailed;
      state = message = "drift: " + ref.Describe() + " was deleted";
    } else {
      ReadinessStatus readiness = EvaluateReadiness(live);
      details = FindDrift(t.object->manifest, live);
      phase = readiness.state == Readiness::kReady    ? Phase::kReady
              : readiness.state == Readiness::kFailed ? Phase::kFailed
                                                      : Phase::kWaiting;
      message = ref.kind + " " + ref.name + ": " +
                (readiness.state == Readiness::kReady ? "ready" : readiness.reason);
      if (!details.empty()) {
        message += "; drift from the blueprint in " + std::to_string(details.size()) + " field(s)";
        if (phase == Phase::kReady) phase = Phase::kFailed;
      }
      state = message;
      for (const auto& d : details) state += "\n" + d;
    }
    if (state == t.last_state) return;
    t.last_state = state;
    reporter_.Release({t.release->Id(), feature, phase, message, details});
  }

  // LIST, then WATCH from its resourceVersion, renewing the watch and resuming.
  void Follow(const std::string& api_version, const std::string& kind, const std::string& ns) {
    std::string resource_version;
    kube::ResourceInfo info;
    std::string error;
    auto found = cluster_.discovery().Lookup(api_version, kind, &error);
    if (!found) {
      reporter_.Message("error", "watch " + kind + ": " + error);
      return;
    }
    info = *found;
    while (!Stopping()) {
      if (resource_version.empty() && !List(info, ns, &resource_version)) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        continue;
      }
      std::string path = kube::CollectionPath(info, ns) + "?watch=1&allowWatchBookmarks=true" +
                         "&resourceVersion=" + kube::QueryEscape(resource_version) +
                         "&timeoutSeconds=" + std::to_string(options_.renew_after.count());
      kube::HttpRequest request{"GET", path};
      request.timeout = options_.renew_after + std::chrono::seconds(30);
      request.retry = false;
      bool expired = false;
      kube::HttpResponse response = cluster_.http().Stream(request, [&](std::string_view line) {
        json event = json::parse(line, nullptr, false);
        if (event.is_discarded()) return true;
        std::string type = event.value("type", "");
        const json& object = event["object"];
        if (type == "ERROR") {
          // 410 Gone: the version is too old; list again.
          expired = object.value("code", 0) == 410;
          return false;
        }
        const json& meta = object.value("metadata", json::object());
        resource_version = meta.value("resourceVersion", resource_version);
        if (type != "BOOKMARK")
          Observe(type, object,
                  {api_version, kind, meta.value("namespace", ""), meta.value("name", "")});
        return !Stopping();
      });
      if (expired) resource_version.clear();
      ApplyResult failure = ClassifyFailure(response);
      if (failure == ApplyResult::kUnauthorized) {
        reporter_.Message("error", "watch " + kind + ": credentials rejected");
        int ok = 0;
        fatal_.compare_exchange_strong(ok, static_cast<int>(failure));
      } else if (!response.ok() && failure != ApplyResult::kCancelled) {
        reporter_.Message("warning",
                          "watch " + kind + " dropped (" + response.error_message + "); resuming");
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
      }
    }
  }

  bool List(const kube::ResourceInfo& info, const std::string& ns, std::string* version) {
    CallResult listed = cluster_.GetPath(kube::CollectionPath(info, ns));
    if (!listed.ok()) {
      reporter_.Message("warning", listed.error + "; retrying");
      return false;
    }
    *version = listed.object["metadata"].value("resourceVersion", "");
    std::set<ObjectRef> seen;
    for (json item : listed.object.value("items", json::array())) {
      // Items of a LIST carry no apiVersion/kind (the list does): put them back so the
      // object compares with what was applied.
      item["apiVersion"] = info.api_version;
      item["kind"] = info.kind;
      ObjectRef ref{info.api_version, info.kind, item["metadata"].value("namespace", ""),
                    item["metadata"].value("name", "")};
      seen.insert(ref);
      Observe("ADDED", item, ref);
    }
    std::vector<ObjectRef> missing;
    {
      std::lock_guard lock(mu_);
      for (const auto& [ref, t] : tracked_)
        if (ref.kind == info.kind && ref.api_version == info.api_version && ref.ns == ns &&
            !seen.count(ref))
          missing.push_back(ref);
    }
    for (const auto& ref : missing) Observe("DELETED", json::object(), ref);
    return true;
  }

  const Blueprint& blueprint_;
  Cluster& cluster_;
  Reporter& reporter_;
  const WatchOptions& options_;
  std::mutex mu_;
  std::map<ObjectRef, Tracked> tracked_;
  std::atomic<int> fatal_{0};
};

}  // namespace

ApplyResult Watch(const Blueprint& blueprint, Cluster& cluster, Reporter& reporter,
                  const WatchOptions& options) {
  Watcher watcher(blueprint, cluster, reporter, options);
  return watcher.Run();
}

}  // namespace dsc::runtime
