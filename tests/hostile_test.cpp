// hostile_test.cpp: input a fuzzer would find, given to the real binary. Each must be
// rejected cleanly -- exit code exactly 1 and an `error[DS....]` diagnostic -- within
// 20 s, never with a crash, an uncaught exception or a sanitizer report.
#include <doctest/doctest.h>

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

void ExpectCleanRejection(const std::string& name, const std::string& content) {
  TempDir dir;
  REQUIRE(!dir.path().empty());
  const auto path = dir.path() / (name + ".ds");
  REQUIRE(WriteFile(path, content));
  const auto result = RunDsc("check --color=never " + ShellQuote(path.string()), "timeout 20");
  INFO("input: " << name << " (" << content.size() << " bytes)");
  INFO("exit code " << result.exit_code << " (124 = timed out); output:\n" << Head(result.output));
  CHECK(result.exit_code == 1);
  CHECK(Contains(result.output, "error[DS"));
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
  TEST_CASE("an empty file") { ExpectCleanRejection("empty", ""); }

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
}
