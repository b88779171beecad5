// repository_fleet_files.h: the text of every fleet file in the repository (examples,
// the standard library, the golden cases' inputs, the fuzz corpus), for the tests that
// hold two readers of the language to the same answer. Header-only.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace dsc::testing {

// (path, text) of each `.ds` under the repository's directories that hold fleet files.
inline std::vector<std::pair<std::string, std::string>> RepositoryFleetFiles() {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> files;
  for (const char* dir : {"examples", "stdlib", "tests/golden", "tests/fuzz"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(DSC_SOURCE_DIR) / dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".ds") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      files.emplace_back(entry.path().string(), text.str());
    }
  }
  return files;
}

}  // namespace dsc::testing
