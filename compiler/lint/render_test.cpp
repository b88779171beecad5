// The three output formats of a small run: text exactly; JSON and SARIF by
// structure (SARIF against what the 2.1.0 schema requires of each object).
#include "compiler/lint/render.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/lint/lint_fleet.h"

namespace dsc::lint {
namespace {

using Json = nlohmann::json;

struct Run {
  SourceManager sources;
  DiagnosticSink check;
  std::vector<Finding> findings;
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
    run->findings.insert(run->findings.end(), fleet.findings.begin(), fleet.findings.end());
  }
  return run;
}

bool IsLevel(const Json& level) {
  return level == "none" || level == "note" || level == "warning" || level == "error";
}

}  // namespace

TEST_CASE("lint render: text") {
  auto run = TwoFleets();
  CHECK(RenderText(run->findings, run->sources, false) ==
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
        "lint: 2 warnings\n");
  CHECK(RenderText({}, run->sources, false) == "");
}

TEST_CASE("lint render: json") {
  auto run = TwoFleets();
  Json doc = Json::parse(RenderJson(run->findings, run->check, run->sources));
  REQUIRE(doc["findings"].size() == 2);
  CHECK(doc["findings"][0]["rule"] == "DL101");
  CHECK(doc["findings"][0]["name"] == "image-latest-tag");
  CHECK(doc["findings"][0]["severity"] == "warning");
  CHECK(doc["findings"][0]["location"] ==
        Json{{"file", "ok.ds"}, {"line", 3}, {"column", 11}, {"end_line", 3}, {"end_column", 28}});
  REQUIRE(doc["diagnostics"].size() == 1);
  CHECK(doc["diagnostics"][0]["code"] == "DS3002");
  CHECK(doc["errors"] == 1);
  CHECK(doc["warnings"] == 2);
  CHECK(doc["infos"] == 0);
}

// The required properties and enumerations of the SARIF 2.1.0 schema
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) for every object dsc writes.
TEST_CASE("lint render: sarif 2.1.0") {
  auto run = TwoFleets();
  Json log = Json::parse(RenderSarif(run->findings, run->check, run->sources));
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
