// `dsc diff OLD NEW`: what changing a fleet from OLD to NEW does. Each side is
// a fleet file, a build directory or `REV:path`; the output is a semantic
// summary and the manifest diff per object, as text, Markdown or JSON.
// The library is compiler/diff/; docs/diff.md is the reference.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cxxopts.hpp>

#include "compiler/diff/compare.h"
#include "compiler/diff/git_runner.h"
#include "compiler/diff/live_report.h"
#include "compiler/diff/render.h"
#include "compiler/diff/side.h"
#include "compiler/driver/cluster_command.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/fleet_input.h"
#include "compiler/driver/output.h"

namespace dsc::driver {
namespace {

constexpr const char* kDiffHelpFooter =
    "\nOLD and NEW are each a fleet file (checked and built in memory), a directory\n"
    "written by `dsc build`, or REV:path, a fleet file as it is in a git revision of\n"
    "the current repository (imports read at the same revision, no checkout).\n"
    "\nWith --live, PATH (a fleet file or a build directory) is compared with what the\n"
    "cluster holds: the objects `dsc apply PATH` would create, change (a dry-run apply on\n"
    "the server says into what) or prune, fields changed in the cluster (drift), and where\n"
    "the apply would stop. Nothing is written.\n"
    "\nExit codes: 0 no differences (or differences without --exit-code), 1 differences\n"
    "with --exit-code, or a fleet has errors, 2 bad usage or unreadable input. With --live:\n"
    "2 also for fleet errors, 3 cluster unreachable, 4 credentials rejected, 130 interrupted.\n";

struct DiffArgs {
  std::string format = "text";
  ColorMode color = ColorMode::kAuto;
  bool exit_code = false;
  int context = 3;
  emit::EmitOptions emit;
  std::vector<std::string> sides;
  bool live = false;
  bool force_conflicts = false;
  ClusterFlags cluster;  // --live: kubeconfig, context, features
};

// Like output.h's UseColor, but for stdout, where the diff goes.
bool UseColorOnStdout(ColorMode mode) {
  if (mode == ColorMode::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return mode == ColorMode::kAlways || isatty(STDOUT_FILENO) != 0;
}

// Throws cxxopts::exceptions::exception on a bad value, as cxxopts does.
DiffArgs ReadArgs(const cxxopts::ParseResult& result) {
  DiffArgs args;
  args.format = result["format"].as<std::string>();
  if (args.format != "text" && args.format != "markdown" && args.format != "json")
    throw cxxopts::exceptions::exception("--format must be `text`, `markdown` or `json`");
  if (!ParseColorMode(result["color"].as<std::string>(), &args.color))
    throw cxxopts::exceptions::exception("--color must be `auto`, `always` or `never`");
  args.exit_code = result.count("exit-code") > 0;
  args.context = result["unified"].as<int>();
  if (args.context < 0 || args.context > 1000)
    throw cxxopts::exceptions::exception("--unified must be between 0 and 1000");
  if (result.count("traefik")) {
    args.emit.traefik = model::ParseTraefikVersion(result["traefik"].as<std::string>());
    if (!args.emit.traefik) throw cxxopts::exceptions::exception("--traefik must be `v2` or `v3`");
  }
  if (result.count("feature"))
    args.emit.features = result["feature"].as<std::vector<std::string>>();
  if (result.count("sides")) args.sides = result["sides"].as<std::vector<std::string>>();
  args.live = result.count("live") > 0;
  args.force_conflicts = result.count("force-conflicts") > 0;
  if (!args.live && (result.count("kubeconfig") || result.count("context") || args.force_conflicts))
    throw cxxopts::exceptions::exception(
        "--kubeconfig, --context and --force-conflicts go with --live");
  if (args.live && result.count("traefik"))
    throw cxxopts::exceptions::exception(
        "--traefik does not go with --live: the blueprint is built as `dsc apply` builds it");
  if (result.count("kubeconfig")) args.cluster.kubeconfig = result["kubeconfig"].as<std::string>();
  if (result.count("context")) args.cluster.context = result["context"].as<std::string>();
  args.cluster.features = args.emit.features;
  args.cluster.input = ReadFleetInput(result);
  return args;
}

// Loads both sides; prints what went wrong and returns the exit code, or -1
// when both are ready to compare.
int LoadSides(const DiffArgs& args, SourceManager& sources, diff::Side (&sides)[2],
              diff::Build (&builds)[2]) {
  diff::SideOptions options{args.emit, diff::SubprocessGitRunner(), args.cluster.input.import_scope,
                            args.cluster.input.limits, args.cluster.input.project_root};
  bool unreadable = false, fleet_errors = false;
  for (int i = 0; i < 2; ++i) {
    std::string error;
    diff::LoadResult result = diff::LoadSide(args.sides[i], options, sources, &sides[i], &error);
    if (result == diff::LoadResult::kOk && !diff::ReadBuild(sides[i].tree, &builds[i], &error))
      result = diff::LoadResult::kUnreadable;
    if (result == diff::LoadResult::kUnreadable) {
      std::fprintf(stderr, "dsc diff: %s: %s\n", args.sides[i].c_str(), error.c_str());
      unreadable = true;
    }
    fleet_errors |= result == diff::LoadResult::kFleetErrors;
  }
  if (unreadable) return kExitUsage;
  if (!fleet_errors) return -1;
  // Both sides' diagnostics in one list (one JSON document with --format json).
  DiagnosticSink all;
  for (const diff::Side& side : sides)
    for (const Diagnostic& d : side.diags.diagnostics()) all.Append(d);
  PrintDiagnostics(all, sources, args.format == "json", args.color);
  return kExitErrors;
}

// Prints the report in the chosen format; the exit code.
int PrintReport(const DiffArgs& args, const diff::Report& report) {
  std::string out = args.format == "json" ? diff::RenderJson(report)
                    : args.format == "markdown"
                        ? diff::RenderMarkdown(report)
                        : diff::RenderText(report, {UseColorOnStdout(args.color)});
  std::fputs(out.c_str(), stdout);
  return args.exit_code && !report.Same() ? kExitErrors : kExitOk;
}

// `dsc diff --live PATH`: the cluster (OLD) against the blueprint (NEW).
int RunLiveDiff(const DiffArgs& args) {
  const std::string& path = args.sides[0];
  runtime::Blueprint blueprint;
  if (!LoadTarget("diff", path, args.cluster, &blueprint)) return kExitUsage;
  Connection connection;
  if (int code = Connect("diff", args.cluster, &connection)) return code;
  runtime::LivePlanOptions options;
  options.features = args.cluster.features;
  options.force_conflicts = args.force_conflicts;
  runtime::LivePlan plan;
  std::string error;
  runtime::ApplyResult result =
      runtime::PlanAgainstLive(blueprint, *connection.work, options, &plan, &error);
  if (result != runtime::ApplyResult::kOk) {
    std::fprintf(stderr, "dsc diff: %s\n", error.c_str());
    return ExitCodeFor(result);
  }
  diff::Report report;
  const std::string& context = connection.work_http->config().context_name;
  report.before_label = context.empty() ? "cluster" : "cluster (context " + context + ")";
  report.after_label = path;
  report.fleet = blueprint.fleet;
  diff::ReportLivePlan(plan, args.context, &report);
  return PrintReport(args, report);
}

}  // namespace

cxxopts::Options DiffOptions() {
  cxxopts::Options options("dsc diff", "Show what changing a fleet from OLD to NEW does.");
  options.custom_help("[OPTIONS]").positional_help("OLD NEW | --live PATH");
  options.add_options()("format", "output as `text`, `markdown` or `json`",
                        cxxopts::value<std::string>()->default_value("text"))(
      "color", "colour: auto, always or never",
      cxxopts::value<std::string>()->default_value("auto"))(
      "exit-code", "exit 1 when OLD and NEW differ (as `git diff --exit-code`)")(
      "U,unified", "lines of context around each change in the manifest diff",
      cxxopts::value<int>()->default_value("3"))(
      "feature", "for fleet files, and with --live: only this feature (repeatable; default: all)",
      cxxopts::value<std::vector<std::string>>())(
      "traefik", "for fleet files: Traefik CRD group, v2 or v3 (default: the fleet's)",
      cxxopts::value<std::string>())(
      "live", "compare PATH with the cluster's live objects (what `dsc apply PATH` would do)")(
      "kubeconfig", "with --live: kubeconfig file (default: $KUBECONFIG, ~/.kube/config)",
      cxxopts::value<std::string>())("context",
                                     "with --live: kubeconfig context (default: current-context)",
                                     cxxopts::value<std::string>())(
      "force-conflicts",
      "with --live: show the apply taking over fields other managers own, as `dsc apply "
      "--force-conflicts`")("h,help", "show this help")("sides", "OLD and NEW",
                                                        cxxopts::value<std::vector<std::string>>());
  AddFleetInputOptions(options);
  options.parse_positional({"sides"});
  return options;
}

int RunDiff(int argc, char** argv) {
  cxxopts::Options options = DiffOptions();
  DiffArgs args;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(kDiffHelpFooter, stdout);
      return kExitOk;
    }
    args = ReadArgs(result);
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc diff: %s\n", e.what());
    return kExitUsage;
  }
  if (args.live) {
    if (args.sides.size() == 1) return RunLiveDiff(args);
    std::fputs("dsc diff: with --live, give one build directory or fleet file\n", stderr);
    std::fputs("Usage: dsc diff [OPTIONS] --live PATH\n", stderr);
    return kExitUsage;
  }
  if (args.sides.size() != 2) {
    std::fputs(args.sides.size() < 2 ? "dsc diff: give two sides to compare, OLD and NEW\n"
                                     : "dsc diff: give exactly two sides, OLD and NEW\n",
               stderr);
    std::fputs("Usage: dsc diff [OPTIONS] OLD NEW\n", stderr);
    return kExitUsage;
  }
  SourceManager sources;
  diff::Side sides[2];
  diff::Build builds[2];
  if (int code = LoadSides(args, sources, sides, builds); code >= 0) return code;

  diff::Report report;
  report.before_label = args.sides[0];
  report.after_label = args.sides[1];
  diff::Compare(builds[0], builds[1], {args.context}, &report);
  return PrintReport(args, report);
}

}  // namespace dsc::driver
