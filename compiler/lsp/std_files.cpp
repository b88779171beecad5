#include "compiler/lsp/std_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dsc::lsp {
namespace {

std::string CacheRoot() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && xdg[0] == '/') return std::string(xdg) + "/dsc/" DSC_VERSION;
  const char* home = std::getenv("HOME");
  if (home && home[0] == '/') return std::string(home) + "/.cache/dsc/" DSC_VERSION;
  return "";
}

}  // namespace

std::string StdFilePath(const std::string& module_path, std::string_view text) {
  std::string root = CacheRoot();
  if (root.empty() || !module_path.starts_with("std/") ||
      module_path.find("..") != std::string::npos)
    return "";
  std::filesystem::path path = std::filesystem::path(root) / module_path;
  std::ifstream existing(path, std::ios::binary);
  if (existing) {
    std::ostringstream have;
    have << existing.rdbuf();
    if (have.str() == text) return path.string();
  }
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return "";
  // Write beside it and rename over it: an editor never sees half a file.
  std::filesystem::path temp = path;
  temp += ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) return "";
  }
  chmod(temp.c_str(), 0444);
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    return "";
  }
  return path.string();
}

bool IsStdFilePath(const std::string& path) {
  std::string root = CacheRoot();
  return !root.empty() && path.starts_with(root + "/std/");
}

}  // namespace dsc::lsp
