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
  // A regular file is read straight into a string of its size (a fleet file may be
  // megabytes: through a buffer, it was copied twice); anything else, or a file that
  // grew meanwhile, through the buffer.
  size_t size = 0;
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) data.resize(size_t(info.st_size));
  char buffer[65536];
  while (true) {
    bool into_data = size < data.size();
    char* at = into_data ? data.data() + size : buffer;
    size_t room = into_data ? data.size() - size : sizeof buffer;
    ssize_t n = ::read(fd, at, room);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error_number = errno;
      ::close(fd);
      return false;
    }
    if (into_data) {
      size += size_t(n);
    } else {  // past the string's size: size == data.size() here
      data.append(buffer, size_t(n));
      size = data.size();
    }
  }
  data.resize(size);  // a file that shrank meanwhile
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
