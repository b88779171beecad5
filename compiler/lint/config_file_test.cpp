#include "compiler/lint/config_file.h"

#include <doctest/doctest.h>

namespace dsc::lint {
namespace {

// Applies `text` as `c.yaml`; "" when it applied, else "line:col-end_col message".
std::string Apply(const std::string& text, RuleSeverities& severities) {
  SourceManager sources;
  DiagnosticSink diags;
  const SourceFile& file = sources.Add("c.yaml", text);
  bool ok = ApplyConfigFile(file, &severities, diags);
  if (ok) return diags.diagnostics().empty() ? "" : "reported but applied";
  if (diags.diagnostics().size() != 1) return "not one diagnostic";
  const Diagnostic& d = diags.diagnostics()[0];
  if (InfoFor(d.kind).code != "DS1012") return "not DS1012";
  LineCol begin = file.LineColAt(d.span.begin), end = file.LineColAt(d.span.end);
  return fmt::format("{}:{}-{} {}", begin.line, begin.column, end.column, d.message);
}

}  // namespace

TEST_CASE("lint config: codes and names, every severity") {
  RuleSeverities s;
  CHECK(Apply("rules:\n  DL101: error\n  image-untagged: off\n  DL103: info\n"
              "  DL202: warning\n",
              s) == "");
  CHECK(s.Get(RuleId::kImageLatestTag) == LintSeverity::kError);
  CHECK(s.Get(RuleId::kImageUntagged) == LintSeverity::kOff);
  CHECK(s.Get(RuleId::kImageNotPinned) == LintSeverity::kInfo);
  CHECK(s.Get(RuleId::kMissingRequests) == LintSeverity::kWarning);
  CHECK(s.Get(RuleId::kMissingLimits) == LintSeverity::kWarning);  // untouched default
}

TEST_CASE("lint config: an empty file or empty rules change nothing") {
  RuleSeverities s;
  CHECK(Apply("", s) == "");
  CHECK(Apply("# nothing\n", s) == "");
  CHECK(Apply("rules:\n", s) == "");
  CHECK(s.Get(RuleId::kImageNotPinned) == LintSeverity::kOff);
}

TEST_CASE("lint config: errors point at the place and leave the severities alone") {
  RuleSeverities s;
  CHECK(Apply("rules:\n  DL101: error\n  DL999: off\n", s) == "3:3-8 unknown rule `DL999`");
  CHECK(s.Get(RuleId::kImageLatestTag) == LintSeverity::kWarning);
  CHECK(Apply("rules:\n  DL101: fatal\n", s) == "2:10-15 `fatal` is not a severity");
  CHECK(Apply("rules:\n  DL101:\n", s) == "2:3-8 rule `DL101` has no severity");
  CHECK(Apply("rules:\n  DL101: [error]\n", s).starts_with("2:10-10 `?` is not a severity"));
  CHECK(Apply("rule:\n  DL101: off\n", s) == "1:1-5 unknown key `rule`");
  CHECK(Apply("- DL101\n", s) == "1:1-1 expected a map with the key `rules`");
  CHECK(Apply("rules: [DL101\n", s).starts_with("2:1-1 not valid YAML"));
  CHECK(Apply("rules: [DL101]\n", s) == "1:8-8 `rules` must map rule codes to severities");
}

}  // namespace dsc::lint
