// `dsc fmt [--check] FILE…`: canonical layout, comments kept. A file with
// syntax errors is reported and left untouched; a read-only one is refused (see Rewrite).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cxxopts.hpp>
#include <filesystem>
#include <string_view>

#include "compiler/driver/commands.h"
#include "compiler/driver/output.h"
#include "compiler/format/formatter.h"
#include "compiler/source/file_system.h"
#include "compiler/syntax/parse.h"

namespace dsc::driver {
namespace {

bool WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Rewrites the file at `path` with `text`; returns "" or why it could not. The new text goes
// to a temporary file beside the real file and is renamed over it, so an interrupted run
// never leaves a half-written source file. Through a symlink the target is rewritten and
// the link kept; the file keeps its permission bits (and its owner, where that is allowed).
// A file that is not writable is refused: the rename needs only a writable directory and
// would silently undo the protection.
std::string Rewrite(const std::string& path, const std::string& text) {
  std::error_code ec;
  const std::filesystem::path target = std::filesystem::canonical(path, ec);
  if (ec) return ec.message();
  struct stat info;
  if (stat(target.c_str(), &info) != 0) return std::strerror(errno);
  const mode_t mode = info.st_mode & 07777;
  // The mode bits too: `access` says yes to root for every file.
  if ((mode & 0222) == 0 || access(target.c_str(), W_OK) != 0) return "the file is read-only";
  std::filesystem::path temp = target;
  temp += ".dsc-fmt.tmp";
  // Left by an interrupted run. A symlink there is removed, not followed, and O_EXCL never
  // writes through whatever appears at the path meanwhile.
  std::filesystem::remove(temp, ec);
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fmt::format("cannot create `{}`: {}", temp.string(), std::strerror(errno));
  bool written = WriteAll(fd, text) && fchmod(fd, mode) == 0;
  if (written && fchown(fd, info.st_uid, info.st_gid) != 0) {
    // Not allowed (another user's file): the rewritten file is ours, as with any editor.
  }
  written = close(fd) == 0 && written;
  std::string error = written ? "" : std::strerror(errno);
  if (written) std::filesystem::rename(temp, target, ec);
  if (written && ec) error = ec.message();
  if (!error.empty()) std::filesystem::remove(temp, ec);
  return error;
}

}  // namespace

cxxopts::Options FmtOptions() {
  cxxopts::Options options("dsc fmt", "Rewrite fleet files in canonical layout, keeping comments.");
  options.custom_help("[OPTIONS]").positional_help("FILE...");
  options.add_options()("check", "write nothing; exit 1 if any file is not formatted")(
      "color", "colour: auto, always or never",
      cxxopts::value<std::string>()->default_value("auto"))("h,help", "show this help")(
      "files", "fleet files", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"files"});
  return options;
}

int RunFmt(int argc, char** argv) {
  cxxopts::Options options = FmtOptions();
  std::vector<std::string> files;
  bool check_only = false;
  ColorMode color;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nExit codes: 0 formatted, 1 a file needs formatting (--check) or has errors, 2 bad "
          "usage.\n",
          stdout);
      return kExitOk;
    }
    if (!ParseColorMode(result["color"].as<std::string>(), &color)) {
      throw cxxopts::exceptions::exception("--color must be `auto`, `always` or `never`");
    }
    check_only = result.count("check") > 0;
    if (result.count("files")) files = result["files"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc fmt: %s\n", e.what());
    return kExitUsage;
  }
  if (files.empty()) {
    std::fputs("dsc fmt: no files given\nUsage: dsc fmt [--check] FILE...\n", stderr);
    return kExitUsage;
  }
  SourceManager sources;
  DiagnosticSink diags;
  RealFileSystem fs;
  int unformatted = 0;
  bool write_failed = false;
  for (const std::string& path : files) {
    std::string error;
    auto text = fs.Read(path, &error);
    if (!text) {
      diags.Report(DiagKind::kFileUnreadable, Span{}, path, error);
      continue;
    }
    const SourceFile& source = sources.Add(path, std::move(*text));
    size_t errors_before = diags.error_count();
    ast::File file = Parse(source, diags);
    if (file.has_syntax_errors || static_cast<size_t>(diags.error_count()) > errors_before)
      continue;
    std::string formatted = FormatFile(file, source);
    if (formatted == source.text()) continue;
    ++unformatted;
    if (check_only) {
      std::fprintf(stderr, "%s: not formatted (run `dsc fmt %s`)\n", path.c_str(), path.c_str());
    } else if (std::string error = Rewrite(path, formatted); !error.empty()) {
      std::fprintf(stderr, "dsc fmt: cannot write `%s`: %s\n", path.c_str(), error.c_str());
      write_failed = true;
    }
  }
  PrintDiagnostics(diags, sources, false, color);
  if (diags.has_errors() || write_failed) return kExitErrors;
  return check_only && unformatted > 0 ? kExitErrors : kExitOk;
}

}  // namespace dsc::driver
