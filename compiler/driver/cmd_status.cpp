// `dsc status PATH`: per release, ready or not and why, its feature, and the
// time left before `dsc gc` removes it. Exit 0 only when every release is ready.
#include <fmt/format.h>

#include <cstdio>
#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "compiler/driver/cluster_command.h"
#include "compiler/driver/commands.h"
#include "runtime/apply/status.h"

namespace dsc::driver {
namespace {

void PrintText(const std::vector<runtime::ReleaseStatus>& statuses) {
  fmt::print("{:<40} {:<16} {:<12} {:<8} {}\n", "RELEASE", "FEATURE", "STATE", "TTL", "REASON");
  for (const auto& s : statuses) {
    fmt::print("{:<40} {:<16} {:<12} {:<8} {}\n", s.release, s.feature.empty() ? "-" : s.feature,
               s.state, s.expires.empty() ? "-" : s.expires, s.reason);
    for (const auto& d : s.details) fmt::print("    {}\n", d);
  }
}

void PrintJson(const std::vector<runtime::ReleaseStatus>& statuses) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : statuses) {
    out.push_back(
        {{"release", s.release},
         {"feature", s.feature.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.feature)},
         {"ready", s.ready},
         {"state", s.state},
         {"reason", s.reason},
         {"details", s.details},
         {"expiresIn", s.expires.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.expires)}});
  }
  fmt::print("{}\n", base::JsonText(out, 2));
}

}  // namespace

cxxopts::Options StatusOptions() {
  cxxopts::Options options("dsc status", "Show whether a deployed fleet is ready, and why not.");
  AddPathCommandOptions(options);
  return options;
}

int RunStatus(int argc, char** argv) {
  cxxopts::Options options = StatusOptions();
  ClusterFlags flags;
  std::string path;
  int parsed = ParsePathCommand(options, argc, argv,
                                "\nExit codes: 0 every release ready, 1 some are not, 2 bad usage, "
                                "3 cluster\nunreachable, 4 credentials rejected.\n",
                                nullptr, &flags, &path);
  if (parsed >= 0) return parsed;
  runtime::Blueprint blueprint;
  if (!LoadTarget("status", path, flags, &blueprint)) return kExitUsage;
  Connection connection;
  if (int code = Connect("status", flags, &connection)) return code;
  std::vector<runtime::ReleaseStatus> statuses;
  std::string error;
  runtime::ApplyResult result =
      runtime::ComputeStatus(blueprint, *connection.work, flags.features,
                             std::chrono::system_clock::now(), &statuses, &error);
  if (result != runtime::ApplyResult::kOk) {
    std::fprintf(stderr, "dsc status: %s\n", error.c_str());
    return ExitCodeFor(result);
  }
  if (flags.output == runtime::OutputMode::kJson)
    PrintJson(statuses);
  else
    PrintText(statuses);
  bool all_ready =
      std::all_of(statuses.begin(), statuses.end(), [](const auto& s) { return s.ready; });
  return all_ready ? kExitOk : kExitErrors;
}

}  // namespace dsc::driver
