#include "compiler/driver/fleet_input.h"

#include <string>

namespace dsc::driver {

void AddFleetInputOptions(cxxopts::Options& options) {
  const InputLimits defaults;
  options.add_options("Fleet input")(
      "allow-outside-imports",
      "let imports leave the project (the git work tree of the fleet file)")(
      "project-root",
      "the project's directory: imports stay in it, and the fleets that import a file without "
      "a `fleet` header are found in it (default: the git work tree of the file)",
      cxxopts::value<std::string>())(
      "max-file-bytes", "refuse source files larger than this",
      cxxopts::value<uint32_t>()->default_value(std::to_string(defaults.max_file_bytes)))(
      "max-import-depth", "refuse imports nested deeper than this",
      cxxopts::value<uint32_t>()->default_value(std::to_string(defaults.max_import_depth)))(
      "max-files", "refuse fleets that import more files than this",
      cxxopts::value<uint32_t>()->default_value(std::to_string(defaults.max_files)))(
      "max-entities", "refuse fleets with more services, infra and forks than this",
      cxxopts::value<uint32_t>()->default_value(std::to_string(defaults.max_entities)))(
      "max-evaluated-bytes", "refuse fleets whose values add up to more bytes than this",
      cxxopts::value<uint64_t>()->default_value(std::to_string(defaults.max_evaluated_bytes)));
}

FleetInput ReadFleetInput(const cxxopts::ParseResult& result) {
  FleetInput input;
  if (result.count("allow-outside-imports")) input.import_scope = ImportScope::kAnywhere;
  if (result.count("project-root")) input.project_root = result["project-root"].as<std::string>();
  input.limits.max_file_bytes = result["max-file-bytes"].as<uint32_t>();
  input.limits.max_import_depth = result["max-import-depth"].as<uint32_t>();
  input.limits.max_files = result["max-files"].as<uint32_t>();
  input.limits.max_entities = result["max-entities"].as<uint32_t>();
  input.limits.max_evaluated_bytes = result["max-evaluated-bytes"].as<uint64_t>();
  return input;
}

}  // namespace dsc::driver
