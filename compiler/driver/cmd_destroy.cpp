// `dsc destroy PATH [--feature NAME]…`: delete what dsc applied for this fleet
// (every feature, then the baseline), or only the named features, from the
// inventory alone: nothing dsc did not create is touched.
// `dsc gc`: destroy every feature (of any fleet) whose TTL has passed.
#include <fmt/format.h>

#include <cstdio>
#include <cxxopts.hpp>

#include "base/rfc3339.h"
#include "compiler/driver/cluster_command.h"
#include "compiler/driver/commands.h"
#include "runtime/apply/clock.h"
#include "runtime/apply/destroy.h"
#include "runtime/apply/inventory_store.h"
#include "runtime/apply/namespace_adoption.h"

namespace dsc::driver {
namespace {

// Features first: the baseline's namespace may hold their records.
void FeaturesFirst(std::vector<runtime::Inventory>* records) {
  std::stable_sort(records->begin(), records->end(), [](const auto& a, const auto& b) {
    return (a.group != runtime::kBaselineGroup) > (b.group != runtime::kBaselineGroup);
  });
}

runtime::ApplyResult DestroyAll(Connection& connection, std::vector<runtime::Inventory>& records,
                                runtime::Reporter& reporter, const runtime::DestroyOptions& options,
                                runtime::DestroyStats* stats) {
  FeaturesFirst(&records);
  for (auto& record : records) {
    reporter.Message(
        "info", fmt::format("{} {} of fleet {}", options.dry_run ? "would destroy" : "destroying",
                            record.group == runtime::kBaselineGroup ? "the baseline"
                                                                    : "feature " + record.group,
                            record.fleet));
    runtime::ApplyResult result =
        runtime::DestroyGroup(*connection.work, *connection.record, record, reporter, options,
                              /*whole_group=*/true, stats);
    if (result != runtime::ApplyResult::kOk) return result;
  }
  return runtime::ApplyResult::kOk;
}

}  // namespace

cxxopts::Options DestroyOptions() {
  cxxopts::Options options("dsc destroy", "Delete what `dsc apply` deployed for a fleet.");
  options.add_options()("dry-run", "show what would be deleted");
  AddPathCommandOptions(options);
  return options;
}

int RunDestroy(int argc, char** argv) {
  cxxopts::Options options = DestroyOptions();
  ClusterFlags flags;
  std::string path;
  runtime::DestroyOptions destroy;
  static const std::string footer =
      std::string("\nWithout --feature: every feature of the fleet, then the baseline.\n\n") +
      kClusterExitCodes;
  int parsed = ParsePathCommand(
      options, argc, argv, footer.c_str(),
      [&](const cxxopts::ParseResult& result) { destroy.dry_run = result.count("dry-run") > 0; },
      &flags, &path);
  if (parsed >= 0) return parsed;
  runtime::Blueprint blueprint;
  // The whole fleet's blueprint: --feature picks records, not what is built.
  if (!LoadTarget("destroy", path, flags, &blueprint, /*build_only_features=*/false))
    return kExitUsage;
  Connection connection;
  if (int code = Connect("destroy", flags, &connection)) return code;
  destroy.cancel = InstallInterruptHandler();
  std::vector<runtime::Inventory> records;
  std::string error;
  // The fleet's records live in its namespace: listing there alone needs no rights in
  // any other (a namespace admin can destroy).
  runtime::ApplyResult failure = runtime::ApplyResult::kFailed;
  if (!runtime::ListInventories(*connection.record, blueprint.fleet, &records, &error,
                                blueprint.fleet_namespace, &failure)) {
    std::fprintf(stderr, "dsc destroy: %s\n", error.c_str());
    return ExitCodeFor(failure);
  }
  std::erase_if(records, [&](const runtime::Inventory& r) {
    if (flags.features.empty()) return false;
    const runtime::Feature* f =
        r.group == runtime::kBaselineGroup ? nullptr : blueprint.FindFeature(r.group);
    return !f || !f->NamedIn(flags.features);
  });
  std::vector<std::string> groups = blueprint.SelectedGroups(flags.features);
  auto reporter = runtime::MakeReporter(flags.output, stdout);
  std::vector<std::string> adopted;
  if (!runtime::AdoptUnrecordedNamespaces(*connection.work, blueprint, groups, &records, &adopted,
                                          &error, &failure)) {
    std::fprintf(stderr, "dsc destroy: %s\n", error.c_str());
    return ExitCodeFor(failure);
  }
  for (const std::string& ns : adopted)
    reporter->Message(
        "info", "namespace " + ns + " was created by a dsc apply that stopped before recording it");
  if (records.empty()) {
    reporter->Finish("nothing to destroy: no dsc record of fleet `" + blueprint.fleet +
                     "` in namespace " + blueprint.fleet_namespace);
    return kExitOk;
  }
  runtime::DestroyStats stats;
  runtime::ApplyResult result = DestroyAll(connection, records, *reporter, destroy, &stats);
  reporter->Finish(fmt::format("{} objects deleted, {} already gone or replaced (left alone)",
                               stats.objects_deleted, stats.objects_skipped));
  return ExitCodeFor(result);
}

cxxopts::Options GcOptions() {
  cxxopts::Options options("dsc gc", "Destroy every feature whose TTL has passed.");
  options.custom_help("[OPTIONS]");
  options.add_options()("kubeconfig", "kubeconfig file", cxxopts::value<std::string>())(
      "context", "kubeconfig context", cxxopts::value<std::string>())(
      "fleet", "only this fleet", cxxopts::value<std::string>())(
      "namespace",
      "only records in this namespace (the fleet's): needs no rights in any other namespace",
      cxxopts::value<std::string>())(
      "now", "judge expiry at this RFC 3339 time instead of now (e.g. with --dry-run)",
      cxxopts::value<std::string>())("dry-run", "show what would be deleted")(
      "output", "text or json", cxxopts::value<std::string>())("h,help", "show this help");
  return options;
}

int RunGc(int argc, char** argv) {
  cxxopts::Options options = GcOptions();
  ClusterFlags flags;
  runtime::DestroyOptions destroy;
  std::string fleet;
  std::string ns;  // empty: every namespace
  runtime::TimePoint now = std::chrono::system_clock::now();
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nA feature expires at its first apply + its ttl; an ephemeral fleet's baseline\n"
          "too. Objects carry `janitor/ttl` as well, for clusters that run kube-janitor.\n\n",
          stdout);
      std::fputs(kClusterExitCodes, stdout);
      return kExitOk;
    }
    flags = ReadClusterFlags(result);  // gc has no --feature: that stays empty
    if (result.count("fleet")) fleet = result["fleet"].as<std::string>();
    if (result.count("namespace")) ns = result["namespace"].as<std::string>();
    destroy.dry_run = result.count("dry-run") > 0;
    if (result.count("now")) {
      auto parsed = base::ParseRfc3339(result["now"].as<std::string>());
      if (!parsed)
        throw cxxopts::exceptions::exception("--now: give a time like 2026-12-01T00:00:00Z");
      now = *parsed;
    }
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc gc: %s\n", e.what());
    return kExitUsage;
  }
  Connection connection;
  if (int code = Connect("gc", flags, &connection)) return code;
  destroy.cancel = InstallInterruptHandler();
  std::vector<runtime::Inventory> records;
  std::string error;
  runtime::ApplyResult failure = runtime::ApplyResult::kFailed;
  if (!runtime::ListInventories(*connection.record, fleet, &records, &error, ns, &failure)) {
    std::fprintf(stderr, "dsc gc: %s%s\n", error.c_str(),
                 ns.empty() ? " (without --namespace, gc lists dsc's records in every "
                              "namespace: pass the fleet's namespace to need rights there only)"
                            : "");
    return ExitCodeFor(failure);
  }
  std::erase_if(records, [&](const runtime::Inventory& r) {
    auto expires = base::ParseRfc3339(r.expires_at);
    return !expires || *expires > now;
  });
  auto reporter = runtime::MakeReporter(flags.output, stdout);
  runtime::DestroyStats stats;
  runtime::ApplyResult result = DestroyAll(connection, records, *reporter, destroy, &stats);
  reporter->Finish(fmt::format("{} expired group(s); {} objects deleted", records.size(),
                               stats.objects_deleted));
  return ExitCodeFor(result);
}

}  // namespace dsc::driver
