// cli_test.cpp: the command line as a user meets it, driven through the real binary:
// --version and --help, `dsc explain`, `dsc check` on the bundled examples, and
// `dsc fmt` (already formatted, and idempotent) on the examples and the stdlib, and how it
// rewrites files (byte order marks, symlinks, permission bits, read-only files).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"

namespace {

namespace fs = std::filesystem;
using dsc::testing::CommandResult;
using dsc::testing::Contains;
using dsc::testing::Head;
using dsc::testing::kSourceDir;
using dsc::testing::ReadFile;
using dsc::testing::RunDsc;
using dsc::testing::ShellQuote;
using dsc::testing::TempDir;
using dsc::testing::WriteFile;

// The .ds files under `dir` (relative to the source dir), as sorted relative paths.
std::vector<std::string> DsFiles(const std::string& dir, bool recursive) {
  std::vector<std::string> files;
  const fs::path root(kSourceDir);
  auto add = [&](const fs::directory_entry& entry) {
    if (entry.is_regular_file() && entry.path().extension() == ".ds") {
      files.push_back(fs::relative(entry.path(), root).generic_string());
    }
  };
  std::error_code ec;
  if (recursive) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir, ec)) add(entry);
  } else {
    for (const auto& entry : fs::directory_iterator(root / dir, ec)) add(entry);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Whether the file declares a fleet: a line starting with `fleet ` (not indented).
bool HasFleetHeader(const std::string& relative_path) {
  std::istringstream in(ReadFile(fs::path(kSourceDir) / relative_path));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("fleet ", 0) == 0) return true;
  }
  return false;
}

// Every fleet file among the examples, except the deliberately broken ones.
std::vector<std::string> ExampleFleets() {
  std::vector<std::string> fleets;
  for (const auto& file : DsFiles("examples", /*recursive=*/true)) {
    if (file.rfind("examples/broken/", 0) == 0) continue;
    if (HasFleetHeader(file)) fleets.push_back(file);
  }
  return fleets;
}

// Every .ds file `dsc fmt` must leave unchanged: the examples and the standard library.
std::vector<std::string> FormattedFiles() {
  auto files = DsFiles("examples", /*recursive=*/true);
  const auto stdlib = DsFiles("stdlib", /*recursive=*/false);
  files.insert(files.end(), stdlib.begin(), stdlib.end());
  return files;
}

// A file `dsc fmt` rewrites, and what it rewrites it to.
constexpr char kUnformatted[] = "fleet  shop {}\nservice  api {  image = \"ghcr.io/a/b:1\" }\n";
constexpr char kFormatted[] = "fleet shop {}\n\nservice api { image = \"ghcr.io/a/b:1\" }\n";

void CheckSucceeds(const CommandResult& result) {
  INFO("output:\n" << Head(result.output));
  CHECK(result.exit_code == 0);
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("dsc --version prints the version") {
    const auto result = RunDsc("--version");
    CheckSucceeds(result);
    CHECK_MESSAGE(Contains(result.output, DSC_EXPECTED_VERSION), result.output);
  }

  TEST_CASE("dsc --help lists the subcommands") {
    const auto result = RunDsc("--help");
    CheckSucceeds(result);
    for (const std::string command : {"check", "fmt", "explain"}) {
      CHECK_MESSAGE(Contains(result.output, command), "no `" << command << "` in --help");
    }
  }

  TEST_CASE("dsc check --help lists its options") {
    const auto result = RunDsc("check --help");
    CheckSucceeds(result);
    for (const std::string option : {"--format", "--deny-warnings", "--color"}) {
      CHECK_MESSAGE(Contains(result.output, option), "no `" << option << "` in check --help");
    }
  }

  TEST_CASE("dsc fmt --help lists --check") {
    const auto result = RunDsc("fmt --help");
    CheckSucceeds(result);
    CHECK_MESSAGE(Contains(result.output, "--check"), result.output);
  }

  TEST_CASE("dsc explain prints the explanation of a known code") {
    const auto result = RunDsc("explain DS2001");
    CheckSucceeds(result);
    CHECK_MESSAGE(Contains(result.output, "DS2001"), result.output);
  }

  TEST_CASE("dsc explain rejects an unknown code") {
    const auto result = RunDsc("explain DS9999");
    INFO("output:\n" << Head(result.output));
    CHECK(result.exit_code != 0);
    // A rejection, not a crash.
    CHECK(result.exit_code < 128);
  }

  TEST_CASE("dsc check accepts every example fleet") {
    const auto fleets = ExampleFleets();
    REQUIRE_MESSAGE(!fleets.empty(), "no example fleets found under examples/");
    for (const auto& file : fleets) {
      INFO("file: " << file);
      CheckSucceeds(RunDsc("check --color=never " + ShellQuote(file)));
    }
  }

  TEST_CASE("dsc check rejects examples/broken/typo.ds with exit code 1") {
    const auto result = RunDsc("check --color=never examples/broken/typo.ds");
    INFO("output:\n" << Head(result.output));
    CHECK(result.exit_code == 1);
    CHECK(Contains(result.output, "error[DS"));
  }

  TEST_CASE("dsc fmt --check passes on every example and stdlib file") {
    const auto files = FormattedFiles();
    REQUIRE(!files.empty());
    for (const auto& file : files) {
      INFO("file: " << file);
      CheckSucceeds(RunDsc("fmt --check " + ShellQuote(file)));
    }
  }

  TEST_CASE("dsc fmt is idempotent") {
    TempDir dir;
    REQUIRE(!dir.path().empty());
    for (const auto& file : FormattedFiles()) {
      INFO("file: " << file);
      // One flat copy per file: `examples/crud/crud.ds` -> `examples_crud_crud.ds`.
      std::string flat = file;
      std::replace(flat.begin(), flat.end(), '/', '_');
      const fs::path copy = dir.path() / flat;
      fs::copy_file(fs::path(kSourceDir) / file, copy, fs::copy_options::overwrite_existing);
      CheckSucceeds(RunDsc("fmt " + ShellQuote(copy.string())));
      const std::string once = ReadFile(copy);
      CheckSucceeds(RunDsc("fmt " + ShellQuote(copy.string())));
      const std::string twice = ReadFile(copy);
      CHECK_MESSAGE(once == twice, "formatting the output of `dsc fmt` changed it again");
    }
  }

  TEST_CASE("dsc fmt keeps a byte order mark and the text after it") {
    TempDir dir;
    REQUIRE(!dir.path().empty());
    const fs::path file = dir.path() / "bom.ds";
    const std::string bom = "\xEF\xBB\xBF";
    REQUIRE(WriteFile(file,
                      bom + "// c\nfleet  shop {}\nservice  api {  image = \"ghcr.io/a/b:1\" }\n"));
    CheckSucceeds(RunDsc("fmt " + ShellQuote(file.string())));
    CHECK(ReadFile(file) ==
          bom + "// c\nfleet shop {}\n\nservice api { image = \"ghcr.io/a/b:1\" }\n");
    CheckSucceeds(RunDsc("fmt --check " + ShellQuote(file.string())));
  }

  TEST_CASE("dsc fmt writes through a symlink and keeps the file's permission bits") {
    TempDir dir;
    REQUIRE(!dir.path().empty());
    const fs::path target = dir.path() / "target.ds";
    const fs::path link = dir.path() / "link.ds";
    REQUIRE(WriteFile(target, kUnformatted));
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    fs::create_symlink("target.ds", link);
    CheckSucceeds(RunDsc("fmt " + ShellQuote(link.string())));
    CHECK(fs::is_symlink(link));
    CHECK(fs::read_symlink(link) == "target.ds");
    CHECK(ReadFile(target) == kFormatted);
    CHECK(fs::status(target).permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK_FALSE(fs::exists(dir.path() / "target.ds.dsc-fmt.tmp"));
  }

  TEST_CASE("dsc fmt refuses to rewrite a read-only file") {
    TempDir dir;
    REQUIRE(!dir.path().empty());
    const fs::path file = dir.path() / "ro.ds";
    const fs::path other = dir.path() / "other.ds";
    REQUIRE(WriteFile(file, kUnformatted));
    REQUIRE(WriteFile(other, kUnformatted));
    fs::permissions(file, fs::perms::owner_read | fs::perms::group_read);
    // Also as root, who may write any file: the missing write bits are what counts.
    const auto result =
        RunDsc("fmt " + ShellQuote(file.string()) + " " + ShellQuote(other.string()));
    INFO("output:\n" << Head(result.output));
    CHECK(result.exit_code == 1);
    CHECK(Contains(result.output,
                   "dsc fmt: cannot write `" + file.string() + "`: the file is read-only"));
    CHECK(ReadFile(file) == kUnformatted);
    CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::group_read));
    // The other files are still formatted.
    CHECK(ReadFile(other) == kFormatted);
  }
}
