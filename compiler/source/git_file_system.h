// GitFileSystem: the files of one commit of a git repository, read with
// `git cat-file` (no checkout, no working tree, no shell), so a fleet and all
// its imports can be checked as they were at that revision.
//
// Paths look like `REV:/dir/file.ds`: the revision as the user spelled it,
// then the path from the repository's top. Keeping the revision in the path
// makes diagnostics say which version of a file they are about, and imports
// (joined onto the importer's directory) stay inside the revision; a path
// that climbs out of it is reported as outside the repository.
//
// Git itself runs behind GitRunner, passed in: the compiler library starts no
// processes of its own, and tests can run git in a temporary repository.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source/file_system.h"

namespace dsc {

struct GitOutput {
  bool ran = false;  // false: git could not be started (then `out` holds why)
  int exit_status = -1;
  std::string out, err;
};
// Runs `git ARGS…` in the repository and returns its result.
using GitRunner = std::function<GitOutput(const std::vector<std::string>& args)>;

class GitFileSystem : public FileSystem {
 public:
  // Resolves `revision` to a commit once, so every file comes from the same
  // commit even if a branch moves meanwhile. Nullopt with `error` set when git
  // is missing, this is not a repository, or the revision names no commit.
  static std::optional<GitFileSystem> Open(GitRunner git, const std::string& revision,
                                           std::string* error);

  // The path of `repo_path` (from the repository's top, or `./…`/`../…` from
  // the current directory, as `git show REV:path` reads it) in this file
  // system. Nullopt with `error` when it leaves the repository.
  std::optional<std::string> PathOf(const std::string& repo_path, std::string* error);

  std::optional<std::string> Read(const std::string& path, std::string* error) override;
  std::string Canonical(const std::string& path) override;

  const std::string& commit() const { return commit_; }

 private:
  GitFileSystem(GitRunner git, std::string revision, std::string commit)
      : git_(std::move(git)), revision_(std::move(revision)), commit_(std::move(commit)) {}

  GitRunner git_;
  std::string revision_;  // as given, for paths and messages
  std::string commit_;    // full object name
};

// "REV:path" split at the first `:` whose left side is not empty; false when
// `spec` has no such colon.
bool SplitRevisionPath(const std::string& spec, std::string* revision, std::string* path);

}  // namespace dsc
