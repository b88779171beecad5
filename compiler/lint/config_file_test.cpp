#include "compiler/lint/config_file.h"

#include <doctest/doctest.h>

namespace dsc::lint {

TEST_CASE("lint config: codes and names, every severity") {
  RuleSeverities s;
  CHECK(ApplyConfigFile("rules:\n  DL101: error\n  image-untagged: off\n  DL103: info\n"
                        "  DL202: warning\n",
                        "c.yaml", &s) == "");
  CHECK(s.Get(RuleId::kImageLatestTag) == LintSeverity::kError);
  CHECK(s.Get(RuleId::kImageUntagged) == LintSeverity::kOff);
  CHECK(s.Get(RuleId::kImageNotPinned) == LintSeverity::kInfo);
  CHECK(s.Get(RuleId::kMissingRequests) == LintSeverity::kWarning);
  CHECK(s.Get(RuleId::kMissingLimits) == LintSeverity::kWarning);  // untouched default
}

TEST_CASE("lint config: an empty file or empty rules change nothing") {
  RuleSeverities s;
  CHECK(ApplyConfigFile("", "c.yaml", &s) == "");
  CHECK(ApplyConfigFile("# nothing\n", "c.yaml", &s) == "");
  CHECK(ApplyConfigFile("rules:\n", "c.yaml", &s) == "");
  CHECK(s.Get(RuleId::kImageNotPinned) == LintSeverity::kOff);
}

TEST_CASE("lint config: errors name the place and leave the severities alone") {
  RuleSeverities s;
  CHECK(ApplyConfigFile("rules:\n  DL101: error\n  DL999: off\n", "c.yaml", &s) ==
        "c.yaml:3:3: unknown rule `DL999`; `dsc lint --list-rules` lists them");
  CHECK(s.Get(RuleId::kImageLatestTag) == LintSeverity::kWarning);
  CHECK(ApplyConfigFile("rules:\n  DL101: fatal\n", "c.yaml", &s) ==
        "c.yaml:2:10: `fatal` is not a severity; expected error, warning, info or off");
  CHECK(ApplyConfigFile("rules:\n  DL101:\n", "c.yaml", &s).starts_with("c.yaml:"));
  CHECK(ApplyConfigFile("rules:\n  DL101: [error]\n", "c.yaml", &s).starts_with("c.yaml:2:"));
  CHECK(ApplyConfigFile("rule:\n  DL101: off\n", "c.yaml", &s) ==
        "c.yaml:1:1: unknown key `rule`; expected `rules`");
  CHECK(ApplyConfigFile("- DL101\n", "c.yaml", &s) ==
        "c.yaml:1:1: expected a map with the key `rules`");
  CHECK(ApplyConfigFile("rules: [DL101\n", "c.yaml", &s).starts_with("c.yaml:2:1: not valid YAML"));
  CHECK(ApplyConfigFile("rules: [DL101]\n", "c.yaml", &s) ==
        "c.yaml:1:8: `rules` must map rule codes to severities, e.g. `DL101: off`");
}

}  // namespace dsc::lint
