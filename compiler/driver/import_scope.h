// `--allow-outside-imports`, taken by every command that reads a fleet file: lets
// imports leave the project root (RealFileSystem says why they may not by default).
#pragma once

#include <cxxopts.hpp>

#include "compiler/source/file_system.h"

namespace dsc::driver {

void AddImportScopeOption(cxxopts::Options& options);
ImportScope ReadImportScope(const cxxopts::ParseResult& result);

}  // namespace dsc::driver
