// `dsc watch PATH`: follow a deployed fleet: readiness changes and drift from
// the blueprint, as they happen, until Ctrl-C.
#include <cstdio>
#include <cxxopts.hpp>

#include "compiler/driver/cluster_command.h"
#include "compiler/driver/commands.h"
#include "runtime/apply/watch.h"

namespace dsc::driver {

int WatchFleet(const runtime::Blueprint& blueprint, Connection& connection,
               const ClusterFlags& flags, runtime::Reporter& reporter) {
  runtime::WatchOptions options;
  options.features = flags.features;
  options.cancel = InstallInterruptHandler();
  runtime::ApplyResult result = runtime::Watch(blueprint, *connection.work, reporter, options);
  // Ctrl-C is how a watch ends: that is success.
  return result == runtime::ApplyResult::kCancelled ? kExitOk : ExitCodeFor(result);
}

cxxopts::Options WatchOptions() {
  cxxopts::Options options("dsc watch", "Follow a deployed fleet: readiness and drift.");
  AddPathCommandOptions(options);
  return options;
}

int RunWatch(int argc, char** argv) {
  cxxopts::Options options = WatchOptions();
  ClusterFlags flags;
  std::string path;
  int parsed = ParsePathCommand(
      options, argc, argv, "\nRuns until interrupted (exit 0); 3 or 4 when the cluster is lost.\n",
      nullptr, &flags, &path);
  if (parsed >= 0) return parsed;
  runtime::Blueprint blueprint;
  if (!LoadTarget("watch", path, flags, &blueprint)) return kExitUsage;
  Connection connection;
  if (int code = Connect("watch", flags, &connection)) return code;
  // Each event on its own line: a live table would hide the history.
  auto reporter = runtime::MakeReporter(
      flags.output == runtime::OutputMode::kJson ? flags.output : runtime::OutputMode::kText,
      stdout);
  int code = WatchFleet(blueprint, connection, flags, *reporter);
  reporter->Finish("stopped watching");
  return code;
}

}  // namespace dsc::driver
