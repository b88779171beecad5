// build_golden_test.cpp: `dsc build` golden tests and the build's properties.
//
// Each case is a directory tests/golden/build/NAME/ holding main.ds (plus what
// it imports), an optional `args` file (extra `dsc build` arguments, one line)
// and expected/, the whole expected output tree. tests/golden/platform/NAME/ cases
// have no main.ds: `dsc build --platform` with their `args`. An expected file that is a
// copy of one in the source tree (Traefik's CRDs) is stored as PATH.same-as, holding
// that file's path. The case is built into
// NAME/.out (git-ignored; DevSpace paths are then `..`) and compared file by
// file; a mismatch shows `diff -u`. With DSC_UPDATE_GOLDEN=1, expected/ is
// replaced by the output instead: review `git diff` before committing it.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
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
using dsc::testing::RunCommand;
using dsc::testing::RunDsc;
using dsc::testing::ShellQuote;
using dsc::testing::WriteFile;

const fs::path kCasesDir = fs::path(kSourceDir) / "tests/golden/build";
const fs::path kPlatformCasesDir = fs::path(kSourceDir) / "tests/golden/platform";

// The marker's input keys hash the dsc binary too (emit/input_key.h): every build of dsc
// writes others. Goldens hold placeholders in their place, and the files read are named
// from the source tree, wherever it is.
std::string NormalizeMarker(std::string text) {
  for (const auto& [line, placeholder] :
       {std::pair<std::string, std::string>{"# inputs: ", "<key of the dsc binary and sources>"},
        {"# reads: ", "<key of the dsc binary and the files read>"}}) {
    size_t at = text.find(line);
    if (at == std::string::npos) continue;
    size_t end = text.find('\n', at);
    text.replace(at + line.size(), end - at - line.size(), placeholder);
  }
  const std::string source = fs::path(kSourceDir).string() + "/";
  for (size_t at = text.find("# read: " + source); at != std::string::npos;
       at = text.find("# read: " + source, at)) {
    text.replace(at + 8, source.size(), "<source>/");
  }
  return text;
}

// Relative path -> content of every regular file under `dir`, marker included.
std::map<std::string, std::string> ReadTree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file()) {
      std::string path = fs::relative(it->path(), dir).generic_string();
      std::string content = ReadFile(it->path());
      files[path] = path == ".dsc-build" ? NormalizeMarker(content) : content;
    }
  }
  return files;
}

constexpr const char* kSameAs = ".same-as";

// The expected tree: PATH.same-as entries become PATH with the named file's content.
std::map<std::string, std::string> ReadExpectedTree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (auto& [path, content] : ReadTree(dir)) {
    if (!path.ends_with(kSameAs)) {
      files[path] = std::move(content);
      continue;
    }
    std::string source = content.substr(0, content.find('\n'));
    files[path.substr(0, path.size() - std::string(kSameAs).size())] =
        ReadFile(fs::path(kSourceDir) / source);
  }
  return files;
}

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// The cases under `dir`: each directory with `marker` (main.ds, or args for the platform).
std::vector<fs::path> FindCases(const fs::path& dir = kCasesDir, const char* marker = "main.ds") {
  std::vector<fs::path> cases;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / marker)) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

CommandResult Build(const fs::path& input, const fs::path& out, const std::string& extra = "") {
  return RunDsc("build --color=never " + extra + (extra.empty() ? "" : " ") + "-o " +
                ShellQuote(out.string()) +
                (fs::exists(input) ? " " + ShellQuote(input.string()) : ""));
}

// Files of `expected` kept as PATH.same-as: what they name, by PATH.
std::map<std::string, std::string> SameAsEntries(const fs::path& expected) {
  std::map<std::string, std::string> out;
  for (const auto& [path, content] : ReadTree(expected)) {
    if (path.ends_with(kSameAs))
      out[path.substr(0, path.size() - std::string(kSameAs).size())] = content;
  }
  return out;
}

// Builds each case and compares its tree with expected/ (or replaces expected/ with it,
// with DSC_UPDATE_GOLDEN=1).
void CheckGoldenCases(const std::vector<fs::path>& cases) {
  const char* update_env = std::getenv("DSC_UPDATE_GOLDEN");
  const bool update = update_env != nullptr && std::string(update_env) == "1";
  for (const fs::path& dir : cases) {
    INFO("case: " << dir.filename().string());
    const std::string extra =
        fs::exists(dir / "args") ? Trim(ReadFile(dir / "args")) : std::string();
    const fs::path out = dir / ".out";
    const CommandResult result = Build(dir / "main.ds", out, extra);
    REQUIRE_MESSAGE(result.exit_code == 0, "dsc build failed:\n" << Head(result.output));
    const fs::path expected = dir / "expected";
    if (update) {
      const auto same_as = SameAsEntries(expected);
      fs::remove_all(expected);
      fs::rename(out, expected);
      for (const auto& [path, source] : same_as) {
        fs::remove(expected / path);
        WriteFile(expected / (path + kSameAs), source);
      }
      WriteFile(expected / ".dsc-build", NormalizeMarker(ReadFile(expected / ".dsc-build")));
      std::cout << "DSC_UPDATE_GOLDEN: rewrote " << expected << "\n";
      continue;
    }
    const auto want = ReadExpectedTree(expected);
    const auto got = ReadTree(out);
    std::vector<std::string> missing, extra_files, different;
    for (const auto& [path, content] : want) {
      auto it = got.find(path);
      if (it == got.end()) {
        missing.push_back(path);
      } else if (it->second != content) {
        different.push_back(path);
      }
    }
    for (const auto& [path, content] : got) {
      if (!want.count(path)) extra_files.push_back(path);
    }
    for (const auto& path : missing) FAIL_CHECK("not emitted: " << path);
    for (const auto& path : extra_files) FAIL_CHECK("emitted but not expected: " << path);
    for (const auto& path : different) {
      const CommandResult diff = RunCommand("diff -u " + ShellQuote((expected / path).string()) +
                                            " " + ShellQuote((out / path).string()));
      FAIL_CHECK(path << " differs:\n" << Head(diff.output));
    }
    if (missing.empty() && extra_files.empty() && different.empty()) fs::remove_all(out);
  }
}

}  // namespace

TEST_SUITE("build") {
  TEST_CASE("build goldens: each case's output tree matches its expected/ tree") {
    const auto cases = FindCases();
    REQUIRE_MESSAGE(!cases.empty(), "no build golden cases in " << kCasesDir);
    CheckGoldenCases(cases);
  }

  TEST_CASE("platform goldens: `dsc build --platform` with each case's args") {
    const auto cases = FindCases(kPlatformCasesDir, "args");
    REQUIRE_MESSAGE(cases.size() == 2, "platform golden cases in " << kPlatformCasesDir);
    CheckGoldenCases(cases);
  }

  TEST_CASE("build is deterministic: two builds in different places give identical bytes") {
    const fs::path tmp =
        fs::temp_directory_path() / ("dsc-determinism-" + std::to_string(getpid()));
    fs::remove_all(tmp);
    const fs::path input = fs::path(kSourceDir) / "examples/marketplace/marketplace.ds";
    // The same relative layout (so DevSpace paths agree), different absolute places.
    REQUIRE(Build(input, tmp / "a/out").exit_code == 0);
    REQUIRE(Build(input, tmp / "b/out").exit_code == 0);
    const auto a = ReadTree(tmp / "a/out");
    const auto b = ReadTree(tmp / "b/out");
    CHECK(a.size() > 50);
    CHECK(a == b);
    // A rebuild over the previous output gives the same bytes again.
    REQUIRE(Build(input, tmp / "a/out").exit_code == 0);
    CHECK(ReadTree(tmp / "a/out") == a);
    fs::remove_all(tmp);
  }

  TEST_CASE("an unchanged rebuild writes nothing; a changed one writes only what changed") {
    const fs::path tmp = fs::temp_directory_path() / ("dsc-restat-" + std::to_string(getpid()));
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    const fs::path input = tmp / "sqs.ds";
    REQUIRE(WriteFile(input, ReadFile(fs::path(kSourceDir) / "examples/sqs/sqs.ds")));
    REQUIRE(Build(input, tmp / "out").exit_code == 0);
    // Every mtime set into the past, so that a rewrite shows on any clock: the marker's,
    // and a second earlier every other file's and directory's, as dsc leaves them.
    std::map<std::string, fs::file_time_type> aged;
    const auto past = fs::file_time_type::clock::now() - std::chrono::hours(24);
    for (const auto& entry : fs::recursive_directory_iterator(tmp / "out")) {
      const std::string path = fs::relative(entry.path(), tmp / "out").string();
      const auto time = path == ".dsc-build" ? past : past - std::chrono::seconds(1);
      fs::last_write_time(entry.path(), time);
      if (entry.is_regular_file()) aged[path] = time;
    }
    auto touched = [&] {
      std::vector<std::string> paths;
      for (const auto& [path, time] : aged) {
        if (fs::last_write_time(tmp / "out" / path) != time) paths.push_back(path);
      }
      return paths;
    };

    CommandResult again = Build(input, tmp / "out");
    REQUIRE(again.exit_code == 0);
    CHECK(again.output.find("is up to date: inputs unchanged") != std::string::npos);
    CHECK(touched().empty());

    // A comment changes the inputs, not the files: only the marker is replaced.
    REQUIRE(WriteFile(input, "// a comment\n" + ReadFile(input)));
    again = Build(input, tmp / "out");
    REQUIRE(again.exit_code == 0);
    CHECK(again.output.find("unchanged: nothing written") != std::string::npos);
    CHECK(touched() == std::vector<std::string>{".dsc-build"});

    // Another image for one service: its chart, its fork's (`fork producer {}` inherits
    // the image) and the blueprint change, nothing else.
    std::string text = ReadFile(input);
    const std::string image = "sqs-producer:0.4.2";
    REQUIRE(text.find(image) != std::string::npos);
    REQUIRE(WriteFile(input, text.replace(text.find(image), image.size(), "sqs-producer:0.4.3")));
    again = Build(input, tmp / "out");
    REQUIRE(again.exit_code == 0);
    CHECK(again.output.find(" written, ") != std::string::npos);
    for (const std::string& path : touched()) {
      INFO(path);
      CHECK((path == ".dsc-build" || path == "blueprint.json" || path == "helmfile.yaml" ||
             path.starts_with("charts/producer/") ||
             path.starts_with("charts/producer-retry-dlq/")));
    }
    CHECK(
        ReadFile(tmp / "out/charts/producer/templates/manifests.yaml").find("sqs-producer:0.4.3") !=
        std::string::npos);
    fs::remove_all(tmp);
  }

  TEST_CASE("an unchanged rebuild reads its inputs again and checks nothing, until one changes") {
    const fs::path tmp = fs::temp_directory_path() / ("dsc-reads-" + std::to_string(getpid()));
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    fs::copy(fs::path(kSourceDir) / "examples/marketplace", tmp / "src",
             fs::copy_options::recursive);
    const fs::path fleet = tmp / "src/marketplace.ds";
    const fs::path team = tmp / "src/teams/payments.ds";
    const fs::path out = tmp / "out";
    const std::string skipped = "is up to date: inputs unchanged, nothing checked or written";
    auto build = [&](const std::string& extra = "") {
      CommandResult result = Build(fleet, out, extra);
      INFO(result.output);
      CHECK(result.exit_code == 0);
      return result.output;
    };
    CHECK_FALSE(Contains(build(), skipped));
    CHECK(Contains(build(), skipped));
    CHECK(Contains(ReadFile(out / ".dsc-build"), "# read: " + team.string() + "\n"));

    // A comment in a team file the fleet imports: the same output, checked again, and the
    // marker alone replaced; then nothing changed again.
    const std::string team_text = ReadFile(team);
    REQUIRE(WriteFile(team, "// reviewed\n" + team_text));
    std::string output = build();
    CHECK_FALSE(Contains(output, skipped));
    CHECK(Contains(output, "unchanged: nothing written"));
    CHECK(Contains(build(), skipped));

    // Other limits may refuse what passed before: checked again.
    const CommandResult limited = Build(fleet, out, "--max-entities 3");
    CHECK(limited.exit_code == 1);
    CHECK(Contains(limited.output, "error[DS2022]"));

    // A build that warns records nothing to skip by: every rebuild warns again.
    REQUIRE(WriteFile(fleet, "import \"std/db\" as unused_db\n" + ReadFile(fleet)));
    CHECK(Contains(build(), "warning[DS2005]"));
    output = build();
    CHECK(Contains(output, "warning[DS2005]"));
    CHECK_FALSE(Contains(output, skipped));
    fs::remove_all(tmp);
  }

  TEST_CASE("a failed build leaves the previous output untouched and writes nothing else") {
    const fs::path tmp = fs::temp_directory_path() / ("dsc-atomic-" + std::to_string(getpid()));
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    const fs::path good = fs::path(kSourceDir) / "examples/sqs/sqs.ds";
    REQUIRE(Build(good, tmp / "out").exit_code == 0);
    const auto before = ReadTree(tmp / "out");
    REQUIRE(before.count("helmfile.yaml"));
    REQUIRE(before.count(".dsc-build"));

    const fs::path bad = fs::path(kSourceDir) / "examples/broken/typo.ds";
    const CommandResult failed = Build(bad, tmp / "out");
    CHECK(failed.exit_code == 1);
    CHECK(failed.output.find("error[") != std::string::npos);
    CHECK(ReadTree(tmp / "out") == before);
    // No temporary directories are left beside the output.
    size_t entries = 0;
    for (const auto& entry : fs::directory_iterator(tmp)) {
      (void)entry;
      ++entries;
    }
    CHECK(entries == 1);
    fs::remove_all(tmp);
  }

  TEST_CASE("build -o -: nothing on stdout for a fleet with errors; a failed write fails") {
    // Diagnostics go to /dev/null: what is left is what the build wrote to stdout.
    const CommandResult bad = RunDsc("build -o - examples/broken/typo.ds 2>/dev/null");
    CHECK(bad.exit_code == 1);
    CHECK(bad.output.empty());
    const CommandResult full = RunDsc("build -o - examples/sqs/sqs.ds >/dev/full");
    CHECK(full.exit_code == 1);
    CHECK(Contains(full.output, "dsc build: cannot write the stream to stdout"));
  }

  TEST_CASE("dsc build refuses to replace a directory holding files it did not write") {
    const fs::path tmp = fs::temp_directory_path() / ("dsc-foreign-" + std::to_string(getpid()));
    fs::remove_all(tmp);
    const fs::path input = fs::path(kSourceDir) / "examples/sqs/sqs.ds";
    // A directory dsc never wrote to.
    fs::create_directories(tmp / "mine");
    REQUIRE(WriteFile(tmp / "mine/notes.txt", "keep me\n"));
    CommandResult result = Build(input, tmp / "mine");
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("error[DS6003]") != std::string::npos);
    CHECK(result.output.find("notes.txt") != std::string::npos);
    CHECK(ReadFile(tmp / "mine/notes.txt") == "keep me\n");
    CHECK(!fs::exists(tmp / "mine/helmfile.yaml"));

    // A file added to dsc's own output is not deleted either.
    REQUIRE(Build(input, tmp / "out").exit_code == 0);
    REQUIRE(WriteFile(tmp / "out/charts/added-by-hand.yaml", "x: 1\n"));
    result = Build(input, tmp / "out");
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("charts/added-by-hand.yaml") != std::string::npos);
    CHECK(fs::exists(tmp / "out/charts/added-by-hand.yaml"));

    // A symlink or a directory dsc did not create is not dsc's to delete either.
    fs::remove(tmp / "out/charts/added-by-hand.yaml");
    fs::create_directories(tmp / "precious");
    REQUIRE(WriteFile(tmp / "precious/data.txt", "keep\n"));
    fs::create_directory_symlink(tmp / "precious", tmp / "out/link");
    fs::create_directories(tmp / "out/charts/empty-dir");
    result = Build(input, tmp / "out");
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("link") != std::string::npos);
    CHECK(result.output.find("charts/empty-dir") != std::string::npos);
    CHECK(fs::is_symlink(tmp / "out/link"));
    CHECK(fs::is_directory(tmp / "out/charts/empty-dir"));
    CHECK(ReadFile(tmp / "precious/data.txt") == "keep\n");
    fs::remove(tmp / "out/link");
    fs::remove(tmp / "out/charts/empty-dir");

    // DevSpace's state beside devspace.yaml is carried into the new output.
    fs::create_directories(tmp / "out/.devspace");
    REQUIRE(WriteFile(tmp / "out/.devspace/generated.yaml", "state\n"));
    REQUIRE(Build(input, tmp / "out").exit_code == 0);
    CHECK(ReadFile(tmp / "out/.devspace/generated.yaml") == "state\n");

    // An output path that is a regular file.
    REQUIRE(WriteFile(tmp / "file", "data\n"));
    result = Build(input, tmp / "file");
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("it is not a directory") != std::string::npos);
    CHECK(ReadFile(tmp / "file") == "data\n");
    fs::remove_all(tmp);
  }

  TEST_CASE("dsc build usage errors exit 2") {
    CHECK(RunDsc("build").exit_code == 2);
    CHECK(RunDsc("build --traefik v4 examples/sqs/sqs.ds").exit_code == 2);
    CHECK(RunDsc("build a.ds b.ds").exit_code == 2);
    const CommandResult help = RunDsc("build --help");
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("--feature") != std::string::npos);
  }
}
