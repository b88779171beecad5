// The file-system floor of bench/scale/scale_bench.sh: writes exactly the files that
// `dsc build FLEET -o DIR` wrote (same paths, same bytes), taken from a pack of dsc's
// own output directory, so nothing is computed: what is left is creating directories
// and files and writing their bytes, the least any build into a directory must spend.
//
//   ./fs_floor PACK OUTDIR      # OUTDIR must not exist
//
// PACK is written by `scale_tools.py pack` (untimed): per entry, 'D' or 'F', a u32 path
// length, the relative path, and for a file a u64 size and its bytes; directories come
// before their contents. The pack is mapped, not read, so the floor pays no copy of it.
// No fsync, no staging directory: dsc does neither fsync nor more than one rename.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

[[noreturn]] void die(const char* what, const std::string& path) {
  std::fprintf(stderr, "fs_floor: %s %s: %s\n", what, path.c_str(), std::strerror(errno));
  std::exit(1);
}

template <typename T>
T take(const char*& p, const char* end) {
  T v;
  if (static_cast<size_t>(end - p) < sizeof v) {
    std::fprintf(stderr, "fs_floor: truncated pack\n");
    std::exit(1);
  }
  std::memcpy(&v, p, sizeof v);
  p += sizeof v;
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fs_floor PACK OUTDIR\n");
    return 2;
  }
  int fd = ::open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) die("open", argv[1]);
  struct stat st;
  if (::fstat(fd, &st) != 0) die("stat", argv[1]);
  const char* p = static_cast<const char*>(::mmap(nullptr, static_cast<size_t>(st.st_size),
                                                  PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0));
  if (p == MAP_FAILED) die("mmap", argv[1]);
  const char* end = p + st.st_size;

  std::string path = argv[2];
  if (::mkdir(path.c_str(), 0777) != 0) die("mkdir", path);
  path += '/';
  const size_t base = path.size();
  while (p < end) {
    char kind = take<char>(p, end);
    uint32_t len = take<uint32_t>(p, end);
    path.resize(base);
    path.append(p, len);
    p += len;
    if (kind == 'D') {
      if (::mkdir(path.c_str(), 0777) != 0) die("mkdir", path);
      continue;
    }
    uint64_t size = take<uint64_t>(p, end);
    int out = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out < 0) die("open", path);
    while (size > 0) {
      ssize_t w = ::write(out, p, size);
      if (w < 0) die("write", path);
      p += w;
      size -= static_cast<uint64_t>(w);
    }
    if (::close(out) != 0) die("close", path);
  }
  return 0;
}
