#include "compiler/source/file_system.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/read_file.h"

namespace dsc {

std::optional<std::string> RealFileSystem::Read(const std::string& path, std::string* error) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::is_directory(status)) {
    *error = "is a directory";
    return std::nullopt;
  }
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    *error = "is not a regular file (a device, FIFO or socket)";
    return std::nullopt;
  }
  std::string text;
  int error_number = 0;
  if (!base::ReadFileBytes(path, &text, &error_number)) {
    // strerror's "No such file…" lowercased, to read as part of our message.
    *error = std::strerror(error_number);
    if (!error->empty()) (*error)[0] = static_cast<char>(std::tolower((*error)[0]));
    return std::nullopt;
  }
  return text;
}

std::string RealFileSystem::Canonical(const std::string& path) {
  // Absolute first: weakly_canonical resolves links only in the part of the path that
  // exists, and of a relative path whose first part does not exist, none would be.
  std::error_code ec;
  auto absolute = std::filesystem::absolute(path, ec);
  if (ec) return std::filesystem::path(path).lexically_normal().string();
  auto canonical = std::filesystem::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal().string() : canonical.string();
}

std::string RealFileSystem::Identity(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return Canonical(path);
  return fmt::format("inode {}:{}", static_cast<uint64_t>(info.st_dev),
                     static_cast<uint64_t>(info.st_ino));
}

std::optional<uint64_t> RealFileSystem::SizeOf(const std::string& path) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  return size;
}

std::string RealFileSystem::ImportRoot(const std::string& entry_path, std::string* why) {
  if (scope_ == ImportScope::kAnywhere) return "";
  return ProjectRoot(entry_path, why);
}

std::string RealFileSystem::ProjectRoot(const std::string& entry_path, std::string* why) {
  namespace fs = std::filesystem;
  if (!project_root_.empty()) {
    *why = "`" + project_root_ + "`, given by --project-root";
    return Canonical(project_root_);
  }
  fs::path dir = fs::path(Canonical(entry_path)).parent_path();
  std::error_code ec;
  for (fs::path at = dir; !at.empty(); at = at.parent_path()) {
    // `.git` is a directory in a clone, a file in a worktree or submodule.
    if (fs::exists(at / ".git", ec)) {
      *why = "the git work tree holding `" + entry_path + "`";
      return at.string();
    }
    if (at == at.root_path()) break;
  }
  *why = "the directory of `" + entry_path + "`, which is in no git work tree";
  return dir.string();
}

bool IsWithin(const std::string& path, const std::string& root) {
  if (path.compare(0, root.size(), root) != 0) return false;
  return path.size() == root.size() || path[root.size()] == '/' || root.back() == '/';
}

std::optional<std::string> InMemoryFileSystem::Read(const std::string& path, std::string* error) {
  auto it = files_.find(Canonical(path));
  if (it == files_.end()) {
    *error = "no such file or directory";
    return std::nullopt;
  }
  return it->second;
}

std::string InMemoryFileSystem::Canonical(const std::string& path) {
  return std::filesystem::path(path).lexically_normal().string();
}

std::string JoinRelative(const std::string& from, const std::string& relative) {
  std::filesystem::path base = std::filesystem::path(from).parent_path();
  return (base / relative).lexically_normal().string();
}

}  // namespace dsc
