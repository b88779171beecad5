// `dsc check FILE…`: every stage up to the dependency graph, all diagnostics.
#include <cstdio>
#include <cxxopts.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/compile.h"
#include "compiler/driver/import_scope.h"
#include "compiler/driver/output.h"

namespace dsc::driver {

cxxopts::Options CheckOptions() {
  cxxopts::Options options("dsc check", "Type-check fleet files and report every problem.");
  options.custom_help("[OPTIONS]").positional_help("FILE...");
  AddDiagnosticOptions(options);
  options.add_options()("deny-warnings", "exit 1 when there are warnings")(
      "max-file-bytes", "refuse source files larger than this",
      cxxopts::value<uint32_t>()->default_value(std::to_string(InputLimits{}.max_file_bytes)))(
      "max-import-depth", "refuse imports nested deeper than this",
      cxxopts::value<uint32_t>()->default_value(std::to_string(InputLimits{}.max_import_depth)))(
      "max-files", "refuse fleets that import more files than this",
      cxxopts::value<uint32_t>()->default_value(std::to_string(InputLimits{}.max_files)))(
      "max-entities", "refuse fleets with more services, infra and forks than this",
      cxxopts::value<uint32_t>()->default_value(std::to_string(InputLimits{}.max_entities)))(
      "max-evaluated-bytes", "refuse fleets whose values add up to more bytes than this",
      cxxopts::value<uint64_t>()->default_value(std::to_string(InputLimits{}.max_evaluated_bytes)))(
      "h,help", "show this help")("files", "fleet files",
                                  cxxopts::value<std::vector<std::string>>());
  AddImportScopeOption(options);
  options.parse_positional({"files"});
  return options;
}

int RunCheck(int argc, char** argv) {
  cxxopts::Options options = CheckOptions();
  DiagnosticOutput output;
  std::vector<std::string> files;
  bool deny_warnings = false;
  InputLimits limits;
  ImportScope scope = ImportScope::kProject;
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
    limits.max_file_bytes = result["max-file-bytes"].as<uint32_t>();
    limits.max_import_depth = result["max-import-depth"].as<uint32_t>();
    limits.max_files = result["max-files"].as<uint32_t>();
    limits.max_entities = result["max-entities"].as<uint32_t>();
    limits.max_evaluated_bytes = result["max-evaluated-bytes"].as<uint64_t>();
    scope = ReadImportScope(result);
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
  RealFileSystem fs(scope);
  for (const std::string& file : files) CheckFleet(file, fs, sources, diags, limits);
  PrintDiagnostics(diags, sources, output.json, output.color);
  if (diags.has_errors()) return kExitErrors;
  if (deny_warnings && diags.warning_count() > 0) return kExitErrors;
  return kExitOk;
}

}  // namespace dsc::driver
