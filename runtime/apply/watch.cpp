#include "runtime/apply/watch.h"

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "base/json_fields.h"
#include "runtime/apply/drift.h"
#include "runtime/apply/readiness.h"
#include "runtime/kube/discovery.h"

namespace dsc::runtime {
namespace {

using base::Member;
using nlohmann::json;

struct Tracked {
  const Release* release;
  const Object* object;
  std::string last_state;  // readiness or drift summary last reported
};

class Watcher {
 public:
  Watcher(const Blueprint& blueprint, HttpCluster& cluster, Reporter& reporter,
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
    for (const auto& stream : streams) {
      // (A copy: clang 14 cannot capture structured bindings.)
      threads.emplace_back([this, stream] {
        const auto& [api_version, kind, ns] = stream;
        Follow(api_version, kind, ns);
      });
    }
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
      phase = Phase::kDrifted;
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
        // Still serving: drift is not a failure (a failed rollout stays `failed`).
        if (phase == Phase::kReady) phase = Phase::kDrifted;
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
    std::chrono::milliseconds backoff{0};
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
      bool expired = false, delivered = false;
      const auto started = std::chrono::steady_clock::now();
      kube::HttpResponse response = cluster_.http().Stream(request, [&](std::string_view line) {
        json event = json::parse(line, nullptr, false);
        if (event.is_discarded()) return true;
        std::string type = base::StringMember(event, "type");
        const json& object = Member(event, "object");
        if (type == "ERROR") {
          // 410 Gone: the version is too old; list again.
          expired = base::IntMember(object, "code") == 410;
          return false;
        }
        const json& meta = Member(object, "metadata");
        resource_version = base::StringMember(meta, "resourceVersion", resource_version);
        delivered = true;
        if (type != "BOOKMARK")
          Observe(type, object,
                  {api_version, kind, base::StringMember(meta, "namespace"),
                   base::StringMember(meta, "name")});
        return !Stopping();
      });
      // A stream that ended within a second without an event (an error answer, a server
      // closing at once, 410 after 410) is resumed after a pause that doubles up to 30 s,
      // so that a misbehaving apiserver is not hammered; one that delivered events, or
      // simply reached its timeout, resumes at once.
      bool quick = std::chrono::steady_clock::now() - started < std::chrono::seconds(1);
      backoff = delivered || !quick
                    ? std::chrono::milliseconds(0)
                    : std::min(std::max(backoff * 2, std::chrono::milliseconds(500)),
                               std::chrono::milliseconds(30000));
      if (expired) resource_version.clear();
      ApplyResult failure = ClassifyFailure(response);
      if (failure == ApplyResult::kUnauthorized) {
        reporter_.Message("error", "watch " + kind + ": credentials rejected");
        int ok = 0;
        fatal_.compare_exchange_strong(ok, static_cast<int>(failure));
      } else if (!response.ok() && failure != ApplyResult::kCancelled) {
        reporter_.Message("warning",
                          "watch " + kind + " dropped (" + response.error_message + "); resuming");
        backoff = std::max(backoff, std::chrono::milliseconds(500));
      }
      PauseUnlessStopping(backoff);
    }
  }

  // Sleeps `pause`, waking early when the watch stops (Ctrl-C must not wait 30 s).
  void PauseUnlessStopping(std::chrono::milliseconds pause) {
    auto until = std::chrono::steady_clock::now() + pause;
    while (!Stopping() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  bool List(const kube::ResourceInfo& info, const std::string& ns, std::string* version) {
    CallResult listed = cluster_.GetPath(kube::CollectionPath(info, ns));
    if (!listed.ok()) {
      reporter_.Message("warning", listed.error + "; retrying");
      return false;
    }
    *version = base::MetadataString(listed.object, "resourceVersion");
    std::set<ObjectRef> seen;
    for (json item : base::ArrayMember(listed.object, "items")) {
      if (!item.is_object()) continue;  // names nothing that is tracked
      // Items of a LIST carry no apiVersion/kind (the list does): put them back so the
      // object compares with what was applied.
      item["apiVersion"] = info.api_version;
      item["kind"] = info.kind;
      ObjectRef ref{info.api_version, info.kind, base::MetadataString(item, "namespace"),
                    base::MetadataString(item, "name")};
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
  HttpCluster& cluster_;
  Reporter& reporter_;
  const WatchOptions& options_;
  std::mutex mu_;
  std::map<ObjectRef, Tracked> tracked_;
  std::atomic<int> fatal_{0};
};

}  // namespace

ApplyResult Watch(const Blueprint& blueprint, HttpCluster& cluster, Reporter& reporter,
                  const WatchOptions& options) {
  Watcher watcher(blueprint, cluster, reporter, options);
  return watcher.Run();
}

}  // namespace dsc::runtime
