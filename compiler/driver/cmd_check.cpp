// `dsc check FILE…`: every stage up to the dependency graph, all diagnostics.
#include <cstdio>
#include <cxxopts.hpp>

#include "base/free_at_exit.h"
#include "compiler/check/check.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/fleet_input.h"
#include "compiler/driver/output.h"
#include "compiler/pipeline/check_targets.h"

namespace dsc::driver {

cxxopts::Options CheckOptions() {
  cxxopts::Options options("dsc check", "Type-check fleet files and report every problem.");
  options.custom_help("[OPTIONS]").positional_help("FILE...");
  AddDiagnosticOptions(options);
  options.add_options()("deny-warnings", "exit 1 when there are warnings")(
      "h,help", "show this help")("files", "fleet files",
                                  cxxopts::value<std::vector<std::string>>());
  AddFleetInputOptions(options);
  options.parse_positional({"files"});
  return options;
}

int RunCheck(int argc, char** argv) {
  cxxopts::Options options = CheckOptions();
  DiagnosticOutput output;
  std::vector<std::string> files;
  bool deny_warnings = false;
  FleetInput input;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nExit codes: 0 clean, 1 errors (or warnings with --deny-warnings), 2 bad usage.\n",
          stdout);
      return kExitOk;
    }
    output = ReadDiagnosticOptions(result);
    deny_warnings = result.count("deny-warnings") > 0;
    input = ReadFleetInput(result);
    if (result.count("files")) files = result["files"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc check: %s\n", e.what());
    return kExitUsage;
  }
  if (files.empty()) {
    std::fputs("dsc check: no files given\nUsage: dsc check [OPTIONS] FILE...\n", stderr);
    return kExitUsage;
  }
  SourceManager sources;
  DiagnosticSink diags;
  RealFileSystem fs = input.FileSystem();
  for (const pipeline::CheckTarget& target : pipeline::ResolveCheckTargets(files, fs, input.limits))
    base::Free(check::CheckFleet(target.path, fs, sources, diags, input.limits, target.as));
  PrintDiagnostics(diags, sources, output.json, output.color);
  if (diags.has_errors()) return kExitErrors;
  if (deny_warnings && diags.warning_count() > 0) return kExitErrors;
  return kExitOk;
}

}  // namespace dsc::driver
