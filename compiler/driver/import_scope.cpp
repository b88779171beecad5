#include "compiler/driver/import_scope.h"

namespace dsc::driver {

void AddImportScopeOption(cxxopts::Options& options) {
  options.add_options()("allow-outside-imports",
                        "let imports leave the project (the git work tree of the fleet file)");
}

ImportScope ReadImportScope(const cxxopts::ParseResult& result) {
  return result.count("allow-outside-imports") ? ImportScope::kAnywhere : ImportScope::kProject;
}

}  // namespace dsc::driver
