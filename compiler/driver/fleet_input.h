// The options of every command that reads a fleet file (check, build, lint, graph, route,
// diff, apply, status, watch, destroy): one group, defined once, so a diagnostic that says
// "pass --max-entities" is right whichever command printed it.
//   --allow-outside-imports   imports may leave the project root (RealFileSystem says why
//                             they may not by default)
//   --project-root DIR        the project (default: the git work tree of the fleet file)
//   --max-file-bytes, --max-import-depth, --max-files, --max-entities,
//   --max-evaluated-bytes     the InputLimits (compiler/source/input_limits.h)
#pragma once

#include <cxxopts.hpp>

#include "compiler/source/file_system.h"
#include "compiler/source/input_limits.h"

namespace dsc::driver {

struct FleetInput {
  ImportScope import_scope = ImportScope::kProject;
  std::string project_root;  // --project-root; "" for the git work tree
  InputLimits limits;

  RealFileSystem FileSystem() const { return RealFileSystem(import_scope, project_root); }
};

void AddFleetInputOptions(cxxopts::Options& options);
// Throws cxxopts' exception on a value that is not a number.
FleetInput ReadFleetInput(const cxxopts::ParseResult& result);

}  // namespace dsc::driver
