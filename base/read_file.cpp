#include "base/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dsc::base {

bool ReadFileBytes(const std::string& path, std::string* out, int* error_number) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error_number = errno;
    return false;
  }
  std::string data;
  // One allocation and one read for a regular file (a fleet file may be megabytes).
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) data.reserve(size_t(info.st_size));
  char buffer[65536];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error_number = errno;
      ::close(fd);
      return false;
    }
    data.append(buffer, size_t(n));
  }
  ::close(fd);
  *out = std::move(data);
  return true;
}

bool ReadFileToString(const std::string& path, std::string* out, std::string* error) {
  int error_number = 0;
  if (ReadFileBytes(path, out, &error_number)) return true;
  *error = "cannot read " + path + ": " + std::strerror(error_number);
  return false;
}

bool PathIsMissing(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) != 0 && errno == ENOENT;
}

std::string ResolveAgainst(const std::string& base_file, const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  auto slash = base_file.rfind('/');
  if (slash == std::string::npos) return path;
  return base_file.substr(0, slash + 1) + path;
}

}  // namespace dsc::base
