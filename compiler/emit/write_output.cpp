#include "compiler/emit/write_output.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <system_error>

namespace dsc::emit {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarkerHeader =
    "# Written by `dsc build`. dsc replaces this directory on each build and refuses to\n"
    "# when it holds files not listed below. Do not edit files here: they are generated.\n";

// The files a previous build listed in its marker; nullopt without a marker.
std::optional<std::set<std::string>> PreviousFiles(const fs::path& dir) {
  std::ifstream in(dir / kOutputMarker);
  if (!in) return std::nullopt;
  std::set<std::string> files;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') files.insert(line);
  }
  return files;
}

// What DevSpace keeps beside devspace.yaml (`devspace dev` run in the output
// directory): carried over into each new output rather than refused or lost.
constexpr const char* kDevspaceState = ".devspace";

// Entries under `dir` that dsc did not write, as relative paths: files not in
// the marker's list, symlinks, and directories that hold none of dsc's files
// (listed once, not their contents).
std::vector<std::string> ForeignFiles(const fs::path& dir, const std::set<std::string>& ours,
                                      std::error_code& ec) {
  std::set<std::string> our_dirs;
  for (const std::string& file : ours) {
    for (fs::path p = fs::path(file).parent_path(); !p.empty(); p = p.parent_path()) {
      our_dirs.insert(p.generic_string());
    }
  }
  std::vector<std::string> foreign;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string rel = it->path().lexically_relative(dir).generic_string();
    if (rel == kDevspaceState) {
      it.disable_recursion_pending();
      continue;
    }
    fs::file_status status = it->symlink_status(ec);
    if (fs::is_directory(status)) {
      if (our_dirs.count(rel)) continue;
      it.disable_recursion_pending();
    } else if (fs::is_regular_file(status) && (rel == kOutputMarker || ours.count(rel))) {
      continue;
    }
    foreign.push_back(rel);
  }
  std::sort(foreign.begin(), foreign.end());
  return foreign;
}

bool WriteFile(const fs::path& path, const std::string& content, std::error_code& ec) {
  fs::create_directories(path.parent_path(), ec);
  if (ec) return false;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) {
    ec = std::make_error_code(std::errc::io_error);
    return false;
  }
  return true;
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
bool StaysBelow(const std::string& path) {
  fs::path p(path);
  if (path.empty() || p.is_absolute() || p.has_root_name()) return false;
  for (const fs::path& part : p) {
    if (part == "..") return false;
  }
  return true;
}

}  // namespace

bool WriteOutputTree(const std::string& dir_arg, const OutputTree& tree, DiagnosticSink& diags) {
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
  if (exists) {
    auto previous = PreviousFiles(dir);
    std::vector<std::string> foreign =
        ForeignFiles(dir, previous.value_or(std::set<std::string>{}), ec);
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

  std::string marker = kMarkerHeader;
  for (const auto& [path, content] : tree) {
    marker += path + "\n";
    if (!WriteFile(fresh / path, content, ec)) {
      Fail(diags, fresh / path, ec.message());
      fs::remove_all(fresh, ec);
      return false;
    }
  }
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
