// `dsc lint FILE…`: `dsc check`, then rules beyond type errors (compiler/lint),
// as text, JSON or SARIF. See docs/lint.md.
#include <cstdio>
#include <cxxopts.hpp>

#include "compiler/diag/render.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/fleet_input.h"
#include "compiler/driver/output.h"
#include "compiler/lint/config_file.h"
#include "compiler/lint/lint_fleet.h"
#include "compiler/lint/rule_list.h"
#include "compiler/pipeline/check_targets.h"

namespace dsc::driver {
namespace {

enum class LintFormat { kText, kJson, kSarif };

struct LintArgs {
  std::vector<std::string> files;
  LintFormat format = LintFormat::kText;
  ColorMode color = ColorMode::kAuto;
  bool deny_warnings = false;
  bool list_rules = false;
  std::optional<lint::ConfigText> config;  // --config or --no-config
  FleetInput input;
};

// Throws cxxopts::exceptions::exception on a bad value, as cxxopts itself does.
LintArgs ReadArgs(const cxxopts::ParseResult& result) {
  LintArgs args;
  std::string format = result["format"].as<std::string>();
  if (format == "json") {
    args.format = LintFormat::kJson;
  } else if (format == "sarif") {
    args.format = LintFormat::kSarif;
  } else if (format != "text") {
    throw cxxopts::exceptions::exception("--format must be `text`, `json` or `sarif`");
  }
  if (!ParseColorMode(result["color"].as<std::string>(), &args.color))
    throw cxxopts::exceptions::exception("--color must be `auto`, `always` or `never`");
  args.deny_warnings = result.count("deny-warnings") > 0;
  args.list_rules = result.count("list-rules") > 0;
  args.input = ReadFleetInput(result);
  if (result.count("config") && result.count("no-config"))
    throw cxxopts::exceptions::exception("--config and --no-config exclude each other");
  // No config at all: an empty one.
  if (result.count("no-config")) args.config = lint::ConfigText{};
  if (result.count("config"))
    args.config = lint::ConfigText{result["config"].as<std::string>(), ""};
  if (result.count("files")) args.files = result["files"].as<std::vector<std::string>>();
  return args;
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "dsc lint: %s\nUsage: dsc lint [OPTIONS] FILE...\n", message.c_str());
  return kExitUsage;
}

}  // namespace

cxxopts::Options LintOptions() {
  cxxopts::Options options("dsc lint",
                           "Check fleet files against lint rules beyond type errors "
                           "(docs/lint.md).");
  options.custom_help("[OPTIONS]").positional_help("FILE...");
  options.add_options()("format", "output as `text`, `json` or `sarif` (SARIF 2.1.0)",
                        cxxopts::value<std::string>()->default_value("text"))(
      "color", "colour: auto, always or never",
      cxxopts::value<std::string>()->default_value("auto"))(
      "config", "rule severities from this YAML file (default: .dsc-lint.yaml beside each fleet)",
      cxxopts::value<std::string>())("no-config", "ignore .dsc-lint.yaml files")(
      "deny-warnings", "exit 1 when there are warnings")(
      "list-rules", "list every rule with its code and default severity, and exit")(
      "h,help", "show this help")("files", "fleet files",
                                  cxxopts::value<std::vector<std::string>>());
  AddFleetInputOptions(options);
  options.parse_positional({"files"});
  return options;
}

int RunLint(int argc, char** argv) {
  cxxopts::Options options = LintOptions();
  LintArgs args;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nExit codes: 0 no finding at error severity, 1 such findings or type errors (or\n"
          "warnings with --deny-warnings), 2 bad usage or a bad config file.\n",
          stdout);
      return kExitOk;
    }
    args = ReadArgs(result);
  } catch (const cxxopts::exceptions::exception& e) {
    return Usage(e.what());
  }
  if (args.list_rules) {
    std::fputs(lint::RenderRuleList(args.format != LintFormat::kText).c_str(), stdout);
    return kExitOk;
  }
  if (args.files.empty()) return Usage("no files given");
  RealFileSystem fs = args.input.FileSystem();
  if (args.config && !args.config->path.empty()) {
    std::string error;
    std::optional<std::string> text = fs.Read(args.config->path, &error);
    if (!text) return Usage(fmt::format("cannot read `{}`: {}", args.config->path, error));
    args.config->text = *text;
  }
  SourceManager sources;
  DiagnosticSink check;     // why a fleet did not type-check, or why its config file is wrong
  DiagnosticSink findings;  // the rules'
  bool config_ok = true;
  for (const pipeline::CheckTarget& target :
       pipeline::ResolveCheckTargets(args.files, fs, args.input.limits)) {
    DiagnosticSink diags;
    lint::LintedFleet fleet =
        lint::LintFleet(target.path, fs, sources, diags, args.config, args.input.limits, target.as);
    // A fleet that type-checks keeps its `dsc check` warnings to `dsc check`.
    if (!fleet.checked) {
      for (const Diagnostic& d : diags.diagnostics()) check.Append(d);
    }
    for (const Diagnostic& d : fleet.findings) findings.Append(d);
    // A config file that is wrong stops the run: every later fleet would be linted with
    // severities nobody asked for.
    if (!fleet.config_ok) {
      config_ok = false;
      break;
    }
  }
  check.Sort();
  if (args.format == LintFormat::kText) {
    PrintDiagnostics(check, sources, false, args.color);
    std::string text = RenderText(findings, sources, {UseColor(args.color)});
    if (std::string summary = RenderSummary(findings); !summary.empty()) text += "lint: " + summary;
    std::fputs(text.c_str(), stderr);
  } else {
    // One list: why fleets did not check, then the findings.
    DiagnosticSink all = check;
    for (const Diagnostic& d : findings.diagnostics()) all.Append(d);
    std::fputs(args.format == LintFormat::kJson ? RenderJson(all, sources, true).c_str()
                                                : RenderSarif(all, sources).c_str(),
               stdout);
  }
  if (!config_ok) return kExitUsage;
  if (check.has_errors() || findings.has_errors()) return kExitErrors;
  if (args.deny_warnings && findings.warning_count() > 0) return kExitErrors;
  return kExitOk;
}

}  // namespace dsc::driver
