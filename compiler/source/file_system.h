// FileSystem: how the compiler reads files. Passed in (never global) so tests
// can run whole compilations from memory, and so the standard library can be
// served from the binary itself.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace dsc {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The file's bytes, or nullopt with `error` set to a human-readable reason.
  virtual std::optional<std::string> Read(const std::string& path, std::string* error) = 0;
  // A canonical spelling of `path`, used to tell whether two imports name one file.
  virtual std::string Canonical(const std::string& path) = 0;
  // What makes two paths one file, beyond Canonical(): a hard link has a canonical path of
  // its own but is the same file, and importing it twice would declare everything twice.
  virtual std::string Identity(const std::string& path) { return Canonical(path); }
  // The file's size when it can be known without reading it, so that a file over the
  // size limit is refused before it is read into memory.
  virtual std::optional<uint64_t> SizeOf(const std::string& /*path*/) { return std::nullopt; }
  // The directory a fleet's imports must stay in, canonical, or "" when they may come from
  // anywhere this file system reaches. `*why` names it for a diagnostic.
  virtual std::string ImportRoot(const std::string& /*entry_path*/, std::string* /*why*/) {
    return "";
  }
};

// Whether imports may leave the project (`--allow-outside-imports`).
enum class ImportScope { kProject, kAnywhere };

// Reads regular files only: a device, FIFO or socket (`import "/dev/zero"`) would never
// end or would block, so it is refused with an error.
//
// Imports stay in the project: the git work tree holding the entry file, else the entry
// file's directory. A fleet file from someone else's branch is checked in pre-commit
// hooks and CI, and a diagnostic quotes the line it fails on: `import
// "../../.aws/credentials"` must not put that file in a CI log. Canonical() resolves
// symbolic links, so a link inside the project cannot lead out of it either.
class RealFileSystem : public FileSystem {
 public:
  // `project_root`, when not empty, is the project instead of the git work tree (a
  // pre-commit hook checks a staged copy that is no work tree).
  explicit RealFileSystem(ImportScope scope = ImportScope::kProject, std::string project_root = "")
      : scope_(scope), project_root_(std::move(project_root)) {}
  std::optional<std::string> Read(const std::string& path, std::string* error) override;
  std::string Canonical(const std::string& path) override;
  // The device and inode, when the file exists.
  std::string Identity(const std::string& path) override;
  std::optional<uint64_t> SizeOf(const std::string& path) override;
  std::string ImportRoot(const std::string& entry_path, std::string* why) override;
  // The project of a fleet file, canonical, whatever the scope: the root given, else the
  // git work tree holding it, else its directory.
  std::string ProjectRoot(const std::string& entry_path, std::string* why);

 private:
  ImportScope scope_;
  std::string project_root_;
};

// Whether `path` is `root` or below it; both canonical.
bool IsWithin(const std::string& path, const std::string& root);

class InMemoryFileSystem : public FileSystem {
 public:
  void Add(const std::string& path, std::string text) { files_[path] = std::move(text); }
  std::optional<std::string> Read(const std::string& path, std::string* error) override;
  std::string Canonical(const std::string& path) override;

 private:
  std::map<std::string, std::string> files_;
};

// Joins `relative` onto the directory of `from` and normalises `.`/`..`.
std::string JoinRelative(const std::string& from, const std::string& relative);

}  // namespace dsc
