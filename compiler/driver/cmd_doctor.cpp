// `dsc doctor PATH`: what the fleet needs from the cluster, checked and explained with
// the fix (runtime/apply/doctor.h). Exit 0 only when every check holds; warnings (what
// could not be checked) do not fail it.
#include <fmt/format.h>

#include <cstdio>
#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "compiler/driver/cluster_command.h"
#include "compiler/driver/commands.h"
#include "runtime/apply/doctor.h"

namespace dsc::driver {
namespace {

void PrintText(const runtime::Blueprint& blueprint,
               const std::vector<runtime::DoctorCheck>& checks) {
  fmt::print("dsc doctor: what fleet `{}` needs from the cluster\n", blueprint.fleet);
  size_t ok = 0, warn = 0, fail = 0;
  for (const runtime::DoctorCheck& c : checks) {
    std::string_view state = runtime::NameOf(c.state);
    ok += c.state == runtime::DoctorCheck::State::kOk;
    warn += c.state == runtime::DoctorCheck::State::kWarn;
    fail += c.state == runtime::DoctorCheck::State::kFail;
    fmt::print("  {:<5} {:<22} {}\n", state == "fail" ? "FAIL" : state, c.name, c.detail);
    if (!c.fix.empty()) fmt::print("  {:<5} {:<22} fix: {}\n", "", "", c.fix);
  }
  fmt::print("{} checks: {} ok, {} warnings, {} failed\n", checks.size(), ok, warn, fail);
}

void PrintJson(const runtime::Blueprint& blueprint,
               const std::vector<runtime::DoctorCheck>& checks) {
  nlohmann::ordered_json out;
  out["fleet"] = blueprint.fleet;
  out["checks"] = nlohmann::ordered_json::array();
  bool ok = true;
  for (const runtime::DoctorCheck& c : checks) {
    ok &= c.state != runtime::DoctorCheck::State::kFail;
    out["checks"].push_back(
        {{"check", c.name},
         {"state", runtime::NameOf(c.state)},
         {"detail", c.detail},
         {"fix", c.fix.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.fix)}});
  }
  out["ok"] = ok;
  fmt::print("{}\n", base::JsonText(out, 2));
}

}  // namespace

cxxopts::Options DoctorOptions() {
  cxxopts::Options options("dsc doctor",
                           "Check what a fleet needs from the cluster, and say how to fix it.");
  AddPathCommandOptions(options);
  return options;
}

int RunDoctor(int argc, char** argv) {
  cxxopts::Options options = DoctorOptions();
  ClusterFlags flags;
  std::string path;
  int parsed = ParsePathCommand(
      options, argc, argv,
      "\nChecks: server version, Traefik CRDs and entry points, the Services provisioning\n"
      "calls (LocalStack), kube-janitor when features have TTLs, the Secrets the pods read\n"
      "(names only: values are never read), what `dsc apply` needs permission for, and used-up\n"
      "quotas. Nothing is written.\n"
      "\nExit codes: 0 every check holds, 1 some fail, 2 bad usage, 3 cluster unreachable,\n"
      "4 credentials rejected.\n",
      nullptr, &flags, &path);
  if (parsed >= 0) return parsed;
  runtime::Blueprint blueprint;
  if (!LoadTarget("doctor", path, flags, &blueprint)) return kExitUsage;
  Connection connection;
  if (int code = Connect("doctor", flags, &connection)) return code;
  std::vector<runtime::DoctorCheck> checks =
      runtime::RunDoctor(*connection.work, blueprint, flags.features);
  if (flags.output == runtime::OutputMode::kJson)
    PrintJson(blueprint, checks);
  else
    PrintText(blueprint, checks);
  bool failed = std::any_of(checks.begin(), checks.end(), [](const runtime::DoctorCheck& c) {
    return c.state == runtime::DoctorCheck::State::kFail;
  });
  return failed ? kExitErrors : kExitOk;
}

}  // namespace dsc::driver
