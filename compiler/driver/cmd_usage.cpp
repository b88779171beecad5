// `dsc usage`: what each team, feature and developer consumed (runtime/apply/usage.h),
// as a table, JSON or CSV.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cxxopts.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/read_file.h"
#include "base/rfc3339.h"
#include "compiler/driver/cluster_command.h"
#include "compiler/driver/commands.h"
#include "runtime/apply/usage.h"

namespace dsc::driver {
namespace {

struct UsageArgs {
  ClusterFlags cluster;
  std::string fleet, by = "feature", format = "text";
  std::chrono::seconds since{7 * 24 * 3600};
  std::string since_text = "7d";
  std::optional<base::TimePoint> now;  // --now: count until then
  runtime::UsagePrices prices;
};

// CSV: a field with a comma, a quote or a line break goes in quotes, quotes doubled.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void PrintText(const UsageArgs& args, const runtime::UsageReport& report,
               const std::vector<runtime::UsageRow>& rows) {
  const runtime::UsagePrices& p = args.prices;
  fmt::print("dsc usage: the last {} to {}, by {} ({} {} per core-hour, {} {} per GiB-hour)\n",
             args.since_text, base::FormatRfc3339(report.at), args.by, p.cpu_core_hour, p.currency,
             p.memory_gib_hour, p.currency);
  if (rows.empty()) {
    fmt::print("no workload applied by dsc{}\n",
               args.fleet.empty() ? "" : " for fleet `" + args.fleet + "`");
  } else {
    std::string header = args.by;
    for (char& c : header) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    fmt::print("{:<36} {:>9} {:>12} {:>13} {:>10}\n", header, "WORKLOADS", "CPU CORE-H",
               "MEMORY GIB-H", "COST " + p.currency);
    runtime::UsageRow total{"TOTAL"};
    for (const runtime::UsageRow& r : rows) {
      fmt::print("{:<36} {:>9} {:>12.3f} {:>13.3f} {:>10.3f}\n", r.key, r.workloads,
                 r.cpu_core_hours, r.memory_gib_hours, r.cost);
      total.workloads += r.workloads;
      total.cpu_core_hours += r.cpu_core_hours;
      total.memory_gib_hours += r.memory_gib_hours;
      total.cost += r.cost;
    }
    fmt::print("{:<36} {:>9} {:>12.3f} {:>13.3f} {:>10.3f}\n", total.key, total.workloads,
               total.cpu_core_hours, total.memory_gib_hours, total.cost);
  }
  if (report.expired.empty()) return;
  fmt::print("\nexpired, and still running (kube-janitor or `dsc gc` did not remove them):\n");
  for (const runtime::ExpiredGroup& e : report.expired)
    fmt::print("  {}/{} (owner {}): expired at {}, {} workload{} left\n", e.fleet, e.group,
               e.owner.empty() ? "unknown" : e.owner, e.expires_at, e.workloads,
               e.workloads == 1 ? "" : "s");
}

void PrintJson(const UsageArgs& args, const runtime::UsageReport& report,
               const std::vector<runtime::UsageRow>& rows) {
  nlohmann::ordered_json out;
  out["at"] = base::FormatRfc3339(report.at);
  out["since"] = base::FormatRfc3339(report.window_start);
  out["by"] = args.by;
  out["prices"] = {{"cpuCoreHour", args.prices.cpu_core_hour},
                   {"memoryGibHour", args.prices.memory_gib_hour},
                   {"currency", args.prices.currency}};
  out["rows"] = nlohmann::ordered_json::array();
  for (const runtime::UsageRow& r : rows)
    out["rows"].push_back({{"key", r.key},
                           {"workloads", r.workloads},
                           {"cpuCoreHours", r.cpu_core_hours},
                           {"memoryGibHours", r.memory_gib_hours},
                           {"cost", r.cost}});
  out["workloads"] = nlohmann::ordered_json::array();
  for (const runtime::WorkloadUsage& w : report.workloads)
    out["workloads"].push_back({{"fleet", w.fleet},
                                {"group", w.group},
                                {"feature", w.feature},
                                {"owner", w.owner},
                                {"team", w.team},
                                {"kind", w.ref.kind},
                                {"namespace", w.ref.ns},
                                {"name", w.ref.name},
                                {"cpuCores", w.cpu_cores},
                                {"memoryBytes", w.memory_bytes},
                                {"hours", w.hours},
                                {"cost", w.Cost(args.prices)}});
  out["expired"] = nlohmann::ordered_json::array();
  for (const runtime::ExpiredGroup& e : report.expired)
    out["expired"].push_back({{"fleet", e.fleet},
                              {"group", e.group},
                              {"feature", e.feature},
                              {"owner", e.owner},
                              {"expiresAt", e.expires_at},
                              {"workloads", e.workloads}});
  fmt::print("{}\n", out.dump(2));
}

void PrintCsv(const UsageArgs& args, const std::vector<runtime::UsageRow>& rows) {
  fmt::print("{},workloads,cpu_core_hours,memory_gib_hours,cost_{}\n", args.by,
             args.prices.currency);
  for (const runtime::UsageRow& r : rows)
    fmt::print("{},{},{:.6f},{:.6f},{:.6f}\n", CsvField(r.key), r.workloads, r.cpu_core_hours,
               r.memory_gib_hours, r.cost);
}

// A one-line progress bar on stderr, when it is a terminal.
void ShowProgress(size_t done, size_t total) {
  static const bool tty = isatty(STDERR_FILENO) != 0;
  if (!tty || total < 2) return;
  constexpr size_t kWidth = 30;
  size_t filled = total ? done * kWidth / total : kWidth;
  std::fprintf(stderr, "\rlisting workloads [%s%s] %zu/%zu%s", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, ' ').c_str(), done, total, done == total ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace

cxxopts::Options UsageOptions() {
  cxxopts::Options options("dsc usage",
                           "What each team, feature and developer consumed: requested CPU and "
                           "memory times the time alive, priced.");
  options.custom_help("[OPTIONS]");
  options.add_options()("fleet", "only this fleet (default: every fleet dsc applied)",
                        cxxopts::value<std::string>())(
      "since", "the window: this long until now (e.g. 24h, 7d)",
      cxxopts::value<std::string>()->default_value("7d"))(
      "by", "team, feature, owner or fleet",
      cxxopts::value<std::string>()->default_value("feature"))(
      "prices", "YAML or JSON: cpu_core_hour, memory_gib_hour, currency",
      cxxopts::value<std::string>())("format", "text, json or csv",
                                     cxxopts::value<std::string>()->default_value("text"))(
      "now", "count until this RFC 3339 time instead of now (as `dsc gc --now`)",
      cxxopts::value<std::string>())(
      "kubeconfig", "kubeconfig file (default: $KUBECONFIG, ~/.kube/config)",
      cxxopts::value<std::string>())("context", "kubeconfig context (default: current-context)",
                                     cxxopts::value<std::string>())("h,help", "show this help");
  return options;
}

int RunUsage(int argc, char** argv) {
  cxxopts::Options options = UsageOptions();
  UsageArgs args;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nCounts what dsc's records list that is still in the cluster, from when each\n"
          "workload was created (or the window's start) until now. Default prices: AWS Fargate\n"
          "on demand (docs/platform.md). Exit 0, 3 or 4 as the other cluster commands.\n",
          stdout);
      return kExitOk;
    }
    if (!result.unmatched().empty())
      throw cxxopts::exceptions::exception("unexpected argument `" + result.unmatched()[0] + "`");
    if (result.count("fleet")) args.fleet = result["fleet"].as<std::string>();
    if (result.count("kubeconfig"))
      args.cluster.kubeconfig = result["kubeconfig"].as<std::string>();
    if (result.count("context")) args.cluster.context = result["context"].as<std::string>();
    args.since_text = result["since"].as<std::string>();
    auto since = runtime::ParseDuration(args.since_text);
    if (!since || since->count() <= 0)
      throw cxxopts::exceptions::exception("--since: give a duration like 24h or 7d");
    args.since = *since;
    args.by = result["by"].as<std::string>();
    if (args.by != "team" && args.by != "feature" && args.by != "owner" && args.by != "fleet")
      throw cxxopts::exceptions::exception("--by must be team, feature, owner or fleet");
    args.format = result["format"].as<std::string>();
    if (args.format != "text" && args.format != "json" && args.format != "csv")
      throw cxxopts::exceptions::exception("--format must be text, json or csv");
    if (result.count("now")) {
      args.now = base::ParseRfc3339(result["now"].as<std::string>());
      if (!args.now)
        throw cxxopts::exceptions::exception("--now: give a time like 2026-12-01T00:00:00Z");
    }
    if (result.count("prices")) {
      std::string path = result["prices"].as<std::string>(), text, error;
      if (!base::ReadFileToString(path, &text, &error) ||
          !runtime::ParsePrices(text, &args.prices, &error))
        throw cxxopts::exceptions::exception("--prices " + path + ": " + error);
    }
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc usage: %s\n", e.what());
    return kExitUsage;
  }
  Connection connection;
  if (int code = Connect("usage", args.cluster, &connection)) return code;
  auto at = args.now.value_or(std::chrono::system_clock::now());
  runtime::UsageReport report;
  std::string error;
  runtime::ApplyResult failure = runtime::ApplyResult::kFailed;
  if (!runtime::CollectUsage(*connection.work, args.fleet, at - args.since, at, &report, &error,
                             &failure, ShowProgress)) {
    std::fprintf(stderr, "dsc usage: %s\n", error.c_str());
    return ExitCodeFor(failure);
  }
  auto rows = runtime::GroupUsage(report, args.by, args.prices);
  if (args.format == "json") {
    PrintJson(args, report, rows);
  } else if (args.format == "csv") {
    PrintCsv(args, rows);
  } else {
    PrintText(args, report, rows);
  }
  return kExitOk;
}

}  // namespace dsc::driver
