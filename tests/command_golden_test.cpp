// command_golden_test.cpp: golden tests of whole command lines (lint, diff, graph,
// route explain, completion…).
//
// Each case is tests/golden/commands/NAME.cmd: one line, the arguments after `dsc`,
// split as a shell splits words ('…' and "…" quote, nothing is expanded), run from the
// source directory with NO_COLOR=1. NAME.expected beside it holds `exit: N` on its first
// line, then the exact combined stdout+stderr. DSC_UPDATE_GOLDEN=1 rewrites the expected
// files instead; review the diff before committing it.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "golden_file.h"
#include "run_command.h"

namespace {

namespace fs = std::filesystem;
using dsc::testing::CheckGolden;
using dsc::testing::Contains;
using dsc::testing::Head;
using dsc::testing::kDscBinary;
using dsc::testing::kSourceDir;
using dsc::testing::ReadFile;
using dsc::testing::ReportRewritten;
using dsc::testing::RunCommand;
using dsc::testing::RunDsc;
using dsc::testing::ShellQuote;

constexpr char kCommandsDir[] = "tests/golden/commands";

// Words of `line` as sh splits them, without expansion; nullopt on an unclosed quote.
std::optional<std::vector<std::string>> SplitWords(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else if (c == '\'' || c == '"') {
      size_t close = line.find(c, i + 1);
      if (close == std::string::npos) return std::nullopt;
      word += line.substr(i + 1, close - i - 1);
      i = close;
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

std::vector<std::string> FindCommandCases() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(kSourceDir) / kCommandsDir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".cmd")
      names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_SUITE("commands") {
  TEST_CASE("shell words: quoting as sh does it, nothing expanded") {
    CHECK(*SplitWords("lint  a.ds --format json") ==
          std::vector<std::string>{"lint", "a.ds", "--format", "json"});
    CHECK(*SplitWords("route explain -H 'x-devstack-label: alice' f.ds") ==
          std::vector<std::string>{"route", "explain", "-H", "x-devstack-label: alice", "f.ds"});
    CHECK(*SplitWords("a\"b c\"d '$HOME'") == std::vector<std::string>{"ab cd", "$HOME"});
    CHECK(*SplitWords("x '' y") == std::vector<std::string>{"x", "", "y"});
    CHECK_FALSE(SplitWords("broken 'quote"));
  }

  TEST_CASE("command goldens: each .cmd's output matches its .expected file") {
    const auto names = FindCommandCases();
    REQUIRE_MESSAGE(!names.empty(), "no .cmd cases in " << kCommandsDir);
    std::vector<std::string> rewritten;
    for (const std::string& name : names) {
      const std::string base = std::string(kCommandsDir) + "/" + name;
      INFO("case: " << base << ".cmd");
      const std::string line = ReadFile(fs::path(kSourceDir) / (base + ".cmd"));
      auto words = SplitWords(line.substr(0, line.find('\n')));
      REQUIRE_MESSAGE(words, base << ".cmd: unclosed quote");
      std::string args;
      for (const std::string& word : *words) args += " " + ShellQuote(word);
      const auto result = RunDsc(args);
      CheckGolden(base + ".expected",
                  "exit: " + std::to_string(result.exit_code) + "\n" + result.output, &rewritten);
    }
    ReportRewritten(rewritten, names.size());
  }

  // Not a golden: whether Graphviz is installed differs between machines.
  TEST_CASE("graph --render svg without Graphviz's dot on PATH says how to get it") {
    const auto result =
        RunCommand("cd " + ShellQuote(kSourceDir) + " && PATH=/nonexistent " +
                   ShellQuote(kDscBinary) + " graph --render svg examples/crud/crud.ds");
    CHECK(result.exit_code == 1);
    CHECK_MESSAGE(Contains(result.output, "needs Graphviz's `dot` on PATH"), Head(result.output));
    CHECK(Contains(result.output, "dsc graph --format dot FILE"));
  }
}
