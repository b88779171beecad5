#include "runtime/apply/release_run.h"

#include <fmt/format.h>

#include <thread>

#include "base/json_fields.h"
#include "runtime/apply/diagnose.h"
#include "runtime/apply/readiness.h"
#include "runtime/apply/wave_pool.h"

namespace dsc::runtime {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

void Fail(RunContext& ctx, ReleaseRun& run, const CallResult& result, std::string message) {
  ApplyResult fatal = ctx.NoteFailure(result.response);
  run.phase = fatal == ApplyResult::kCancelled ? Phase::kCancelled : Phase::kFailed;
  run.message = std::move(message);
}

void Fail(ReleaseRun& run, std::string message, std::vector<std::string> details = {}) {
  run.phase = Phase::kFailed;
  run.message = std::move(message);
  run.details = std::move(details);
}

bool Interrupted(RunContext& ctx, ReleaseRun& run) {
  if (!ctx.Stopping()) return false;
  run.phase = Phase::kCancelled;
  run.message = ctx.Cancelled() ? "interrupted" : "stopped: the cluster cannot be used";
  return true;
}

// Waits in 100 ms slices so Ctrl-C is noticed (a wave may have a hundred threads
// waiting: shorter slices would cost the apiserver CPU). A release that waits gives its
// worker's place to the next release of the wave (wave_pool.h).
void Sleep(RunContext& ctx, std::chrono::milliseconds d) {
  StepAside();
  auto until = Clock::now() + d;
  while (Clock::now() < until && !ctx.Stopping())
    std::this_thread::sleep_for(
        std::min<Clock::duration>(until - Clock::now(), std::chrono::milliseconds(100)));
}

void Record(ReleaseRun& run, const Object& object, const CallResult& applied) {
  std::string uid = base::MetadataString(applied.object, "uid");
  for (auto& entry : run.applied) {
    if (entry.ref == object.ref) {
      entry.hash = object.hash;
      entry.uid = uid;
      return;
    }
  }
  run.applied.push_back({object.ref, object.hash, uid, object.hook.has_value()});
}

void Forget(ReleaseRun& run, const ObjectRef& ref) {
  std::erase_if(run.applied, [&](const InventoryObject& o) { return o.ref == ref; });
}

// Sends one object: a create when it does not exist (field_ownership.h says why not a
// server-side apply), else a server-side apply, once dsc's fields are no longer held
// by its create. `absent`: known not to exist (not in the LIST, or a hook just deleted).
CallResult SendObject(RunContext& ctx, ReleaseRun& run, const Object& object, bool absent,
                      bool* not_ours) {
  auto live = run.live->find(object.ref);
  bool hand_over = !absent && live != run.live->end() && live->second.held_by_create;
  if (absent || live == run.live->end()) {
    CallResult created = ctx.cluster.Create(object.ref, object.manifest);
    if (!created.Conflict()) return created;
    // It appeared since the LIST: dsc's only if it carries dsc's labels.
    CallResult got = ctx.cluster.Get(object.ref);
    if (!got.ok()) return got;
    if (!MadeByDsc(got.object, ctx.blueprint.fleet)) {
      *not_ours = true;
      return got;
    }
    hand_over = true;
  }
  if (hand_over) {
    CallResult handed = ctx.cluster.HandCreateToApply(object.ref);
    if (!handed.ok() && !handed.NotFound()) return handed;
  }
  return ctx.cluster.Apply(object.ref, object.manifest, ctx.options.force_conflicts);
}

// One object to the cluster; a conflict names the other field managers.
bool ApplyObject(RunContext& ctx, ReleaseRun& run, const Object& object, bool absent = false) {
  CallResult applied;
  bool not_ours = false;
  {
    SlotHold slot(ctx.slots, object.install_rank);
    applied = SendObject(ctx, run, object, absent, &not_ours);
  }
  if (not_ours) {
    FailNotCreatedByDsc(run, object.ref.Describe());
    return false;
  }
  if (applied.ok()) {
    Record(run, object, applied);
    ++ctx.objects_applied;
    return true;
  }
  if (applied.Conflict()) {
    Fail(run,
         "conflict on " + object.ref.Describe() + ": " + DescribeApplyConflict(applied.response),
         {"another field manager changed fields dsc sets; re-run with --force-conflicts to "
          "take them over, or remove that manager's change"});
    return false;
  }
  Fail(ctx, run, applied, applied.error);
  return false;
}

// Polls until the object is ready, failed, or the deadline passes.
bool WaitReady(RunContext& ctx, ReleaseRun& run, const Object& object, Clock::time_point deadline) {
  auto interval = ctx.options.poll_interval;
  ReadinessStatus status;
  json live;
  // The first look must see the object as written; later ones may share a LIST that
  // another waiter asked for up to one interval ago.
  const Clock::time_point written = Clock::now();
  Clock::time_point not_before = written;
  while (true) {
    if (Interrupted(ctx, run)) return false;
    CallResult got = ctx.lister.Get(object.ref, not_before);
    if (!got.ok()) {
      // The apiserver away (restarting): keep asking until the release's deadline.
      bool unreachable = ClassifyFailure(got.response) == ApplyResult::kUnreachable;
      if (unreachable && Clock::now() < deadline) {
        run.message = object.ref.kind + " " + object.ref.name + ": " + got.error + "; retrying";
        Report(ctx, run);
        Sleep(ctx, std::chrono::milliseconds(1000));
        not_before = Clock::now();  // not the failed LIST again
        continue;
      }
      Fail(ctx, run, got, got.error);
      return false;
    }
    live = std::move(got.object);
    status = EvaluateReadiness(live);
    if (status.state == Readiness::kReady) return true;
    if (status.state == Readiness::kFailed) break;
    if (Clock::now() >= deadline) {
      auto secs = std::chrono::duration_cast<std::chrono::seconds>(ctx.options.timeout).count();
      status.reason = fmt::format("not ready after {}s: {}", secs, status.reason);
      break;
    }
    run.message = object.ref.kind + " " + object.ref.name + ": " + status.reason;
    Report(ctx, run);
    Sleep(ctx, interval);
    not_before = std::max(written, Clock::now() - interval);
    interval = std::min(interval * 2, std::chrono::milliseconds(1000));
  }
  Fail(run, object.ref.Describe() + ": " + status.reason, ExplainNotReady(ctx.cluster, live));
  return false;
}

// Waits until the object is gone (or replaced by one with another uid).
bool WaitGone(RunContext& ctx, ReleaseRun& run, const ObjectRef& ref, const std::string& uid,
              Clock::time_point deadline) {
  while (!Interrupted(ctx, run)) {
    CallResult got = ctx.cluster.Get(ref);
    if (got.NotFound()) return true;
    if (!got.ok()) {
      Fail(ctx, run, got, got.error);
      return false;
    }
    if (base::MetadataString(got.object, "uid") != uid) return true;
    if (Clock::now() >= deadline) {
      Fail(run, "hook " + ref.Describe() + " from the last run is still being deleted");
      return false;
    }
    Sleep(ctx, std::chrono::milliseconds(200));
  }
  return false;
}

bool DeleteHook(RunContext& ctx, ReleaseRun& run, const ObjectRef& ref, const std::string& uid) {
  CallResult deleted = ctx.cluster.Delete(ref, uid);
  if (!deleted.ok() && !deleted.NotFound() && !deleted.Conflict()) {
    Fail(ctx, run, deleted, deleted.error);
    return false;
  }
  Forget(run, ref);
  return true;
}

// A hook object left from before must be dsc's; with before-hook-creation it is
// deleted (and waited for) before the new one is created. `absent`: none is left.
bool PrepareHook(RunContext& ctx, ReleaseRun& run, const Object& hook, Clock::time_point deadline,
                 bool* absent) {
  *absent = false;
  CallResult got = ctx.cluster.Get(hook.ref);
  if (got.NotFound()) return *absent = true;
  if (!got.ok()) {
    Fail(ctx, run, got, got.error);
    return false;
  }
  if (!MadeByDsc(got.object, ctx.blueprint.fleet)) {
    FailNotCreatedByDsc(run, "hook " + hook.ref.Describe());
    return false;
  }
  if (!hook.hook->HasPolicy("before-hook-creation")) return true;
  std::string uid = base::MetadataString(got.object, "uid");
  *absent = DeleteHook(ctx, run, hook.ref, uid) && WaitGone(ctx, run, hook.ref, uid, deadline);
  return *absent;
}

bool RunHooks(RunContext& ctx, ReleaseRun& run, const std::string& event,
              Clock::time_point deadline) {
  std::vector<const Object*> hooks;
  for (const Object& h : run.release->hooks) {
    if (h.hook->Runs(event)) hooks.push_back(&h);
  }
  if (hooks.empty()) return true;
  run.phase = Phase::kHooks;
  for (const Object* hook : hooks) {
    run.message = event + ": " + hook->ref.kind + " " + hook->ref.name;
    Report(ctx, run);
    bool absent = false;
    if (!PrepareHook(ctx, run, *hook, deadline, &absent)) return false;
    if (Interrupted(ctx, run) || !ApplyObject(ctx, run, *hook, absent)) return false;
    if (hook->ref.kind == "Job" && !WaitReady(ctx, run, *hook, deadline)) {
      if (run.phase == Phase::kFailed) {
        run.message = event + " hook " + hook->ref.Describe() + " failed: " + run.message;
        if (hook->hook->HasPolicy("hook-failed")) {
          for (const auto& o : run.applied)
            if (o.ref == hook->ref) DeleteHook(ctx, run, o.ref, o.uid);
        }
      }
      return false;
    }
  }
  // As Helm 3 does: hook-succeeded objects go once every hook of the event succeeded.
  for (const Object* hook : hooks) {
    if (!hook->hook->HasPolicy("hook-succeeded")) continue;
    std::string uid;
    for (const auto& o : run.applied)
      if (o.ref == hook->ref) uid = o.uid;
    if (!DeleteHook(ctx, run, hook->ref, uid)) return false;
  }
  return true;
}

bool WaitAllReady(RunContext& ctx, ReleaseRun& run, Clock::time_point deadline) {
  if (!ctx.options.wait) return true;
  for (const Object& object : run.release->objects) {
    if (!HasReadiness(object.ref.kind)) continue;
    run.phase = Phase::kWaiting;
    if (!WaitReady(ctx, run, object, deadline)) return false;
  }
  return true;
}

}  // namespace

void FailNotCreatedByDsc(ReleaseRun& run, const std::string& what) {
  // Only the platform's blueprint makes CRDs: Traefik's, when a Traefik is there already.
  std::string fix = what.starts_with("CustomResourceDefinition ")
                        ? "a Traefik installed otherwise has its CRDs: keep it and run `dsc "
                          "platform apply --no-traefik`, or remove it first"
                        : "delete or rename it, or rename the service";
  Fail(run, what + " exists and was not created by dsc",
       {"dsc never modifies an object it did not create: " + fix});
}

bool ObjectUnchanged(const ReleaseRun& run, const Object& object) {
  const InventoryObject* old = run.previous ? run.previous->Find(object.ref) : nullptr;
  if (!old) return false;
  auto live = run.live->find(object.ref);
  return old->hash == object.hash && live != run.live->end() && live->second.uid == old->uid &&
         !live->second.drifted;
}

void RunContext::Fatal(ApplyResult result) {
  int ok = static_cast<int>(ApplyResult::kOk);
  fatal.compare_exchange_strong(ok, static_cast<int>(result));
}

void Report(RunContext& ctx, const ReleaseRun& run) {
  ctx.reporter.Release({run.Id(), run.release->feature, run.phase, run.message, run.details});
}

void RunRelease(RunContext& ctx, ReleaseRun& run) {
  auto deadline = Clock::now() + ctx.options.timeout;
  // What may exist from before stays listed until it is pruned or replaced.
  if (run.previous) run.applied = run.previous->objects;
  if (Interrupted(ctx, run)) return;
  if (run.change == Change::kUnchanged) {
    if (WaitAllReady(ctx, run, deadline)) {
      run.phase = Phase::kUnchanged;
      run.message = "";
    }
    return;
  }
  const bool install = run.change == Change::kInstall;
  const bool hooks = run.change != Change::kRepair;
  if (hooks && !RunHooks(ctx, run, install ? "pre-install" : "pre-upgrade", deadline)) return;
  run.phase = Phase::kApplying;
  run.message = "";
  Report(ctx, run);
  int sent = 0;
  for (const Object& object : run.release->objects) {
    if (Interrupted(ctx, run)) return;
    if (ObjectUnchanged(run, object)) continue;
    if (!ApplyObject(ctx, run, object)) return;
    ++sent;
    // A CRD must be served before objects of its kind can be applied.
    if (object.ref.kind == "CustomResourceDefinition" && !WaitReady(ctx, run, object, deadline))
      return;
  }
  if (!WaitAllReady(ctx, run, deadline)) return;
  if (hooks && !RunHooks(ctx, run, install ? "post-install" : "post-upgrade", deadline)) return;
  run.phase = Phase::kReady;
  const char* verb = install ? "installed" : hooks ? "upgraded" : "repaired drift in";
  run.message = fmt::format("{} {} object{}", verb, sent, sent == 1 ? "" : "s");
}

}  // namespace dsc::runtime
