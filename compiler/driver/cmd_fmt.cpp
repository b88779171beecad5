// `dsc fmt [--check] FILE…`: canonical layout, comments kept. A file with
// syntax errors is reported and left untouched.
#include <cstdio>
#include <cxxopts.hpp>
#include <filesystem>
#include <fstream>

#include "compiler/driver/commands.h"
#include "compiler/driver/output.h"
#include "compiler/format/formatter.h"
#include "compiler/source/file_system.h"
#include "compiler/syntax/parse.h"

namespace dsc::driver {
namespace {

// Writes beside the file and renames over it, so an interrupted run never
// leaves a half-written source file.
bool WriteAtomically(const std::string& path, const std::string& text) {
  std::string temp = path + ".dsc-fmt.tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text) || !out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) std::filesystem::remove(temp, ec);
  return !ec;
}

}  // namespace

int RunFmt(int argc, char** argv) {
  cxxopts::Options options("dsc fmt", "Rewrite fleet files in canonical layout, keeping comments.");
  options.custom_help("[OPTIONS]").positional_help("FILE...");
  options.add_options()("check", "write nothing; exit 1 if any file is not formatted")(
      "color", "colour: auto, always or never",
      cxxopts::value<std::string>()->default_value("auto"))("h,help", "show this help")(
      "files", "fleet files", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"files"});
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
    } else if (!WriteAtomically(path, formatted)) {
      std::fprintf(stderr, "dsc fmt: cannot write `%s`\n", path.c_str());
      return kExitErrors;
    }
  }
  PrintDiagnostics(diags, sources, false, color);
  if (diags.has_errors()) return kExitErrors;
  return check_only && unformatted > 0 ? kExitErrors : kExitOk;
}

}  // namespace dsc::driver
