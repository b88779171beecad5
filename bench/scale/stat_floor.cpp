// The floor of an unchanged `dsc build -o DIR`: the fstatat(2) calls alone that find
// every file and directory below DIR/charts untouched (what emit::OutputUpToDate asks of
// each), made from DIR's descriptor as dsc makes them, with nothing else in the process.
//
//   g++ -O2 -std=c++20 bench/scale/stat_floor.cpp -o stat_floor
//   ./stat_floor DIR        # prints the count and the time of the calls
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: stat_floor DIR (a `dsc build -o DIR` output)\n");
    return 2;
  }
  namespace fs = std::filesystem;
  std::vector<std::string> paths;  // relative to DIR, as the marker lists them
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(argv[1]) / "charts"))
    paths.push_back(fs::relative(entry.path(), argv[1]).string());
  int root = ::open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) {
    std::perror(argv[1]);
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  size_t found = 0;
  for (const std::string& path : paths) {
    struct stat info;
    found += ::fstatat(root, path.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0;
  }
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu of %zu entries found by fstatat in %.1f ms\n", found, paths.size(), ms);
  return found == paths.size() ? 0 : 1;
}
