// golden_test.cpp: diagnostics golden tests, and the catalogue coverage test.
//
// Each case under tests/golden/diagnostics/ is either
//   NAME.ds         with NAME.expected beside it, or
//   NAME/main.ds    (plus the files it imports) with NAME/expected,
// and is run from the source directory as
//   dsc check [ARGS] --color=never tests/golden/diagnostics/NAME.ds      (or NAME/main.ds)
// with NO_COLOR=1. ARGS come from an optional first line `// args: --deny-warnings`;
// when ARGS start with `build`, the case runs `dsc build ARGS…` instead of `dsc check`.
// The expected file is `exit: N` on its first line, then the exact combined
// stdout+stderr. With DSC_UPDATE_GOLDEN=1 the expected files are rewritten instead;
// review the diff before committing it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "golden_file.h"
#include "run_command.h"

namespace {

namespace fs = std::filesystem;
using dsc::testing::CheckGolden;
using dsc::testing::CommandResult;
using dsc::testing::kSourceDir;
using dsc::testing::ReadFile;
using dsc::testing::ReportRewritten;
using dsc::testing::RunDsc;
using dsc::testing::ShellQuote;
using dsc::testing::SplitLines;

constexpr char kGoldenDir[] = "tests/golden/diagnostics";
constexpr char kArgsPrefix[] = "// args:";

struct GoldenCase {
  std::string input;     // relative to the source dir, as passed to dsc
  std::string expected;  // relative to the source dir
};

fs::path FromSource(const std::string& relative) { return fs::path(kSourceDir) / relative; }

// Every case, sorted by path so runs and failure lists are stable.
std::vector<GoldenCase> FindCases() {
  std::vector<GoldenCase> cases;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(FromSource(kGoldenDir), ec)) {
    const std::string name = entry.path().filename().string();
    const std::string base = std::string(kGoldenDir) + "/" + name;
    if (entry.is_directory() && fs::exists(entry.path() / "main.ds")) {
      cases.push_back({base + "/main.ds", base + "/expected"});
    } else if (entry.is_regular_file() && entry.path().extension() == ".ds") {
      const std::string stem = entry.path().stem().string();
      cases.push_back({base, std::string(kGoldenDir) + "/" + stem + ".expected"});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const GoldenCase& a, const GoldenCase& b) { return a.input < b.input; });
  return cases;
}

// The extra `dsc check` arguments of a case: its first line `// args: ...`, if any.
std::string ExtraArgs(const std::string& source) {
  const std::string first_line = source.substr(0, source.find('\n'));
  if (first_line.rfind(kArgsPrefix, 0) != 0) return "";
  const std::string args = first_line.substr(std::string(kArgsPrefix).size());
  const size_t begin = args.find_first_not_of(" \t");
  const size_t end = args.find_last_not_of(" \t\r");
  return begin == std::string::npos ? "" : args.substr(begin, end - begin + 1);
}

std::string RunCase(const GoldenCase& golden_case) {
  const std::string extra = ExtraArgs(ReadFile(FromSource(golden_case.input)));
  // A case for `dsc build` names the command (and its `-o`) itself. An output directory
  // under build/ goes first: a rebuild over the last run's output would say "up to date"
  // instead. (Other `-o` paths are the cases' deliberate obstacles: README.md, /dev/null.)
  const bool build = extra.rfind("build", 0) == 0;
  if (size_t o = extra.find(" -o build/"); build && o != std::string::npos) {
    std::string dir = extra.substr(o + 4);
    std::error_code ignored;
    std::filesystem::remove_all(FromSource(dir.substr(0, dir.find(' '))), ignored);
  }
  std::string args = build ? "" : "check ";
  if (!extra.empty()) args += extra + " ";
  args += "--color=never " + ShellQuote(golden_case.input);
  const CommandResult result = RunDsc(args);
  return "exit: " + std::to_string(result.exit_code) + "\n" + result.output;
}

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : " ") + item;
  return joined;
}

// Every `"DSxxxx"` code in the diagnostics registry, in registry order.
std::vector<std::string> CatalogueCodes() {
  const std::string def = ReadFile(FromSource("compiler/diag/diagnostic_kinds.def"));
  const std::regex code_re("\"(DS[0-9]{4})\"");
  std::vector<std::string> codes;
  for (std::sregex_iterator it(def.begin(), def.end(), code_re), end; it != end; ++it) {
    codes.push_back((*it)[1]);
  }
  return codes;
}

// Codes that appear in any golden expected file, as `[DSxxxx]` (text) or
// `"code": "DSxxxx"` (JSON): `dsc check`'s goldens, and the other commands' for the
// codes only they report (DS1012, a wrong lint config file).
std::set<std::string> CodesInGoldens() {
  const std::regex text_re("\\[(DS[0-9]{4})\\]");
  const std::regex json_re("\"code\"\\s*:\\s*\"(DS[0-9]{4})\"");
  std::set<std::string> codes;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(FromSource("tests/golden"), ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file()) continue;
    if (name != "expected" && entry.path().extension() != ".expected") continue;
    const std::string text = ReadFile(entry.path());
    for (const auto* re : {&text_re, &json_re}) {
      for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it) {
        codes.insert((*it)[1]);
      }
    }
  }
  return codes;
}

// Codes with a `## DSxxxx` section heading in docs/diagnostics.md.
std::set<std::string> CodesInDocs() {
  const std::regex heading_re("^##\\s+(DS[0-9]{4})\\b.*");
  std::set<std::string> codes;
  std::smatch match;
  for (const auto& line : SplitLines(ReadFile(FromSource("docs/diagnostics.md")))) {
    if (std::regex_match(line, match, heading_re)) codes.insert(match[1]);
  }
  return codes;
}

}  // namespace

TEST_SUITE("golden") {
  TEST_CASE("diagnostics goldens: dsc check output matches each .expected file") {
    const auto cases = FindCases();
    REQUIRE_MESSAGE(!cases.empty(), "no golden cases found in " << kGoldenDir);
    std::vector<std::string> rewritten;
    for (const auto& golden_case : cases) {
      INFO("case: " << golden_case.input);
      CheckGolden(golden_case.expected, RunCase(golden_case), &rewritten);
    }
    ReportRewritten(rewritten, cases.size());
  }
}

TEST_SUITE("coverage") {
  TEST_CASE("every diagnostic code has a golden case and a docs/diagnostics.md section") {
    const auto codes = CatalogueCodes();
    REQUIRE_MESSAGE(!codes.empty(), "no codes found in compiler/diag/diagnostic_kinds.def");
    const auto in_goldens = CodesInGoldens();
    const auto in_docs = CodesInDocs();
    std::vector<std::string> no_golden;
    std::vector<std::string> no_docs;
    for (const auto& code : codes) {
      if (!in_goldens.count(code)) no_golden.push_back(code);
      if (!in_docs.count(code)) no_docs.push_back(code);
    }
    CHECK_MESSAGE(no_golden.empty(),
                  "codes no golden in tests/golden produces: " << Join(no_golden));
    CHECK_MESSAGE(no_docs.empty(),
                  "codes without a `## CODE` section in docs/diagnostics.md: " << Join(no_docs));
  }
}
