#include "compiler/diff/side.h"

#include <filesystem>

#include "compiler/pipeline/build_fleet.h"
#include "runtime/apply/blueprint.h"

namespace dsc::diff {
namespace {

// Checks and builds the fleet at `path` of `fs` into the side's tree.
LoadResult BuildFleet(const std::string& path, FileSystem& fs, const SideOptions& options,
                      SourceManager& sources, Side* side) {
  return pipeline::BuildFleet(path, fs, sources, side->diags, options.limits, options.emit,
                              &side->tree)
             ? LoadResult::kOk
             : LoadResult::kFleetErrors;
}

LoadResult LoadRevision(const std::string& revision, const std::string& repo_path,
                        const SideOptions& options, SourceManager& sources, Side* side,
                        std::string* error) {
  side->kind = Side::Kind::kGitRevision;
  if (!options.git) {
    *error = "reading git revisions is not available here";
    return LoadResult::kUnreadable;
  }
  std::optional<GitFileSystem> fs = GitFileSystem::Open(options.git, revision, error);
  if (!fs) return LoadResult::kUnreadable;
  std::optional<std::string> path = fs->PathOf(repo_path, error);
  if (!path) return LoadResult::kUnreadable;
  // The fleet file itself must exist there: that is a usage error (a wrong
  // path or revision), unlike a missing import, which is a fleet error.
  std::string read_error;
  if (!fs->Read(*path, &read_error)) {
    *error = read_error == "is a directory"
                 ? "`" + repo_path + "` is a directory in `" + revision +
                       "`: give the fleet file (a build directory is read from disk only)"
                 : "`" + repo_path + "`: " + read_error;
    return LoadResult::kUnreadable;
  }
  return BuildFleet(*path, *fs, options, sources, side);
}

LoadResult LoadBuildDirectory(const std::string& dir, Side* side, std::string* error) {
  side->kind = Side::Kind::kBuildDirectory;
  if (!runtime::ReadBuildDirectory(dir, &side->tree, error)) return LoadResult::kUnreadable;
  if (!side->tree.count("blueprint.json")) {
    *error =
        "no blueprint.json: not a directory written by `dsc build` (give the fleet "
        "file, or build it first)";
    return LoadResult::kUnreadable;
  }
  return LoadResult::kOk;
}

}  // namespace

LoadResult LoadSide(const std::string& spec, const SideOptions& options, SourceManager& sources,
                    Side* side, std::string* error) {
  side->label = spec;
  std::error_code ec;
  auto status = std::filesystem::status(spec, ec);
  if (!ec && std::filesystem::is_directory(status)) return LoadBuildDirectory(spec, side, error);
  // `DIR/blueprint.json` names the build it belongs to.
  if (!ec && std::filesystem::is_regular_file(status) &&
      std::filesystem::path(spec).filename() == "blueprint.json") {
    std::string dir = std::filesystem::path(spec).parent_path().string();
    return LoadBuildDirectory(dir.empty() ? "." : dir, side, error);
  }
  if (!ec && std::filesystem::exists(status)) {
    side->kind = Side::Kind::kFleetFile;
    RealFileSystem fs(options.import_scope, options.project_root);
    return BuildFleet(spec, fs, options, sources, side);
  }
  std::string revision, repo_path;
  if (SplitRevisionPath(spec, &revision, &repo_path))
    return LoadRevision(revision, repo_path, options, sources, side, error);
  *error = "no such file or directory (and not a `REV:path`)";
  return LoadResult::kUnreadable;
}

}  // namespace dsc::diff
