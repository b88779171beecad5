// golden_file.h: comparing a command's output with a reviewed expected file, shared
// by the golden tests. Header-only.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"

namespace dsc::testing {

inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Where `actual` first departs from `expected`, as a short readable report.
inline std::string DescribeDifference(const std::string& expected, const std::string& actual) {
  const auto want = SplitLines(expected);
  const auto got = SplitLines(actual);
  size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
  std::ostringstream out;
  out << "first difference at line " << i + 1 << " of the expected file\n";
  out << "  expected: " << (i < want.size() ? want[i] : "<end of file>") << "\n";
  out << "  actual:   " << (i < got.size() ? got[i] : "<end of output>") << "\n";
  if (i == want.size() && i == got.size()) out << "  (the texts differ in a final newline)\n";
  out << "full actual output:\n" << Head(actual);
  return out.str();
}

// DSC_UPDATE_GOLDEN=1: rewrite expected files instead of comparing (review the diff).
inline bool UpdateRequested() {
  const char* value = std::getenv("DSC_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

// Compares `actual` with the expected file `expected` (relative to the source dir), or
// with DSC_UPDATE_GOLDEN=1 rewrites it, adding it to `rewritten`.
inline void CheckGolden(const std::string& expected, const std::string& actual,
                        std::vector<std::string>* rewritten) {
  const std::filesystem::path path = std::filesystem::path(kSourceDir) / expected;
  const bool exists = std::filesystem::exists(path);
  const std::string want = exists ? ReadFile(path) : "";
  if (UpdateRequested()) {
    if (!exists || want != actual) {
      CHECK(WriteFile(path, actual));
      rewritten->push_back(expected);
    }
    return;
  }
  if (!exists) {
    FAIL_CHECK("missing " << expected << " (create it with DSC_UPDATE_GOLDEN=1); actual output:\n"
                          << Head(actual));
  } else if (want != actual) {
    FAIL_CHECK(expected << " does not match:\n" << DescribeDifference(want, actual));
  }
}

inline void ReportRewritten(const std::vector<std::string>& rewritten, size_t total) {
  if (!UpdateRequested()) return;
  std::cout << "DSC_UPDATE_GOLDEN: " << rewritten.size() << " of " << total
            << " golden files rewritten\n";
  for (const auto& path : rewritten) std::cout << "  updated " << path << "\n";
}

}  // namespace dsc::testing
