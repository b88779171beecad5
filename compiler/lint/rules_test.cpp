#include "compiler/lint/rules.h"

#include <doctest/doctest.h>

#include <cctype>
#include <set>
#include <string>

namespace dsc::lint {

TEST_CASE("lint rules: codes DLnnn and kebab-case names, unique, with a summary and help") {
  std::set<std::string_view> codes, names;
  for (const RuleInfo& rule : AllRules()) {
    CAPTURE(rule.code);
    REQUIRE(rule.code.size() == 5);
    CHECK(rule.code.substr(0, 2) == "DL");
    for (char c : rule.code.substr(2)) CHECK(std::isdigit(static_cast<unsigned char>(c)));
    for (char c : rule.name) CHECK((std::islower(static_cast<unsigned char>(c)) || c == '-'));
    CHECK(codes.insert(rule.code).second);
    CHECK(names.insert(rule.name).second);
    CHECK_FALSE(rule.summary.empty());
    CHECK_FALSE(rule.help.empty());
    // Message style, as for diagnostics: lowercase start, no trailing period.
    CHECK(std::islower(static_cast<unsigned char>(rule.summary[0])));
    CHECK(rule.summary.back() != '.');
    CHECK(&InfoFor(rule.id) == &rule);
  }
}

TEST_CASE("lint rules: found by code or by name") {
  CHECK(FindRule("DL101")->id == RuleId::kImageLatestTag);
  CHECK(FindRule("image-latest-tag")->id == RuleId::kImageLatestTag);
  CHECK(FindRule("dl101") == nullptr);
  CHECK(FindRule("") == nullptr);
}

TEST_CASE("lint rules: severities round-trip") {
  for (auto s :
       {LintSeverity::kOff, LintSeverity::kInfo, LintSeverity::kWarning, LintSeverity::kError}) {
    CHECK(ParseSeverity(SeverityName(s)) == s);
  }
  CHECK_FALSE(ParseSeverity("warn").has_value());
  CHECK_FALSE(ParseSeverity("Error").has_value());
}

}  // namespace dsc::lint
