#include "compiler/syntax/fast_lexer.h"

#include <doctest/doctest.h>

#include <random>

#include "tests/repository_fleet_files.h"

namespace dsc {
namespace {

TEST_CASE("FastLexer: DsLexer's tokens on every fleet file in the repository") {
  auto files = testing::RepositoryFleetFiles();
  CHECK(files.size() > 100);
  for (const auto& [path, text] : files) {
    INFO(path);
    CHECK(LexedLikeDsLexer(text) == "");
  }
}

TEST_CASE("FastLexer: DsLexer's tokens on the edges of each token") {
  const char* cases[] = {
      "",          " ",          "\n",         "\r\n x",       "\t\ty",    "a-b-",       "a--1",
      "-",         "-1",         "--1",        "1-",           "1-2",      "1.",         "1.x",
      "1.2.3",     "1.5Gi",      "1e.5",       "0.5",          "-0.5m",    ".5",         "5_a",
      "a_5",       "_",          "__x",        "fleet",        "fleets",   "fleet-x",    "importas",
      "as",        "true1",      "TRUE",       "\"\"",         "\"a\"",    "\"a",        "\"a\\",
      "\"a\\\"",   "\"a\\\"\"",  "\"a\\\nb\"", "\"a\nb\"",     "\"a\rb\"", "\"\\\\\"",   "\"${x}\"",
      "\"é\"",     "//",         "// c\nx",    "//c\r\nx",     "/",        "/ /",        "a/b",
      "x // é \"", "é",          "\xff",       "{}[]()<>=:,.", "a.b.c",    "x=1,y=2",    "#",
      "@",         "$",          "a\x01",      "\"a\x01\"",    "1.2.",     "a\r\r\nb",   "1h30m",
      "1h30",      "1h30.",      "1h30.5s",    "1h.5",         "-1h30m",   "2d12h30m5s", "1h30m.x",
      "1h-30m",    "1m30s500ms", "1h30m,2d",
  };
  for (const char* text : cases) {
    INFO("text: " << std::string(text));
    CHECK(LexedLikeDsLexer(text) == "");
  }
}

// Random texts from fragments that sit on the edges of the grammar's tokens, with a
// fixed seed: the same every run (tests/fuzz/fuzz_lexer.cpp explores further).
TEST_CASE("FastLexer: DsLexer's tokens on 20,000 random texts") {
  const char* fragments[] = {" ",      "\n", "\r",   "\t",   "a",  "Z",     "_",       "-",
                             "0",      "9",  ".",    "\"",   "\\", "/",     "//",      "{",
                             "}",      "[",  "]",    "(",    ")",  "<",     ">",       "=",
                             ":",      ",",  "é",    "\xff", "#",  "fleet", "service", "infra",
                             "import", "as", "true", "Mi",   "${", "x"};
  std::mt19937 random(17);
  std::uniform_int_distribution<size_t> pick(0, std::size(fragments) - 1);
  std::uniform_int_distribution<int> length(0, 24);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(random); n > 0; --n) text += fragments[pick(random)];
    std::string difference = LexedLikeDsLexer(text);
    INFO("text: " << text);
    REQUIRE(difference == "");
  }
}

}  // namespace
}  // namespace dsc
