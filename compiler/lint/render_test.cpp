// Lint findings in the three output formats of diag/render.h: text exactly; JSON and
// SARIF by structure (SARIF against what the 2.1.0 schema requires of each object).
#include "compiler/diag/render.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/lint/lint_fleet.h"
#include "compiler/lint/rule_list.h"

namespace dsc::lint {
namespace {

using Json = nlohmann::json;

struct Run {
  SourceManager sources;
  DiagnosticSink check;
  DiagnosticSink findings;
  // As `dsc lint --format json|sarif` shows them: why fleets did not check, then findings.
  DiagnosticSink All() const {
    DiagnosticSink all = check;
    for (const Diagnostic& d : findings.diagnostics()) all.Append(d);
    return all;
  }
};

// `ok.ds` has two findings; `bad.ds` does not type-check.
std::unique_ptr<Run> TwoFleets() {
  InMemoryFileSystem fs;
  fs.Add("ok.ds", R"(fleet ok {}
service api {
  image = "acme/api:latest"
  resources { requests { cpu = 1, memory = 1Gi }, limits { cpu = 1, memory = 1Gi } }
  health { readiness { exec = ["true"] }, liveness { exec = ["true"] } }
  env { DB_PASSWORD = "x" }
}
)");
  fs.Add("dir with space/bad.ds", "fleet bad {}\nservice api { image = 3 }\n");
  auto run = std::make_unique<Run>();
  for (const char* path : {"ok.ds", "dir with space/bad.ds"}) {
    DiagnosticSink diags;
    LintedFleet fleet = LintFleet(path, fs, run->sources, diags, ConfigText{});
    if (!fleet.checked)
      for (const Diagnostic& d : diags.diagnostics()) run->check.Append(d);
    for (const Diagnostic& d : fleet.findings) run->findings.Append(d);
  }
  return run;
}

bool IsLevel(const Json& level) {
  return level == "none" || level == "note" || level == "warning" || level == "error";
}

}  // namespace

TEST_CASE("lint render: text") {
  auto run = TwoFleets();
  CHECK(RenderText(run->findings, run->sources, {}) + RenderSummary(run->findings) ==
        "ok.ds:3:11: warning[DL101]: image `acme/api:latest` uses the `latest` tag "
        "[image-latest-tag]\n"
        " 3 |   image = \"acme/api:latest\"\n"
        "   |           ^^^^^^^^^^^^^^^^^\n"
        "  = note: `latest` moves: each pod start may pull different code\n"
        "  = help: pin a version tag, e.g. `:1.4.2`, so a redeploy runs the same code\n"
        "ok.ds:6:9: warning[DL701]: `DB_PASSWORD` looks like a secret but is written in the "
        "fleet file [secret-in-plain-env]\n"
        " 6 |   env { DB_PASSWORD = \"x\" }\n"
        "   |         ^^^^^^^^^^^\n"
        "  = note: the value ends up in the chart's values and in every rendered manifest\n"
        "  = help: read it from a Secret: `NAME = secret(\"secret-name\", \"key\")`\n"
        "2 warnings\n");
}

TEST_CASE("lint render: json") {
  auto run = TwoFleets();
  Json doc = Json::parse(RenderJson(run->All(), run->sources, true));
  // One list, one shape: the check diagnostic, then the findings, each with a code.
  REQUIRE(doc["diagnostics"].size() == 3);
  CHECK(doc["diagnostics"][0]["code"] == "DS3002");
  CHECK_FALSE(doc["diagnostics"][0].contains("name"));
  const Json& finding = doc["diagnostics"][1];
  CHECK(finding["code"] == "DL101");
  CHECK(finding["name"] == "image-latest-tag");
  CHECK(finding["severity"] == "warning");
  CHECK(finding["notes"] == Json{"`latest` moves: each pod start may pull different code"});
  CHECK(finding["help"] == "pin a version tag, e.g. `:1.4.2`, so a redeploy runs the same code");
  // Offsets and lengths, as `dsc check` gives them (they were missing from lint's own JSON).
  CHECK(finding["location"] == Json{{"file", "ok.ds"},
                                    {"line", 3},
                                    {"column", 11},
                                    {"end_line", 3},
                                    {"end_column", 28},
                                    {"offset", 36},
                                    {"length", 17}});
  CHECK(doc["errors"] == 1);
  CHECK(doc["warnings"] == 2);
  CHECK(doc["infos"] == 0);
}

// A control character in a source line reaches the terminal as U+FFFD, in lint's text as
// in check's (lint's own renderer once escaped it as `\x1b`, and its carets drifted).
TEST_CASE("lint render: control characters in the source line are not sent to the terminal") {
  InMemoryFileSystem fs;
  fs.Add("esc.ds",
         "fleet f {}\nservice api {\n  image = \"acme/api:latest\" // \x1b[2J\x07\n"
         "  resources { requests { cpu = 1, memory = 1Gi }, limits { cpu = 1, memory = "
         "1Gi } }\n  health { readiness { exec = [\"true\"] }, liveness { exec = "
         "[\"true\"] } }\n}\n");
  SourceManager sources;
  DiagnosticSink diags, findings;
  LintedFleet fleet = LintFleet("esc.ds", fs, sources, diags, ConfigText{});
  REQUIRE(fleet.checked);
  for (const Diagnostic& d : fleet.findings) findings.Append(d);
  std::string text = RenderText(findings, sources, {});
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find(" 3 |   image = \"acme/api:latest\" // \xEF\xBF\xBD[2J\xEF\xBF\xBD\n") !=
        std::string::npos);
}

// The required properties and enumerations of the SARIF 2.1.0 schema
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) for every object dsc writes.
TEST_CASE("lint render: sarif 2.1.0") {
  auto run = TwoFleets();
  Json log = Json::parse(RenderSarif(run->All(), run->sources));
  // sarifLog: required version (enum 2.1.0) and runs.
  CHECK(log["version"] == "2.1.0");
  CHECK(log["$schema"].is_string());
  REQUIRE(log["runs"].is_array());
  REQUIRE(log["runs"].size() == 1);
  const Json& r = log["runs"][0];
  // run: required tool; tool: required driver; toolComponent: required name.
  const Json& driver = r["tool"]["driver"];
  CHECK(driver["name"] == "dsc");
  CHECK_FALSE(driver.contains("informationUri"));  // optional; no invented URL
  CHECK(r["columnKind"] == "unicodeCodePoints");
  // reportingDescriptor: required id; messages (multiformatMessageString) need text.
  const Json& rules = driver["rules"];
  REQUIRE(rules.size() == AllRules().size() + 1);  // and the one DS code
  for (const Json& rule : rules) {
    CAPTURE(rule.dump());
    CHECK(rule["id"].is_string());
    CHECK(rule["shortDescription"]["text"].is_string());
    CHECK(rule["help"]["text"].is_string());
    CHECK(IsLevel(rule["defaultConfiguration"]["level"]));
  }
  CHECK(rules[2]["id"] == "DL103");
  CHECK(rules[2]["defaultConfiguration"]["enabled"] == false);
  // result: required message (with text); ruleIndex must point at its ruleId.
  const Json& results = r["results"];
  REQUIRE(results.size() == 3);
  for (const Json& result : results) {
    CAPTURE(result.dump());
    CHECK(result["message"]["text"].is_string());
    CHECK(IsLevel(result["level"]));
    CHECK(rules[result["ruleIndex"].get<size_t>()]["id"] == result["ruleId"]);
    const Json& location = result["locations"][0]["physicalLocation"];
    CHECK(location["artifactLocation"]["uri"].is_string());
    CHECK(location["region"]["startLine"].get<int>() >= 1);
    CHECK(location["region"]["startColumn"].get<int>() >= 1);
  }
  CHECK(results[0]["ruleId"] == "DS3002");
  CHECK(results[0]["level"] == "error");
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "dir%20with%20space/bad.ds");
  CHECK(results[1]["ruleId"] == "DL101");
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"] ==
        Json{{"startLine", 3}, {"startColumn", 11}, {"endLine", 3}, {"endColumn", 28}});
}

TEST_CASE("lint render: rule list") {
  std::string text = RenderRuleList(false);
  CHECK(text.starts_with("CODE   DEFAULT  NAME"));
  CHECK(text.find("DL103  off      image-not-pinned") != std::string::npos);
  Json doc = Json::parse(RenderRuleList(true));
  CHECK(doc["rules"].size() == AllRules().size());
}

}  // namespace dsc::lint
