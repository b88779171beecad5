// One side of `dsc diff`: what the user named, turned into a build tree.
//
//   a directory       a build written by `dsc build` (blueprint.json, charts/…)
//   a file            a fleet file, checked and built in memory (nothing written)
//   REV:path          a fleet file as it is in a git revision, imports included,
//                     read with `git cat-file` (no checkout)
//
// An existing file or directory wins over the REV:path reading, as in git.
#pragma once

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/diff/manifest_objects.h"
#include "compiler/emit/emit.h"
#include "compiler/source/git_file_system.h"
#include "compiler/source/input_limits.h"
#include "compiler/source/source_file.h"

namespace dsc::diff {

struct SideOptions {
  emit::EmitOptions emit;  // for fleet files: --feature, --traefik
  GitRunner git;           // for REV:path
  // For fleet files on disk (a git revision's imports cannot leave its tree).
  ImportScope import_scope = ImportScope::kProject;
  InputLimits limits = {};        // for every fleet file
  std::string project_root = {};  // --project-root, for fleet files on disk
};

struct Side {
  enum class Kind { kBuildDirectory, kFleetFile, kGitRevision } kind = Kind::kFleetFile;
  std::string label;  // as given on the command line
  Tree tree;
  DiagnosticSink diags;  // a fleet file's diagnostics, to print when it has errors
};

enum class LoadResult {
  kOk,
  kUnreadable,   // no such file, unknown revision, not a build directory: `error` says why
  kFleetErrors,  // the fleet has errors: they are in `side->diags`
};

// Fleet files are read into `sources` (shared by both sides, so their
// diagnostics can be printed together).
LoadResult LoadSide(const std::string& spec, const SideOptions& options, SourceManager& sources,
                    Side* side, std::string* error);

}  // namespace dsc::diff
