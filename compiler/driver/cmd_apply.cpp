// `dsc apply PATH`: deploy a blueprint (a build directory, or a fleet file built
// in memory) to the cluster of the current kubeconfig context, in dependency
// order, waiting for readiness; prune what left the fleet; record it all.
#include <fmt/format.h>

#include <cstdio>
#include <cxxopts.hpp>

#include "compiler/driver/cluster_command.h"
#include "compiler/driver/commands.h"
#include "runtime/apply/applier.h"
#include "runtime/apply/clock.h"

namespace dsc::driver {

cxxopts::Options ApplyOptions() {
  cxxopts::Options options("dsc apply", "Deploy a fleet to Kubernetes.");
  options.add_options()("dry-run", "show what would change (server-side dry run); change nothing")(
      "force-conflicts", "take over fields another field manager owns")(
      "no-wait", "do not wait for readiness (hooks still run to completion)")(
      "watch", "after applying, follow readiness and drift until Ctrl-C")(
      "timeout", "per release: hooks and readiness (e.g. 90s, 5m)",
      cxxopts::value<std::string>()->default_value("5m"))(
      "concurrency", "writes (objects and records) in flight at once, across releases",
      cxxopts::value<int>()->default_value("32"))(
      "engine", "native, or helmfile (hands helmfile.yaml to your helmfile binary)",
      cxxopts::value<std::string>()->default_value("native"));
  AddPathCommandOptions(options);
  return options;
}

int RunApply(int argc, char** argv) {
  cxxopts::Options options = ApplyOptions();
  ClusterFlags flags;
  runtime::ApplyOptions apply;
  std::string path;
  std::string engine;
  bool watch = false;
  static const std::string footer =
      std::string("\nPATH is a directory written by `dsc build`, or a fleet file.\n\n") +
      kClusterExitCodes;
  auto read_own = [&](const cxxopts::ParseResult& result) {
    apply.dry_run = result.count("dry-run") > 0;
    apply.force_conflicts = result.count("force-conflicts") > 0;
    apply.wait = result.count("no-wait") == 0;
    watch = result.count("watch") > 0;
    auto timeout = runtime::ParseDuration(result["timeout"].as<std::string>());
    if (!timeout || timeout->count() <= 0)
      throw cxxopts::exceptions::exception("--timeout: give a duration like 90s or 5m");
    apply.timeout = *timeout;
    apply.concurrency = result["concurrency"].as<int>();
    if (apply.concurrency < 1 || apply.concurrency > 256)
      throw cxxopts::exceptions::exception("--concurrency must be between 1 and 256");
    engine = result["engine"].as<std::string>();
    if (engine != "native" && engine != "helmfile")
      throw cxxopts::exceptions::exception("--engine must be `native` or `helmfile`");
  };
  int parsed = ParsePathCommand(options, argc, argv, footer.c_str(), read_own, &flags, &path);
  if (parsed >= 0) return parsed;
  apply.features = flags.features;
  if (engine == "helmfile") return RunHelmfileEngine(path, flags, apply);

  runtime::Blueprint blueprint;
  if (!LoadTarget("apply", path, flags, &blueprint)) return kExitUsage;
  Connection connection;
  if (int code = Connect("apply", flags, &connection)) return code;
  apply.cancel = InstallInterruptHandler();
  apply.now = std::chrono::system_clock::now();
  if (!apply.dry_run) apply.applied_by = AppliedBy(path, connection);
  auto reporter = runtime::MakeReporter(flags.output, stdout);
  runtime::ApplyStats stats;
  runtime::ApplyResult result =
      runtime::Apply(blueprint, *connection.work, *connection.record, *reporter, apply, &stats);
  std::string summary = fmt::format(
      "{}{} releases: {} installed, {} upgraded, {} unchanged, {} failed, {} blocked; "
      "{} objects applied, {} pruned",
      apply.dry_run ? "dry run: " : "", stats.releases, stats.installed, stats.upgraded,
      stats.unchanged, stats.failed, stats.blocked, stats.objects_applied, stats.objects_pruned);
  if (result == runtime::ApplyResult::kCancelled)
    summary =
        "interrupted: the inventory records what was applied; run `dsc apply` again to "
        "finish or `dsc destroy` to remove it";
  reporter->Finish(summary);
  if (watch && !apply.dry_run && result != runtime::ApplyResult::kCancelled &&
      result != runtime::ApplyResult::kUnreachable &&
      result != runtime::ApplyResult::kUnauthorized) {
    auto lines = runtime::MakeReporter(
        flags.output == runtime::OutputMode::kJson ? flags.output : runtime::OutputMode::kText,
        stdout);
    int code = WatchFleet(blueprint, connection, flags, *lines);
    lines->Finish("stopped watching");
    if (code != kExitOk) return code;
  }
  return ExitCodeFor(result);
}

}  // namespace dsc::driver
