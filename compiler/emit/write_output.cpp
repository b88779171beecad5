#include "compiler/emit/write_output.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "base/read_file.h"
#include "base/sha256.h"
#include "compiler/emit/entries_unchanged.h"

namespace dsc::emit {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarkerHeader =
    "# Written by `dsc build`. dsc replaces this directory on each build and refuses to\n"
    "# when it holds files not listed below. Do not edit files here: they are generated.\n"
    "# Each line is `sha256  path`, as sha256sum writes: `sha256sum -c .dsc-build` checks.\n";

// What the previous build's marker says: each file's content hash (empty in a marker
// written before dsc recorded them), and when the marker was written, after every file.
struct PreviousBuild {
  std::unordered_map<std::string, std::string> hash_of;
  InputRecord inputs;  // what it was built from; empty keys: not recorded
  timespec written{};
};

// The marker's lines about the inputs (comments to sha256sum -c).
constexpr std::string_view kInputsLine = "# inputs: ";
constexpr std::string_view kReadsKeyLine = "# reads: ";
constexpr std::string_view kReadLine = "# read: ";
constexpr std::string_view kFleetLine = "# fleet: ";

// The marker's text, read whole, and when it was written.
struct MarkerFile {
  std::string text;
  timespec written{};
};

std::optional<MarkerFile> ReadMarkerFile(const fs::path& dir) {
  fs::path path = dir / kOutputMarker;
  MarkerFile marker;
  int error = 0;
  struct stat info;
  if (::stat(path.c_str(), &info) != 0 || !base::ReadFileBytes(path, &marker.text, &error))
    return std::nullopt;
  marker.written = info.st_mtim;
  return marker;
}

// Calls `on_file(path, hash)` for each file the marker lists (`hash` is empty in a
// marker written before dsc recorded hashes) and returns what it says of the inputs.
template <typename OnFile>
InputRecord ParseMarker(std::string_view text, OnFile on_file) {
  InputRecord inputs;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.starts_with(kInputsLine)) inputs.key = line.substr(kInputsLine.size());
    if (line.starts_with(kReadsKeyLine)) inputs.reads_key = line.substr(kReadsKeyLine.size());
    if (line.starts_with(kReadLine)) inputs.read_paths.emplace_back(line.substr(kReadLine.size()));
    if (line.starts_with(kFleetLine)) inputs.fleet = line.substr(kFleetLine.size());
    if (line.empty() || line[0] == '#') continue;
    // `<64 hex>  <path>`; a bare path in an older marker.
    if (line.size() > 66 && line.substr(64, 2) == "  ") {
      on_file(line.substr(66), line.substr(0, 64));
    } else {
      on_file(line, std::string_view());
    }
  }
  return inputs;
}

std::optional<PreviousBuild> ReadMarker(const fs::path& dir) {
  std::optional<MarkerFile> marker = ReadMarkerFile(dir);
  if (!marker) return std::nullopt;
  PreviousBuild previous;
  previous.written = marker->written;
  previous.inputs = ParseMarker(marker->text, [&](std::string_view path, std::string_view hash) {
    previous.hash_of[std::string(path)] = std::string(hash);
  });
  return previous;
}

// The marker's text: the header, the inputs, then `sha256  path` for each file.
std::string Marker(const OutputTree& tree, const std::vector<std::string>& hashes,
                   const InputRecord& inputs) {
  std::string marker = kMarkerHeader;
  if (!inputs.key.empty()) marker += std::string(kInputsLine) + inputs.key + "\n";
  // A path with a line end in it cannot be listed: such a build is checked again.
  bool listable = std::none_of(
      inputs.read_paths.begin(), inputs.read_paths.end(),
      [](const std::string& path) { return path.find_first_of("\r\n") != std::string::npos; });
  if (!inputs.key.empty() && !inputs.reads_key.empty() && listable) {
    marker += std::string(kReadsKeyLine) + inputs.reads_key + "\n";
    marker += std::string(kFleetLine) + inputs.fleet + "\n";
    for (const std::string& path : inputs.read_paths)
      marker += std::string(kReadLine) + path + "\n";
  }
  size_t i = 0;
  for (const auto& [path, content] : tree) marker += hashes[i++] + "  " + path + "\n";
  return marker;
}

// A file of the previous build as it is on disk now.
struct OnDisk {
  uint64_t size = 0;
  timespec modified{};
};

// File timestamps come from the kernel's coarse clock (a tick of 1-10 ms), or from the
// precise clock for an inode whose times were just read (multigrain timestamps, Linux
// 6.13). Either is at most the precise time now; once the coarse clock has passed that,
// the marker written next is strictly newer than every file and directory written
// before it, and anything changed after the build, even within its tick, is not older.
void WaitForNextTick() {
  timespec done, now;
  ::clock_gettime(CLOCK_REALTIME, &done);
  do {
    timespec pause = {0, 200'000};
    ::nanosleep(&pause, nullptr);
    ::clock_gettime(CLOCK_REALTIME_COARSE, &now);
  } while (!TimeBefore(done, now));
}

// What DevSpace keeps beside devspace.yaml (`devspace dev` run in the output
// directory): carried over into each new output rather than refused or lost.
constexpr const char* kDevspaceState = ".devspace";

// Adds to `dirs` every directory above the relative path `file` ("a/b/c" -> "a/b", "a"),
// calling `on_added` with each one not there before, deepest first.
template <typename Set, typename OnAdded = void (*)(std::string_view)>
void AddParentDirs(
    std::string_view file, Set& dirs, OnAdded on_added = [](std::string_view) {}) {
  for (size_t slash = file.rfind('/'); slash != std::string_view::npos && slash > 0;
       slash = file.rfind('/', slash - 1)) {
    std::string_view parent = file.substr(0, slash);
    if (!dirs.emplace(parent).second) break;  // and its parents are in
    on_added(parent);
  }
}

// Entries under `dir` that dsc did not write, as relative paths: files not in
// the marker's list, symlinks, and directories that hold none of dsc's files
// (listed once, not their contents). The files that are dsc's go to `ours_on_disk`.
// POSIX calls relative to each directory's descriptor: a build of 10,000 releases has
// 60,000 entries, and std::filesystem's path arithmetic per entry cost more than the
// system calls.
std::vector<std::string> ForeignFiles(const fs::path& dir,
                                      const std::unordered_map<std::string, std::string>& ours,
                                      std::unordered_map<std::string, OnDisk>* ours_on_disk,
                                      std::error_code& ec) {
  std::unordered_set<std::string> our_dirs;
  for (const auto& [file, hash] : ours) {
    AddParentDirs(file, our_dirs);
  }
  std::vector<std::string> foreign;
  // Walks the directory open as `fd` (and closes it), whose entries are `prefix` + name.
  auto walk = [&](auto& self, int fd, const std::string& prefix) -> void {
    DIR* listing = ::fdopendir(fd);
    if (!listing) {
      ec = std::error_code(errno, std::generic_category());
      ::close(fd);
      return;
    }
    while (dirent* entry = ::readdir(listing)) {
      std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      std::string rel = prefix + entry->d_name;
      if (rel == kDevspaceState) continue;
      struct stat info;
      if (::fstatat(::dirfd(listing), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
        ec = std::error_code(errno, std::generic_category());
        break;
      }
      if (S_ISDIR(info.st_mode) && our_dirs.count(rel)) {
        int sub = ::openat(::dirfd(listing), entry->d_name,
                           O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) {
          ec = std::error_code(errno, std::generic_category());
          break;
        }
        self(self, sub, rel + "/");
        if (ec) break;
      } else if (S_ISREG(info.st_mode) && (rel == kOutputMarker || ours.count(rel))) {
        if (rel != kOutputMarker) (*ours_on_disk)[rel] = {uint64_t(info.st_size), info.st_mtim};
      } else {
        foreign.push_back(rel);
      }
    }
    ::closedir(listing);
  };
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    ec = std::error_code(errno, std::generic_category());
    return foreign;
  }
  walk(walk, fd, "");
  std::sort(foreign.begin(), foreign.end());
  return foreign;
}

// Creates the directories of the new tree below `root` (made by mkdtemp, empty, open as
// `root_fd`), each once, with one mkdirat each: std::filesystem::create_directories
// stats every level first, two failing stats per chart (40,000 system calls for 10,000
// releases), and a path per file was built and parsed again for each call.
class DirectoryMaker {
 public:
  explicit DirectoryMaker(int root_fd) : root_fd_(root_fd) {}

  // Makes the directory `rel` ("charts/x/templates") and those above it.
  bool Make(std::string_view rel, std::error_code& ec) {
    if (rel.empty() || made_.count(rel)) return true;
    size_t slash = rel.rfind('/');
    if (slash != std::string_view::npos && !Make(rel.substr(0, slash), ec)) return false;
    std::string path(rel);
    if (::mkdirat(root_fd_, path.c_str(), 0755) != 0) {
      ec = std::error_code(errno, std::generic_category());
      return false;
    }
    made_.insert(std::move(path));
    return true;
  }

 private:
  // Heterogeneous lookup by string_view.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  int root_fd_;
  std::unordered_set<std::string, Hash, std::equal_to<>> made_;
};

// Writes `content` to `path`, relative to the directory open as `dir_fd` (or AT_FDCWD).
bool WriteFileAt(int dir_fd, const char* path, const std::string& content, std::error_code& ec) {
  int fd = ::openat(dir_fd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    ec = std::error_code(errno, std::generic_category());
    return false;
  }
  for (size_t done = 0; done < content.size();) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ec = std::error_code(errno, std::generic_category());
      ::close(fd);
      return false;
    }
    done += size_t(n);
  }
  if (::close(fd) != 0) {
    ec = std::error_code(errno, std::generic_category());
    return false;
  }
  return true;
}

bool WriteFile(const fs::path& path, const std::string& content, std::error_code& ec) {
  return WriteFileAt(AT_FDCWD, path.c_str(), content, ec);
}

// Puts `fresh` in place of `dir` and returns where the old tree now is: one
// atomic swap on Linux (renameat2 RENAME_EXCHANGE), two renames elsewhere.
std::optional<fs::path> ExchangeOrReplace(const fs::path& fresh, const fs::path& dir,
                                          const fs::path& aside, std::error_code& ec) {
#ifdef RENAME_EXCHANGE
  if (renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0) {
    return fresh;
  }
#endif
  fs::rename(dir, aside, ec);
  if (ec) return std::nullopt;
  fs::rename(fresh, dir, ec);
  if (ec) {
    std::error_code ignored;
    fs::rename(aside, dir, ignored);  // put the old output back
    return std::nullopt;
  }
  return aside;
}

void Fail(DiagnosticSink& diags, const fs::path& path, const std::string& why) {
  diags.Report(DiagKind::kOutputWriteFailed, Span{}, path.string(), why)
      .Note("the previous output, if any, is unchanged");
}

// Whether `path` names a file below the output directory: relative, without `..`.
// Emitted paths are built from names the checker validated (DNS labels), so this
// cannot fail today; it is checked so that no later emitter can write outside `-o`.
bool StaysBelow(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  while (!path.empty()) {
    size_t slash = path.find('/');
    if (path.substr(0, slash) == "..") return false;
    path.remove_prefix(slash == std::string_view::npos ? path.size() : slash + 1);
  }
  return true;
}

}  // namespace

std::optional<InputRecord> RecordedInputs(const std::string& dir_arg) {
  std::error_code ec;
  fs::path dir = fs::absolute(dir_arg, ec).lexically_normal();
  if (ec) return std::nullopt;
  std::optional<MarkerFile> marker = ReadMarkerFile(dir);
  if (!marker) return std::nullopt;
  InputRecord inputs = ParseMarker(marker->text, [](std::string_view, std::string_view) {});
  if (inputs.key.empty() || inputs.reads_key.empty()) return std::nullopt;
  return inputs;
}

bool OutputUpToDate(const std::string& dir_arg, const std::string& input_key) {
  std::error_code ec;
  fs::path dir = fs::absolute(dir_arg, ec).lexically_normal();
  if (ec || input_key.empty()) return false;
  std::optional<MarkerFile> marker = ReadMarkerFile(dir);
  if (!marker) return false;
  std::vector<std::string_view> files;
  if (ParseMarker(marker->text, [&](std::string_view path, std::string_view) {
        files.push_back(path);
      }).key != input_key) {
    return false;
  }
  // Without listing the tree (a build of 10,000 releases is 40,000 entries): each file
  // must be older than the marker (not edited), and so must each directory below the
  // top one, whose mtime moves when an entry is added, removed or renamed in it. The
  // top directory is listed instead: the marker is replaced there, and DevSpace keeps
  // its state there. Each file comes after the directories above it, in the marker's
  // order, so that the entries of one release are looked up together.
  std::unordered_set<std::string_view> dirs, top;
  std::vector<OutputEntry> entries;
  entries.reserve(files.size() * 2);
  for (std::string_view file : files) {
    top.insert(file.substr(0, file.find('/')));
    AddParentDirs(file, dirs, [&](std::string_view parent) { entries.push_back({parent, true}); });
    entries.push_back({file, false});
  }
  int root = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) return false;
  bool intact = EntriesUnchangedSince(root, entries, marker->written);
  DIR* listing = intact ? ::fdopendir(::dup(root)) : nullptr;
  intact = listing != nullptr;
  while (intact) {
    dirent* entry = ::readdir(listing);
    if (!entry) break;
    std::string_view name = entry->d_name;
    intact = name == "." || name == ".." || name == kOutputMarker || name == kDevspaceState ||
             top.count(name);
  }
  if (listing) ::closedir(listing);
  ::close(root);
  return intact;
}

bool WriteOutputTree(const std::string& dir_arg, const OutputTree& tree, DiagnosticSink& diags,
                     WriteSummary* summary, const InputRecord& inputs) {
  WriteSummary ignored_summary;
  if (!summary) summary = &ignored_summary;
  *summary = {};
  for (const auto& [path, content] : tree) {
    if (!StaysBelow(path)) {
      Fail(diags, path, "the path leaves the output directory (a dsc bug: please report it)");
      return false;
    }
  }
  std::error_code ec;
  fs::path dir = fs::absolute(dir_arg, ec).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  // An output path that is a symlink: replace what it points to, keep the link.
  // (libstdc++ reports a missing path through `ec` too: that is not an error.)
  bool link = fs::is_symlink(fs::symlink_status(dir, ec));
  ec.clear();
  if (link) dir = fs::canonical(dir, ec);
  if (ec) {
    Fail(diags, dir_arg, ec.message());
    return false;
  }
  bool exists = fs::exists(fs::status(dir, ec));
  ec.clear();
  if (exists && !fs::is_directory(dir, ec)) {
    diags.Report(DiagKind::kOutputNotOwned, Span{}, dir_arg, "it is not a directory")
        .Help("choose another output directory with `-o DIR`");
    return false;
  }
  std::optional<PreviousBuild> previous;
  std::unordered_map<std::string, OnDisk> on_disk;
  if (exists) {
    previous = ReadMarker(dir);
    std::vector<std::string> foreign = ForeignFiles(
        dir, previous ? previous->hash_of : std::unordered_map<std::string, std::string>{},
        &on_disk, ec);
    if (ec) {
      Fail(diags, dir, ec.message());
      return false;
    }
    if (!foreign.empty()) {
      auto& d = diags.Report(DiagKind::kOutputNotOwned, Span{}, dir_arg,
                             previous ? "it holds files that dsc did not write"
                                      : "it is not empty and was not written by dsc");
      std::string listed;
      for (size_t i = 0; i < foreign.size() && i < 5; ++i) listed += "\n  " + foreign[i];
      if (foreign.size() > 5) listed += fmt::format("\n  … and {} more", foreign.size() - 5);
      d.Note("dsc replaces the whole directory on each build; these would be lost:" + listed)
          .Help("move those files away, or choose another output directory with `-o DIR`");
      return false;
    }
  }

  // ninja's `restat`: a file whose content the previous build wrote, untouched since
  // (its size as written, modified no later than the marker), is kept as it is, with
  // its mtime, so that tools watching the output see only what changed. When every file
  // is kept, nothing is written at all.
  std::vector<std::string> hashes;
  hashes.reserve(tree.size());
  for (const auto& [path, content] : tree) hashes.push_back(base::Sha256Hex(content));
  std::vector<bool> keep(tree.size(), false);
  if (previous) {
    size_t i = 0;
    for (const auto& [path, content] : tree) {
      auto hash = previous->hash_of.find(path);
      auto disk = on_disk.find(path);
      keep[i] = hash != previous->hash_of.end() && hash->second == hashes[i] &&
                disk != on_disk.end() && disk->second.size == content.size() &&
                TimeBefore(disk->second.modified, previous->written);
      ++i;
    }
    bool all_kept = previous->hash_of.size() == tree.size() &&
                    std::all_of(keep.begin(), keep.end(), [](bool k) { return k; });
    if (all_kept) {
      summary->kept = tree.size();
      // (A marker as old as its files, written before dsc waited for the clock, is
      // rewritten below, once, so that OutputUpToDate can trust it next time.)
      if (inputs.key.empty() ||
          (inputs == previous->inputs && OutputUpToDate(dir.string(), inputs.key))) {
        return true;
      }
      // Other inputs, the same files (a comment edited, say): the marker alone is
      // replaced, so that the next rebuild finds these inputs up to date.
      fs::path fresh_marker = dir / (std::string(kOutputMarker) + ".dsc-new");
      WaitForNextTick();
      if (!WriteFile(fresh_marker, Marker(tree, hashes, inputs), ec) ||
          (fs::rename(fresh_marker, dir / kOutputMarker, ec), ec)) {
        Fail(diags, dir / kOutputMarker, ec.message());
        fs::remove(fresh_marker, ec);
        return false;
      }
      return true;
    }
  }

  fs::path parent = dir.parent_path();
  fs::create_directories(parent, ec);
  if (ec) {
    Fail(diags, parent, ec.message());
    return false;
  }
  // A directory of our own beside the output (mkdtemp: unique even for two
  // builds with one pid, in two containers sharing a volume), so the final
  // rename stays within one file system.
  std::string pattern = (parent / ("." + dir.filename().string() + ".dsc-new-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    Fail(diags, parent, std::error_code(errno, std::generic_category()).message());
    return false;
  }
  fs::path fresh = pattern;
  fs::path aside = fresh.string() + "-old";

  std::string marker = Marker(tree, hashes, inputs);
  int fresh_fd = ::open(fresh.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fresh_fd < 0) {
    Fail(diags, fresh, std::error_code(errno, std::generic_category()).message());
    fs::remove_all(fresh, ec);
    return false;
  }
  DirectoryMaker directories(fresh_fd);
  std::string old_prefix = dir.string() + "/";
  size_t i = 0;
  for (const auto& [path, content] : tree) {
    size_t slash = path.rfind('/');
    bool written = directories.Make(
        slash == std::string::npos ? std::string_view() : std::string_view(path).substr(0, slash),
        ec);
    // A kept file is linked into the new tree: same inode, same mtime. Where the file
    // system has no hard links, it is written again.
    if (written && keep[i] &&
        ::linkat(AT_FDCWD, (old_prefix + path).c_str(), fresh_fd, path.c_str(), 0) == 0) {
      ++summary->kept;
    } else if (written && WriteFileAt(fresh_fd, path.c_str(), content, ec)) {
      ++summary->written;
    } else {
      Fail(diags, fresh / path, ec.message());
      ::close(fresh_fd);
      fs::remove_all(fresh, ec);
      return false;
    }
    ++i;
  }
  ::close(fresh_fd);
  WaitForNextTick();
  if (!WriteFile(fresh / kOutputMarker, marker, ec)) {
    Fail(diags, fresh / kOutputMarker, ec.message());
    fs::remove_all(fresh, ec);
    return false;
  }
  if (exists && fs::is_directory(fs::symlink_status(dir / kDevspaceState, ec))) {
    fs::rename(dir / kDevspaceState, fresh / kDevspaceState, ec);
    if (ec) {
      Fail(diags, dir / kDevspaceState, ec.message());
      fs::remove_all(fresh, ec);
      return false;
    }
  }
  ec.clear();
  if (exists) {
    std::optional<fs::path> old = ExchangeOrReplace(fresh, dir, aside, ec);
    if (!old) {
      Fail(diags, dir, ec.message());
      std::error_code ignored;
      fs::rename(fresh / kDevspaceState, dir / kDevspaceState, ignored);  // give it back
      fs::remove_all(fresh, ignored);
      return false;
    }
    fs::remove_all(*old, ec);
  } else {
    fs::rename(fresh, dir, ec);
    if (ec) {
      Fail(diags, dir, ec.message());
      fs::remove_all(fresh, ec);
      return false;
    }
  }
  return true;
}

}  // namespace dsc::emit
