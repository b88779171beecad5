#include "compiler/emit/entries_unchanged.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/test_temp_dir.h"

namespace dsc::emit {
namespace {

namespace fs = std::filesystem;

// A tree of `releases` charts laid out as `dsc build` writes them (two directories and
// two files each), listed as OutputUpToDate lists it, each file after its directories.
struct Tree {
  base::testing::TempDir dir;
  std::vector<std::string> paths;  // owned here; entries view them
  std::vector<OutputEntry> entries;
  int fd = -1;
  timespec after_writing{};

  explicit Tree(int releases) {
    paths.reserve(size_t(releases) * 4);
    for (int i = 0; i < releases; ++i) {
      std::string chart = "charts/r" + std::to_string(i);
      dir.Write(chart + "/Chart.yaml", "name: r\n");
      dir.Write(chart + "/templates/manifests.yaml", "kind: ConfigMap\n");
      for (auto [path, directory] : {std::pair{chart, true},
                                     {chart + "/Chart.yaml", false},
                                     {chart + "/templates", true},
                                     {chart + "/templates/manifests.yaml", false}}) {
        paths.push_back(path);
        entries.push_back({paths.back(), directory});
      }
    }
    fd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    // Later than any write above: every entry's mtime is before it.
    ::clock_gettime(CLOCK_REALTIME, &after_writing);
    after_writing.tv_sec += 1;
  }
  ~Tree() { ::close(fd); }

  // Gives `path` an mtime after `after_writing`, as an edit after the build would.
  void Touch(const std::string& path) const {
    timespec times[2] = {after_writing, after_writing};
    times[1].tv_sec += 5;
    REQUIRE(::utimensat(fd, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0);
  }
  // Gives `path` an mtime long before the build, as it was.
  void Untouch(const std::string& path) const {
    timespec times[2] = {{1, 0}, {1, 0}};
    REQUIRE(::utimensat(fd, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0);
  }
  bool Unchanged(unsigned threads) const {
    return EntriesUnchangedSince(fd, entries, after_writing, threads);
  }
};

// One tree for both (10,400 entries: five shares of 2,048 or more, so four threads).
TEST_CASE("EntriesUnchangedSince: an untouched tree is unchanged; an edit anywhere is found") {
  Tree tree(2600);
  REQUIRE(tree.fd >= 0);
  for (unsigned threads : {0u, 1u, 2u, 4u}) CHECK(tree.Unchanged(threads));
  CHECK(EntriesUnchangedSince(tree.fd, {}, tree.after_writing, 2));
  // The first and last entries, and those on either side of each share's bounds for two
  // and four threads (10,400 / 2, 10,400 / 4 ...): whichever thread checks it.
  for (size_t at : {size_t(0), size_t(2599), size_t(2600), size_t(5199), size_t(5200), size_t(7799),
                    size_t(7800), tree.entries.size() - 1}) {
    CAPTURE(at);
    tree.Touch(tree.paths[at]);
    for (unsigned threads : {1u, 2u, 4u}) {
      CAPTURE(threads);
      CHECK_FALSE(tree.Unchanged(threads));
    }
    tree.Untouch(tree.paths[at]);
    CHECK(tree.Unchanged(4));
  }
}

TEST_CASE("EntriesUnchangedSince: missing, retyped and linked entries are changes") {
  Tree tree(3);
  REQUIRE(tree.fd >= 0);
  REQUIRE(tree.Unchanged(1));
  const std::string root = tree.dir.path() + "/";
  SUBCASE("a file removed") { fs::remove(root + "charts/r1/Chart.yaml"); }
  SUBCASE("a file replaced by a directory") {
    fs::remove(root + "charts/r2/templates/manifests.yaml");
    fs::create_directory(root + "charts/r2/templates/manifests.yaml");
  }
  SUBCASE("a directory replaced by a file") {
    fs::remove_all(root + "charts/r0/templates");
    tree.dir.Write("charts/r0/templates", "x\n");
  }
  SUBCASE("a file replaced by a symbolic link to a file") {
    fs::remove(root + "charts/r1/Chart.yaml");
    fs::create_symlink(root + "charts/r0/Chart.yaml", root + "charts/r1/Chart.yaml");
  }
  // Whatever the change did to mtimes, the entry's own state decides: set it back.
  for (const std::string& path : tree.paths) {
    if (fs::symlink_status(root + path).type() != fs::file_type::not_found) tree.Untouch(path);
  }
  CHECK_FALSE(tree.Unchanged(1));
}

TEST_CASE("EntriesUnchangedSince: a path longer than PATH_MAX is not unchanged") {
  Tree tree(1);
  REQUIRE(tree.fd >= 0);
  std::string long_path(5000, 'a');
  std::vector<OutputEntry> entries = {{long_path, false}};
  CHECK_FALSE(EntriesUnchangedSince(tree.fd, entries, tree.after_writing, 1));
}

}  // namespace
}  // namespace dsc::emit
