// What `dsc check FILE…` and `dsc lint FILE…` check for each FILE, so that they work on
// any file of a project, as pre-commit hooks hand them:
//   a fleet file (one with a `fleet` header)  its fleet;
//   a file without one (a team's member file) every fleet of the project that deploys it,
//                                             found by loading the project's fleet files;
//   a file no fleet deploys (a library of kinds, a file not imported yet) on its own
//                                             (sema::AnalyzeAs::kModule).
// A fleet reached from several FILEs is checked once.
#pragma once

#include <string>
#include <vector>

#include "compiler/sema/analyze.h"
#include "compiler/source/file_system.h"
#include "compiler/source/input_limits.h"

namespace dsc::pipeline {

struct CheckTarget {
  std::string path;
  sema::AnalyzeAs as = sema::AnalyzeAs::kFleet;
};

std::vector<CheckTarget> ResolveCheckTargets(const std::vector<std::string>& files,
                                             RealFileSystem& fs, const InputLimits& limits);

// The fleet files under the project root of `path` whose fleets deploy `path`, sorted.
std::vector<std::string> FleetsDeploying(const std::string& path, RealFileSystem& fs,
                                         const InputLimits& limits);

}  // namespace dsc::pipeline
