// hostile_test.cpp: input a fuzzer would find, given to the real binary. Each must be
// rejected cleanly -- exit code exactly 1 and an `error[DS....]` diagnostic -- within
// 20 s, never with a crash, an uncaught exception or a sanitizer report.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>

#include "run_command.h"

namespace {

using dsc::testing::Contains;
using dsc::testing::Head;
using dsc::testing::RunDsc;
using dsc::testing::ShellQuote;
using dsc::testing::TempDir;
using dsc::testing::WriteFile;

// `wrapper` goes before dsc on the shell's command line (a timeout, a memory limit).
void ExpectCleanRejection(const std::string& name, const std::string& content,
                          const std::string& expected = "error[DS",
                          const std::string& wrapper = "timeout 20",
                          const std::function<void(const std::filesystem::path&)>& prepare = {},
                          const std::string& options = "") {
  TempDir dir;
  REQUIRE(!dir.path().empty());
  const auto path = dir.path() / (name + ".ds");
  REQUIRE(WriteFile(path, content));
  if (prepare) prepare(dir.path());
  const auto result = RunDsc("check --color=never " + options + ShellQuote(path.string()), wrapper);
  INFO("input: " << name << " (" << content.size() << " bytes)");
  INFO("exit code " << result.exit_code << " (124 = timed out); output:\n" << Head(result.output));
  CHECK(result.exit_code == 1);
  CHECK(Contains(result.output, expected));
  for (const char* crash : {"Segmentation", "terminate called", "AddressSanitizer"}) {
    CHECK_FALSE(Contains(result.output, crash));
  }
}

std::string Repeat(const std::string& unit, size_t count) {
  std::string text;
  text.reserve(unit.size() * count);
  for (size_t i = 0; i < count; ++i) text += unit;
  return text;
}

}  // namespace

TEST_SUITE("hostile") {
  TEST_CASE("an empty file") {
    // `dsc check` takes it as a module of its own with nothing in it; a fleet it is not.
    TempDir dir;
    const auto path = dir.path() / "empty.ds";
    REQUIRE(WriteFile(path, ""));
    auto check = RunDsc("check --color=never " + ShellQuote(path.string()), "timeout 20");
    CHECK_MESSAGE(check.exit_code == 0, Head(check.output));
    auto build = RunDsc("build --color=never -o " + ShellQuote((dir.path() / "out").string()) +
                            " " + ShellQuote(path.string()),
                        "timeout 20");
    CHECK(build.exit_code == 1);
    CHECK_MESSAGE(Contains(build.output, "error[DS2008]"), Head(build.output));
  }

  TEST_CASE("random binary bytes") {
    // A fixed seed: the same bytes on every run and every machine.
    std::mt19937 generator(20240611);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string bytes(4096, '\0');
    for (auto& b : bytes) b = static_cast<char>(byte(generator));
    ExpectCleanRejection("random-bytes", bytes);
  }

  TEST_CASE("invalid UTF-8") { ExpectCleanRejection("invalid-utf8", "fleet x {}\xff\xfe\n"); }

  TEST_CASE("10,000 nested lists") {
    const size_t depth = 10000;
    ExpectCleanRejection("nested-lists",
                         "fleet x { a = " + Repeat("[", depth) + Repeat("]", depth) + " }\n");
  }

  TEST_CASE("a 1 MB string on one line") {
    const std::string huge(1 << 20, 'a');
    ExpectCleanRejection("huge-string", "fleet x { namespace = \"" + huge + "\" }\n");
  }

  TEST_CASE("an unterminated string") {
    ExpectCleanRejection("unterminated-string", "fleet x {\n  namespace = \"abc\n}\n");
  }

  TEST_CASE("5,000 nested blocks") {
    const size_t depth = 5000;
    // `fleet x { a { a { ... { a = 1 } ... } } }`: `depth` braces in all.
    ExpectCleanRejection("nested-blocks",
                         "fleet x " + Repeat("{ a ", depth) + "= 1 " + Repeat("} ", depth) + "\n");
  }

  TEST_CASE("a type nested 100,000 deep") {
    // `list<list<…>>`: ANTLR's parser recursed once per `<` until the stack ran out.
    const size_t depth = 100000;
    ExpectCleanRejection(
        "nested-type",
        "kind k: infra { param p: " + Repeat("list<", depth) + "int" + Repeat(">", depth) + " }\n",
        "error[DS1006]");
  }

  // Imports of files that never end or block: refused before they are read.
  TEST_CASE("an import of a device") {
    // Outside the project (DS2021); allowed, still refused as a device.
    ExpectCleanRejection("device", "import \"/dev/zero\" as zero\nfleet x {}\n", "error[DS2021]");
    ExpectCleanRejection("device", "import \"/dev/zero\" as zero\nfleet x {}\n",
                         "is not a regular file", "timeout 20", {}, "--allow-outside-imports ");
  }

  TEST_CASE("an import of a FIFO nobody writes to") {
    ExpectCleanRejection("fifo", "import \"./pipe.ds\" as pipe\nfleet x {}\n",
                         "is not a regular file", "timeout 20",
                         [](const std::filesystem::path& dir) {
                           REQUIRE(mkfifo((dir / "pipe.ds").c_str(), 0600) == 0);
                         });
  }

  // A 4 GiB import (sparse: no disk used) under a 1 GiB address-space limit: dsc must
  // refuse it by its size, without reading it into memory.
  TEST_CASE("an import larger than the size limit is not read") {
    ExpectCleanRejection("huge-import", "import \"./huge.ds\" as huge\nfleet x {}\n",
                         "error[DS1011]: file is 4294967296 bytes",
                         "ulimit -v 1048576 && timeout 20", [](const std::filesystem::path& dir) {
                           std::ofstream(dir / "huge.ds").put('x');
                           std::filesystem::resize_file(dir / "huge.ds", 4ull << 30);
                         });
  }

  // A fleet file from someone else's branch must not make dsc read, and quote in a
  // diagnostic, a file outside the project: not by `..`, not through a link.
  TEST_CASE("imports that leave the project are not read") {
    const std::string climb = Repeat("../", 40) + "etc/passwd";
    ExpectCleanRejection("climb", "import \"" + climb + "\" as p\nfleet x {}\n",
                         "error[DS2021]: `" + climb + "` is outside the project");
    ExpectCleanRejection("link", "import \"./etc/passwd\" as p\nfleet x {}\n",
                         "leads, through a symbolic link, to `/etc/passwd`", "timeout 20",
                         [](const std::filesystem::path& dir) {
                           std::filesystem::create_directory_symlink("/etc", dir / "etc");
                         });
  }

  TEST_CASE("imports nested deeper than the limit") {
    // main.ds -> f1.ds -> f2.ds -> … -> f80.ds, over the default limit of 64.
    ExpectCleanRejection("deep-imports", "import \"./f1.ds\" as f1\nfleet x {}\n", "error[DS2019]",
                         "timeout 20", [](const std::filesystem::path& dir) {
                           for (int i = 1; i <= 80; ++i) {
                             std::ofstream(dir / ("f" + std::to_string(i) + ".ds"))
                                 << "import \"./f" << i + 1 << ".ds\" as f" << i + 1 << "\n";
                           }
                         });
  }
}
