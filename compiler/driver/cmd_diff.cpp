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
#include "compiler/diff/render.h"
#include "compiler/diff/side.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/output.h"

namespace dsc::driver {
namespace {

constexpr const char* kDiffHelpFooter =
    "\nOLD and NEW are each a fleet file (checked and built in memory), a directory\n"
    "written by `dsc build`, or REV:path, a fleet file as it is in a git revision of\n"
    "the current repository (imports read at the same revision, no checkout).\n"
    "\nExit codes: 0 no differences (or differences without --exit-code), 1 differences\n"
    "with --exit-code, or a fleet has errors, 2 bad usage or unreadable input.\n";

struct DiffArgs {
  std::string format = "text";
  ColorMode color = ColorMode::kAuto;
  bool exit_code = false;
  int context = 3;
  emit::EmitOptions emit;
  std::vector<std::string> sides;
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
    args.emit.traefik = result["traefik"].as<std::string>();
    if (args.emit.traefik != "v2" && args.emit.traefik != "v3")
      throw cxxopts::exceptions::exception("--traefik must be `v2` or `v3`");
  }
  if (result.count("feature"))
    args.emit.features = result["feature"].as<std::vector<std::string>>();
  if (result.count("sides")) args.sides = result["sides"].as<std::vector<std::string>>();
  return args;
}

// Loads both sides; prints what went wrong and returns the exit code, or -1
// when both are ready to compare.
int LoadSides(const DiffArgs& args, SourceManager& sources, diff::Side (&sides)[2],
              diff::Build (&builds)[2]) {
  diff::SideOptions options{args.emit, diff::SubprocessGitRunner()};
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

}  // namespace

cxxopts::Options DiffOptions() {
  cxxopts::Options options("dsc diff", "Show what changing a fleet from OLD to NEW does.");
  options.custom_help("[OPTIONS]").positional_help("OLD NEW");
  options.add_options()("format", "output as `text`, `markdown` or `json`",
                        cxxopts::value<std::string>()->default_value("text"))(
      "color", "colour: auto, always or never",
      cxxopts::value<std::string>()->default_value("auto"))(
      "exit-code", "exit 1 when OLD and NEW differ (as `git diff --exit-code`)")(
      "U,unified", "lines of context around each change in the manifest diff",
      cxxopts::value<int>()->default_value("3"))(
      "feature", "for fleet files: build only this feature (repeatable; default: all)",
      cxxopts::value<std::vector<std::string>>())(
      "traefik", "for fleet files: Traefik CRD group, v2 or v3 (default: the fleet's)",
      cxxopts::value<std::string>())("h,help", "show this help")(
      "sides", "OLD and NEW", cxxopts::value<std::vector<std::string>>());
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
  std::string error;
  if (!diff::Compare(builds[0], builds[1], {args.context}, &report, &error)) {
    std::fprintf(stderr, "dsc diff: %s\n", error.c_str());
    return kExitUsage;
  }
  std::string out = args.format == "json" ? diff::RenderJson(report)
                    : args.format == "markdown"
                        ? diff::RenderMarkdown(report)
                        : diff::RenderText(report, {UseColorOnStdout(args.color)});
  std::fputs(out.c_str(), stdout);
  return args.exit_code && !report.Same() ? kExitErrors : kExitOk;
}

}  // namespace dsc::driver
