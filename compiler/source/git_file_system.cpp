#include "compiler/source/git_file_system.h"

#include <filesystem>

namespace dsc {
namespace {

// Git's first stderr line, or a fallback, to quote in a message.
std::string FirstLine(const std::string& text, const std::string& fallback) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? fallback : line;
}

std::string Normal(const std::string& path) {
  std::string normal = std::filesystem::path(path).lexically_normal().generic_string();
  return normal == "." ? "" : normal;
}

bool LeavesRoot(const std::string& normal) { return normal == ".." || normal.starts_with("../"); }

}  // namespace

bool SplitRevisionPath(const std::string& spec, std::string* revision, std::string* path) {
  size_t colon = spec.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  *revision = spec.substr(0, colon);
  *path = spec.substr(colon + 1);
  return true;
}

std::optional<GitFileSystem> GitFileSystem::Open(GitRunner git, const std::string& revision,
                                                 std::string* error) {
  // A leading `-` would reach git as an option.
  if (revision.empty() || revision[0] == '-') {
    *error = "`" + revision + "` is not a revision";
    return std::nullopt;
  }
  GitOutput top = git({"rev-parse", "--show-toplevel"});
  if (!top.ran) {
    *error = "cannot run git: " + top.out;
    return std::nullopt;
  }
  if (top.exit_status != 0) {
    *error = "not in a git repository (" + FirstLine(top.err, "git rev-parse failed") + ")";
    return std::nullopt;
  }
  GitOutput commit = git({"rev-parse", "--verify", "--quiet", revision + "^{commit}"});
  if (commit.exit_status != 0 || commit.out.empty()) {
    *error = "unknown revision `" + revision + "`";
    return std::nullopt;
  }
  std::string id = commit.out.substr(0, commit.out.find('\n'));
  return GitFileSystem(std::move(git), revision, id);
}

std::optional<std::string> GitFileSystem::PathOf(const std::string& repo_path, std::string* error) {
  std::string path = repo_path;
  // As in `git show REV:./file`: `./` and `../` start from the current
  // directory, anything else from the top of the repository.
  if (path == "." || path == ".." || path.starts_with("./") || path.starts_with("../")) {
    GitOutput prefix = git_({"rev-parse", "--show-prefix"});
    if (!prefix.ran || prefix.exit_status != 0) {
      *error = "cannot find the current directory in the repository";
      return std::nullopt;
    }
    path = prefix.out.substr(0, prefix.out.find('\n')) + path;
  }
  while (path.starts_with("/")) path.erase(0, 1);
  std::string normal = Normal(path);
  if (LeavesRoot(normal)) {
    *error = "`" + repo_path + "` is outside the repository";
    return std::nullopt;
  }
  return revision_ + ":/" + normal;
}

std::optional<std::string> GitFileSystem::Read(const std::string& path, std::string* error) {
  std::string prefix = revision_ + ":/";
  std::string canonical = Canonical(path);
  if (!canonical.starts_with(prefix)) {
    *error = "outside the repository at `" + revision_ + "`";
    return std::nullopt;
  }
  std::string relative = canonical.substr(prefix.size());
  if (relative.empty()) {
    *error = "is a directory";
    return std::nullopt;
  }
  if (LeavesRoot(relative)) {
    *error = "outside the repository at `" + revision_ + "`";
    return std::nullopt;
  }
  std::string object = commit_ + ":" + relative;
  GitOutput blob = git_({"cat-file", "blob", object});
  if (blob.ran && blob.exit_status == 0) return std::move(blob.out);
  if (!blob.ran) {
    *error = "cannot run git: " + blob.out;
    return std::nullopt;
  }
  // Why it failed, in the words `RealFileSystem` would use.
  GitOutput type = git_({"cat-file", "-t", object});
  std::string what = type.out.substr(0, type.out.find('\n'));
  if (type.exit_status == 0 && what == "tree") {
    *error = "is a directory";
  } else if (type.exit_status == 0) {
    *error = "is a " + what + ", not a file";
  } else {
    *error = "no such file in revision `" + revision_ + "`";
  }
  return std::nullopt;
}

std::string GitFileSystem::Canonical(const std::string& path) {
  return std::filesystem::path(path).lexically_normal().generic_string();
}

}  // namespace dsc
